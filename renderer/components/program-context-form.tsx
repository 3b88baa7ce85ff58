import { useTranslation } from 'react-i18next';
import type { Diagnosis } from '../../app/diagnosis/types';
import { invalidModules } from '../store/context-slice';
import { useDoctor } from '../store/store-context';

/**
 * "What does your program import first?": the modules (or the program file, offered from the
 * traceback) replayed before the module, then the diagnosis runs again in that context.
 */
export function ProgramContextForm({ diagnosis, onRerun }: { readonly diagnosis: Diagnosis; readonly onRerun: () => void }) {
  const { t } = useTranslation();
  const context = useDoctor((s) => s.programContext);
  const setContext = useDoctor((s) => s.setProgramContext);
  const offered = useDoctor((s) => (s.symptom.kind === 'error' ? (s.symptom.parsed.program?.file ?? null) : null));
  if (diagnosis.target.kind === 'environment') return null;
  const invalid = invalidModules(context);
  return (
    <details className="program-context" open={diagnosis.causes.some((c) => c.kind === 'context-dependent')}>
      <summary>{t('programContext.title')}</summary>
      <p className="muted">{t('programContext.why')}</p>
      <label>
        {t('programContext.after')}
        <input type="text" value={context.after} placeholder={t('programContext.example')} onChange={(e) => setContext({ after: e.target.value })} aria-invalid={invalid.length > 0} />
      </label>
      {invalid.length > 0 && <p role="alert">{t('programContext.invalid', { names: invalid.join(', ') })}</p>}
      <label>
        {t('programContext.program')}
        <input type="text" value={context.program} onChange={(e) => setContext({ program: e.target.value })} />
      </label>
      {offered && context.program === '' && (
        <button type="button" className="link" onClick={() => setContext({ program: offered })}>{t('programContext.useOffered', { file: offered })}</button>
      )}
      <p>
        <button type="button" disabled={invalid.length > 0 || (context.after.trim() === '' && context.program.trim() === '')} onClick={onRerun}>{t('programContext.rerun')}</button>
      </p>
    </details>
  );
}
