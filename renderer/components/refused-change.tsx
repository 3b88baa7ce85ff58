import { useTranslation } from 'react-i18next';
import { useDoctor } from '../store/store-context';
import { Icon } from './icon';

/** Says why the last change to an earlier step was not made (a repair runs, or the user kept it). */
export function RefusedChange() {
  const { t } = useTranslation();
  const refused = useDoctor((s) => s.refusedChange);
  if (!refused) return null;
  return (
    <p className="notice notice-warning" role="status" aria-label={t('session.refusedLabel')}>
      <Icon name="warning" /> {t(`session.refused.${refused}`)}
    </p>
  );
}
