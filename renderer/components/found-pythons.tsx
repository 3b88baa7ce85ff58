import { useTranslation } from 'react-i18next';
import { useDoctor } from '../store/store-context';

/** A short line on the first screen: the Pythons found on this computer, so the user sees at once we know them. */
export function FoundPythons() {
  const { t } = useTranslation();
  const environments = useDoctor((s) => s.environments);
  if (environments.status !== 'ready') return <p className="muted" role="status">{t('found.looking')}</p>;
  const usable = environments.value.filter((e) => e.status !== 'failed');
  return (
    <details className="found-pythons">
      <summary>{usable.length === 0 ? t('found.none') : t('found.some', { count: usable.length })}</summary>
      <ul aria-label={t('found.listLabel')}>
        {usable.map((e) => (
          <li key={e.python}>
            {e.label} <span className="muted">{e.architecture ?? ''} · {e.python}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
