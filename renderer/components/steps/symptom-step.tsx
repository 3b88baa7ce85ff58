import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedError } from '../../../app/diagnosis/types';
import { useDoctor } from '../../store/store-context';
import { formatSize } from '../../i18n/format';
import { MAX_ERROR_CHARS, readLogTail } from '../../wizard/log-tail';
import { FoundPythons } from '../found-pythons';
import { Icon } from '../icon';
import { StepFooter } from '../step-footer';

/** Step 1: paste the error (or drop a log file of any size), or check every environment. */
export function SymptomStep() {
  const { t, i18n } = useTranslation();
  const errorText = useDoctor((s) => s.errorText);
  const cutFrom = useDoctor((s) => s.errorTextCutFrom);
  const recognition = useDoctor((s) => s.recognition);
  const setErrorText = useDoctor((s) => s.setErrorText);
  const takeError = useDoctor((s) => s.useError);
  const checkAll = useDoctor((s) => s.checkAllEnvironments);
  const goTo = useDoctor((s) => s.goTo);
  const textId = useId();
  const fileId = useId();
  const hintId = useId();

  const readFile = async (file: File | undefined) => {
    if (file) await setErrorText(await readLogTail(file));
  };
  const ready = recognition.status === 'read' && recognition.parsed.recognized;
  const hint = ready
    ? null
    : recognition.status === 'empty'
      ? t('symptom.nextNeedsError')
      : recognition.status === 'reading'
        ? t('symptom.nextWaitsForReading')
        : t('symptom.nextNeedsKnownError');

  return (
    <section aria-labelledby="symptom-title" className="screen">
      <h2 id="symptom-title">{t('symptom.title')}</h2>
      <p className="lead">{t('symptom.lead')}</p>
      <FoundPythons />
      <label htmlFor={textId}>{t('symptom.errorLabel')}</label>
      <textarea
        id={textId}
        value={errorText}
        spellCheck={false}
        placeholder={t('symptom.placeholder')}
        onChange={(event) => void setErrorText(event.target.value)}
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          void readFile(event.dataTransfer.files[0]);
        }}
      />
      <p className="muted">
        <label htmlFor={fileId} className="inline-label">{t('symptom.openFile')}</label>{' '}
        <input id={fileId} type="file" accept=".txt,.log,text/plain" onChange={(event) => void readFile(event.target.files?.[0])} />
      </p>
      <div aria-live="polite">
        {cutFrom !== null && (
          <p className="notice" role="status" aria-label={t('symptom.cutLabel')}>
            <Icon name="info" /> {t('symptom.cut', { total: formatSize(cutFrom, i18n.language), kept: formatSize(MAX_ERROR_CHARS, i18n.language) })}
          </p>
        )}
        {recognition.status === 'reading' && <p className="muted">{t('symptom.reading')}</p>}
        {recognition.status === 'failed' && <p className="notice notice-error">{recognition.message}</p>}
        {recognition.status === 'read' && <Recognition parsed={recognition.parsed} />}
      </div>
      <StepFooter hint={hint} hintId={hintId}>
        <button
          type="button"
          disabled={!ready}
          aria-describedby={hint ? hintId : undefined}
          onClick={() => {
            if (takeError()) goTo('environment');
          }}
        >
          {t('symptom.next')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            if (checkAll()) goTo('environment');
          }}
        >
          {t('symptom.checkAll')}
        </button>
      </StepFooter>
    </section>
  );
}

function Fact({ term, children }: { readonly term: string; readonly children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** A language tag (de, fr) as its name in the UI's language. */
function languageName(tag: string, uiLanguage: string): string {
  try {
    return new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

function Recognition({ parsed }: { readonly parsed: ParsedError }) {
  const { t, i18n } = useTranslation();
  if (!parsed.recognized) {
    return (
      <div className="notice" role="status">
        <p className="notice-message"><Icon name="warning" /> {t('symptom.unknownTitle')}</p>
        <p>{t('symptom.unknownWhatToDo')}</p>
      </div>
    );
  }
  return (
    <div className="notice notice-ok" role="status" aria-label={t('symptom.recognisedLabel')}>
      <p className="notice-message"><Icon name="ok" /> {t(`failure.${parsed.failureClass}`)}</p>
      <dl className="facts">
        <Fact term={t('symptom.factModule')}>{parsed.module ? <code>{parsed.module}</code> : t('symptom.moduleNotNamed')}</Fact>
        {parsed.errorCode !== null && <Fact term={t('symptom.factWindowsError')}>{t('symptom.windowsErrorCode', { code: parsed.errorCode })}</Fact>}
        {parsed.library && <Fact term={t('symptom.factLibrary')}><code>{parsed.library}</code></Fact>}
        {parsed.symbol && <Fact term={t('symptom.factMissingName')}><code>{parsed.symbol}</code></Fact>}
        {parsed.language && parsed.language !== 'en' && <Fact term={t('symptom.factLanguage')}>{languageName(parsed.language, i18n.language)}</Fact>}
        {parsed.dyld?.need && (
          <Fact term={t('symptom.factArchitectures')}>
            {t('symptom.architectures', { have: parsed.dyld.have.join(', ') || t('symptom.architectureOther'), need: parsed.dyld.need })}
          </Fact>
        )}
      </dl>
      {parsed.limitations?.map((text) => <p key={text}>{text}</p>)}
    </div>
  );
}
