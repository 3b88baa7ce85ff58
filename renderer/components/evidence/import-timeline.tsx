import { useTranslation } from 'react-i18next';
import type { Evidence } from '../../../app/diagnosis/types';
import { CopyablePath } from '../path-text';

type Timeline = Extract<Evidence, { kind: 'import-timeline' }>;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/**
 * The program's imports as a timeline: each import, whether it worked, what it loaded; the copy of
 * the conflicting library an earlier import brought in is marked where it was loaded and where it
 * was used.
 */
export function ImportTimeline({ item }: { readonly item: Timeline }) {
  const { t } = useTranslation();
  const conflict = item.conflict;
  const last = item.steps.length - 1;
  return (
    <ol className="import-timeline" aria-label={t('timeline.label')}>
      {item.steps.map((step, i) => (
        <li key={`${i}:${step.module}`} className={step.ok ? 'timeline-ok' : 'timeline-fails'}>
          <p>
            <span className={`badge ${step.ok ? 'badge-ok' : 'badge-problem'}`}>{step.ok ? t('timeline.ok') : t('timeline.fails')}</span>{' '}
            <code>import {step.module}</code>
          </p>
          {step.loaded.length > 0 && (
            <ul className="timeline-loaded">
              {step.loaded.map((lib) => (
                <li key={lib.path} className={conflict && conflict.step === i && lib.path === conflict.earlierCopy ? 'search-hit' : undefined}>
                  {t('timeline.loaded')} <CopyablePath path={lib.path} />
                  {lib.package && <span className="muted"> {t('timeline.from', { package: lib.package })}</span>}
                </li>
              ))}
              {step.more > 0 && <li className="muted">{t('timeline.more', { count: step.more })}</li>}
            </ul>
          )}
          {step.events.length > 0 && (
            <ul className="muted">
              {step.events.map((e) => <li key={e}><code>{e}</code></li>)}
            </ul>
          )}
          {conflict && i === last && !step.ok && (
            <p className="timeline-conflict">
              {t('timeline.needed', { library: conflict.library, step: conflict.step + 1, file: fileName(conflict.earlierCopy) })}{' '}
              {conflict.missing.length > 0 && <>{t('timeline.lacks')} {conflict.missing.slice(0, 8).map((m) => <code key={m}>{m} </code>)}</>}
              <br />
              {t('timeline.own')} <CopyablePath path={conflict.ownCopy} />
            </p>
          )}
          {!step.ok && step.message && <p className="muted">{step.message}</p>}
        </li>
      ))}
    </ol>
  );
}
