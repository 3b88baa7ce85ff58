import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cause, Diagnosis, Remedy } from '../../../app/diagnosis/types';
import { diagnosisPhases } from '../../store/diagnosis-slice';
import { useDoctor } from '../../store/store-context';
import { recommendedFix } from '../../wizard/recommended-fix';
import { ErrorNotice } from '../error-notice';
import { HostFactsPanel } from '../host-facts-panel';
import { EvidenceList } from '../evidence/evidence-list';
import { Icon, type StatusTone } from '../icon';
import { ProgressBar } from '../progress-bar';
import { ProgramContextForm } from '../program-context-form';
import { StepFooter } from '../step-footer';
import { useEngineText } from '../../i18n/engine-text';

const confidenceTone = { high: 'ok', medium: 'warning', low: 'info' } as const satisfies Record<Cause['confidence']['level'], StatusTone>;
const checkTone = { ok: 'ok', problem: 'problem', warning: 'warning', skipped: 'waiting' } as const satisfies Record<Diagnosis['checks'][number]['status'], StatusTone>;

/** Step 3: the diagnosis running phase by phase, then the recommended fix and the ranked causes with their evidence. */
export function DiagnosisStep() {
  const { t } = useTranslation();
  const run = useDoctor((s) => s.diagnosis);
  const runDiagnosis = useDoctor((s) => s.runDiagnosis);
  useEffect(() => {
    if (run.status === 'idle') void runDiagnosis();
  }, [run.status, runDiagnosis]);

  return (
    <section aria-labelledby="diagnosis-title" className="screen">
      <h2 id="diagnosis-title">{t('diagnosis.title')}</h2>
      {(run.status === 'running' || run.status === 'idle') && (
        <>
          <ProgressBar label={run.status === 'running' && run.message ? run.message : t('common.starting')} fraction={run.status === 'running' ? run.fraction : 0} />
          <ol className="phases" aria-label={t('diagnosis.phasesLabel')}>
            {diagnosisPhases.map((phase) => {
              const state = run.status === 'running' ? run.phases[phase] : 'waiting';
              return (
                <li key={phase} className={`phase phase-${state}`}>
                  <Icon name={state === 'done' ? 'ok' : state === 'running' ? 'running' : 'waiting'} /> {t(`diagnosis.phase.${phase}`)} <span className="muted">({t(`diagnosis.phaseState.${state}`)})</span>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {run.status === 'failed' && (
        <>
          <ErrorNotice {...run} />
          <StepFooter><button type="button" onClick={() => void runDiagnosis()}>{t('common.tryAgain')}</button></StepFooter>
        </>
      )}
      {run.status === 'ready' && <DiagnosisResult diagnosis={run.value} onRerun={() => void runDiagnosis()} />}
    </section>
  );
}

function DiagnosisResult({ diagnosis, onRerun }: { readonly diagnosis: Diagnosis; readonly onRerun: () => void }) {
  const { t } = useTranslation();
  const { said } = useEngineText();
  const goTo = useDoctor((s) => s.goTo);
  const chooseRemedy = useDoctor((s) => s.chooseRemedy);
  const recommended = recommendedFix(diagnosis);
  const choose = (causeId: string, remedyId: string) => {
    if (chooseRemedy(causeId, remedyId)) goTo('fix');
  };
  return (
    <>
      {diagnosis.status === 'healthy' && (
        <div className="notice notice-ok" role="status">
          <p className="notice-message"><Icon name="ok" /> {t('diagnosis.healthyTitle')}</p>
          <p>{t('diagnosis.healthyText')}</p>
        </div>
      )}
      {diagnosis.status === 'inconclusive' && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message"><Icon name="warning" /> {t('diagnosis.inconclusiveTitle')}</p>
          <ul>
            {(diagnosis.unchecked ?? []).map((u) => (
              <li key={u.what}>
                {said(u, 'what')}: {said(u, 'why')} {said(u, 'howToCheck')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {diagnosis.status === 'partial' && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message"><Icon name="warning" /> {t('diagnosis.partialTitle')}</p>
          <p>{t('diagnosis.partialText')}</p>
        </div>
      )}
      {diagnosis.status === 'unexplained' && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message"><Icon name="warning" /> {t('diagnosis.unexplainedTitle')}</p>
          <p>{t('diagnosis.unexplainedText')}</p>
        </div>
      )}
      {diagnosis.status === 'problem-found' && (
        <p className="lead" role="status">{t('diagnosis.causesFound', { count: diagnosis.causes.length })}</p>
      )}
      {recommended && (
        <section className="card recommended" aria-labelledby="recommended-title">
          <h3 id="recommended-title"><Icon name="recommended" /> {t('diagnosis.recommendedTitle')}</h3>
          <p className="recommended-remedy"><strong>{said(recommended.remedy, 'title')}</strong></p>
          <p>{t('diagnosis.recommendedWhy', { cause: said(recommended.cause, 'title') })}</p>
          <div className="actions">
            <button type="button" onClick={() => choose(recommended.cause.id, recommended.remedy.id)} aria-label={t('diagnosis.useRecommendedNamed', { title: said(recommended.remedy, 'title') })}>
              {t('diagnosis.useRecommended')}
            </button>
          </div>
        </section>
      )}
      {diagnosis.causes.length > 0 && (
        <ol className="causes" aria-label={t('diagnosis.causesLabel')}>
          {diagnosis.causes.map((cause, index) => (
            <CauseCard key={cause.id} cause={cause} rank={index + 1} recommendedId={recommended?.cause.id === cause.id ? recommended.remedy.id : null} onChoose={(remedyId) => choose(cause.id, remedyId)} />
          ))}
        </ol>
      )}
      {diagnosis.host && <HostFactsPanel host={diagnosis.host} />}
      <details className="checks">
        <summary>{t('diagnosis.checks', { count: diagnosis.checks.length })}</summary>
        <ul className="check-list">
          {diagnosis.checks.map((check) => (
            <li key={check.id} className={`tone-${checkTone[check.status]}`}>
              <Icon name={checkTone[check.status]} /> <strong>{said(check, 'title')}</strong>: {t(`diagnosis.checkStatus.${check.status}`)}. <span className="muted">{said(check, 'detail')}</span>
            </li>
          ))}
        </ul>
      </details>
      <ProgramContextForm diagnosis={diagnosis} onRerun={onRerun} />
      <StepFooter>
        <button type="button" className="secondary" onClick={onRerun}>{t('diagnosis.again')}</button>
        <button type="button" className="secondary" onClick={() => goTo('report')}>{t('diagnosis.toReport')}</button>
      </StepFooter>
    </>
  );
}

function CauseCard({ cause, rank, recommendedId, onChoose }: { readonly cause: Cause; readonly rank: number; readonly recommendedId: string | null; readonly onChoose: (remedyId: string) => void }) {
  const { t } = useTranslation();
  const { said } = useEngineText();
  const titleId = `cause-${cause.id}`;
  const tone = confidenceTone[cause.confidence.level];
  return (
    <li className="card cause" aria-labelledby={titleId}>
      <div className="card-title cause-title">
        <h3 id={titleId}>{rank}. {said(cause, 'title')}</h3>
        <span className={`badge badge-${tone}`}><Icon name={tone} /> {t(`diagnosis.confidence.${cause.confidence.level}`)}</span>
      </div>
      <p>{said(cause, 'explanation')}</p>
      <details>
        <summary>{t('diagnosis.evidence', { count: cause.evidence.length })}</summary>
        <EvidenceList evidence={cause.evidence} />
      </details>
      {cause.remedies.length > 0 && (
        <div className="remedies">
          <h4>{t('diagnosis.remediesTitle')}</h4>
          <ul>
            {cause.remedies.map((remedy) => (
              <RemedyItem key={remedy.id} remedy={remedy} recommended={remedy.id === recommendedId} onChoose={() => onChoose(remedy.id)} />
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

function RemedyItem({ remedy, recommended, onChoose }: { readonly remedy: Remedy; readonly recommended: boolean; readonly onChoose: () => void }) {
  const { t } = useTranslation();
  const { said } = useEngineText();
  return (
    <li className={`remedy ${recommended ? 'remedy-recommended' : ''}`}>
      <div className="remedy-head">
        <strong>{said(remedy, 'title')}</strong>
        {recommended && <span className="badge badge-ok"><Icon name="recommended" /> {t('diagnosis.recommended')}</span>}
        <span className="badge">{t(`diagnosis.risk.${remedy.risk}`)}</span>
      </div>
      <p className="muted">{said(remedy, 'explanation')}</p>
      {remedy.automatic ? (
        <button type="button" className={recommended ? undefined : 'secondary'} onClick={onChoose} aria-label={t('diagnosis.chooseNamed', { title: said(remedy, 'title') })}>{t('diagnosis.choose')}</button>
      ) : (
        <span className="muted">{t('diagnosis.manual')}</span>
      )}
    </li>
  );
}
