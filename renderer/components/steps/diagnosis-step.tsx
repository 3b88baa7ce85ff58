import { useEffect } from 'react';
import type { Cause, Diagnosis } from '../../../app/diagnosis/types';
import { diagnosisPhases } from '../../store/diagnosis-slice';
import { useDoctor } from '../../store/store-context';
import { ErrorNotice } from '../error-notice';
import { EvidenceList } from '../evidence/evidence-list';
import { ProgressBar } from '../progress-bar';

const phaseWords = { discover: 'Reading the environment', probe: 'Checking packages', 'import-test': 'Trying the import', 'static-analysis': 'Following every library it loads', rank: 'Weighing the evidence' } as const;

/** Step 3: the diagnosis running phase by phase, then the ranked causes with their evidence. */
export function DiagnosisStep() {
  const run = useDoctor((s) => s.diagnosis);
  const runDiagnosis = useDoctor((s) => s.runDiagnosis);
  useEffect(() => {
    if (run.status === 'idle') void runDiagnosis();
  }, [run.status, runDiagnosis]);

  return (
    <section aria-labelledby="diagnosis-title" className="screen">
      <h2 id="diagnosis-title">Diagnosis</h2>
      {(run.status === 'running' || run.status === 'idle') && (
        <>
          <ProgressBar label={run.status === 'running' ? run.message : 'Starting'} fraction={run.status === 'running' ? run.fraction : 0} />
          <ol className="phases" aria-label="Phases">
            {diagnosisPhases.map((phase) => {
              const state = run.status === 'running' ? run.phases[phase] : 'waiting';
              return (
                <li key={phase} className={`phase phase-${state}`}>
                  {phaseWords[phase]} <span className="muted">({state === 'done' ? 'done' : state === 'running' ? 'in progress' : 'waiting'})</span>
                </li>
              );
            })}
          </ol>
        </>
      )}
      {run.status === 'failed' && (
        <>
          <ErrorNotice {...run} />
          <div className="actions"><button type="button" onClick={() => void runDiagnosis()}>Try again</button></div>
        </>
      )}
      {run.status === 'ready' && <DiagnosisResult diagnosis={run.value} onRerun={() => void runDiagnosis()} />}
    </section>
  );
}

function DiagnosisResult({ diagnosis, onRerun }: { readonly diagnosis: Diagnosis; readonly onRerun: () => void }) {
  const goTo = useDoctor((s) => s.goTo);
  const chooseRemedy = useDoctor((s) => s.chooseRemedy);
  return (
    <>
      {diagnosis.status === 'healthy' && (
        <div className="notice notice-ok" role="status">
          <p className="notice-message">No problem found.</p>
          <p>Every module we tried imports, and no check found a problem.</p>
        </div>
      )}
      {diagnosis.status === 'inconclusive' && (
        <div className="notice notice-warning" role="status">
          <p className="notice-message">No verdict: nothing wrong was found, but what proves the module loads could not be checked here.</p>
          <ul>
            {(diagnosis.unchecked ?? []).map((u) => (
              <li key={u.what}>
                {u.what}: {u.why} {u.howToCheck}
              </li>
            ))}
          </ul>
        </div>
      )}
      {diagnosis.status === 'unexplained' && (
        <div className="notice notice-error" role="status">
          <p className="notice-message">The import fails, but we could not show why with evidence.</p>
          <p>We do not guess. Export the report below and attach it to a bug report for the package.</p>
        </div>
      )}
      {diagnosis.causes.length > 0 && (
        <ol className="causes" aria-label="Causes, most likely first">
          {diagnosis.causes.map((cause, index) => (
            <CauseCard key={cause.id} cause={cause} rank={index + 1} onChoose={(remedyId) => {
              chooseRemedy(cause.id, remedyId);
              goTo('fix');
            }} />
          ))}
        </ol>
      )}
      <details className="checks">
        <summary>What was checked ({diagnosis.checks.length})</summary>
        <ul>
          {diagnosis.checks.map((check) => (
            <li key={check.id}><strong>{check.title}</strong>: {check.status}. <span className="muted">{check.detail}</span></li>
          ))}
        </ul>
      </details>
      <div className="actions">
        <button type="button" className="secondary" onClick={onRerun}>Diagnose again</button>
        <button type="button" className="secondary" onClick={() => goTo('report')}>Export a report</button>
      </div>
    </>
  );
}

function CauseCard({ cause, rank, onChoose }: { readonly cause: Cause; readonly rank: number; readonly onChoose: (remedyId: string) => void }) {
  const titleId = `cause-${cause.id}`;
  return (
    <li className="card cause" aria-labelledby={titleId}>
      <div className="card-title">
        <h3 id={titleId}>{rank}. {cause.title}</h3>
        <span className={`badge badge-${cause.confidence.level}`}>{cause.confidence.level} confidence</span>
      </div>
      <p>{cause.explanation}</p>
      <details>
        <summary>Evidence ({cause.evidence.length})</summary>
        <EvidenceList evidence={cause.evidence} />
      </details>
      {cause.remedies.length > 0 && (
        <div className="remedies">
          <h4>What can fix it</h4>
          <ul>
            {cause.remedies.map((remedy) => (
              <li key={remedy.id}>
                <strong>{remedy.title}</strong> <span className="muted">({remedy.risk} risk)</span>
                <p className="muted">{remedy.explanation}</p>
                {remedy.automatic ? (
                  <button type="button" onClick={() => onChoose(remedy.id)} aria-label={`Choose this fix: ${remedy.title}`}>Choose this fix</button>
                ) : (
                  <span className="muted">You do this one yourself; the report explains how.</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}
