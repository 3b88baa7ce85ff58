import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostFacts } from '../../app/host-facts/types';
import { formatSize } from '../i18n/format';
import { useEngineText } from '../i18n/engine-text';
import { hostFactLines } from '../wizard/host-fact-lines';

/** The machine's facts a diagnosis read (Windows edition, Media Foundation, runtime, CPU, commit, NVIDIA), each with its source or why it is not known. */
export function HostFactsPanel({ host }: { readonly host: HostFacts }) {
  const { t, i18n } = useTranslation();
  const { said } = useEngineText();
  const lines = hostFactLines(host, (bytes) => formatSize(bytes, i18n.language));
  // yes / no / unknown answers (AVX, AVX2, AVX-512) in the page's language.
  const answers = (values: Readonly<Record<string, string | number>>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === 'yes' || v === 'no' || v === 'unknown' ? t(`hostFacts.answer.${v}`) : v]));
  return (
    <details className="checks host-facts">
      <summary>{t('hostFacts.title')}</summary>
      <p className="muted">{t('hostFacts.lead')}</p>
      <dl>
        {lines.map((line) => (
          <Fragment key={line.name}>
            <dt>{t(`hostFacts.fact.${line.name}`)}</dt>
            <dd>
              {line.status === 'known' ? (
                <>
                  {t(line.key, answers(line.values))} <span className="muted">({t('hostFacts.source', { source: said(line, 'source') })})</span>
                </>
              ) : (
                <span className="muted">{t('hostFacts.notChecked', { why: said(line, 'why'), how: said(line, 'howToCheck') })}</span>
              )}
            </dd>
          </Fragment>
        ))}
      </dl>
    </details>
  );
}
