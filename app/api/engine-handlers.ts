import type { Handler, HandlerContext, Handlers } from '../contract/dispatch';
import { DoctorError } from '../base/errors';
import { isFixed } from '../diagnosis/is-fixed';
import type { OperationName } from '../contract/contract';
import { configureLog, defaultLogFile, logError, logEvent, logFilePath } from '../log/file-log';
import { DiagnosisStore } from './diagnosis-store';
import { environmentIdentity } from '../repair/environment-identity';
import { interpreterFacts } from '../envs';
import { latestSnapshot } from '../repair/snapshot';
import type { AppInfo } from '../contract/contract';
import { diagnose, type DiagnosisRequest } from '../diagnosis/diagnose';
import { parseErrorText } from '../diagnosis/error-text/error-text';
import { programFrame } from '../diagnosis/context/program-frame';
import { namingThatMachinePython } from '../diagnosis/that-machine-python';
import { windowsPythonIn } from '../base/windows-folder';
import { defaultDeps } from '../diagnosis/facts/default-deps';
import type { DiagnosisDeps } from '../diagnosis/facts/facts';
import type { LoadGraph } from '../diagnosis/load-graph-types';
import { renderReport } from '../report/render-report';
import { repairOf, verificationOf } from '../report/engine-results';
import { RepairJobs } from './repair-jobs';
import { applyPlan, findUnfinishedRepairs, listVersionOffers, planRepair, rollback } from '../repair';
import { addEnvironment, listEnvironments } from './environment-sources';
import { environmentFromError } from './environment-from-error';
import { reportEnvironment, scanAllEnvironments } from './environment-reports';
import { loadGraph } from './load-graph';
import { installedVersions } from './installed-versions';
import { inspectModule } from './inspect-module';
import { InspectRuns } from './inspect-runs';
import { message } from '../messages';
import type { ApplyOptions } from '../repair';

/** What the engine handlers need from the host they run in. */
export interface EngineEnvironment {
  readonly appVersion: string;
  readonly host: AppInfo['host'];
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly env: NodeJS.ProcessEnv;
  /** The app's own folder: reports, snapshots, locks, the log (see data-dir.ts). */
  readonly dataDir: string;
  /** The log: default the file `<dataDir>/logs/doctor.log`; the desktop app passes electron-log's. */
  readonly log?: { readonly file: string; readonly write?: (level: 'info' | 'error', text: string) => void };
  /** Where a diagnosis gathers its facts; default the live sources (defaultDeps). Tests of a host pass their own. */
  readonly diagnosisDeps?: (python: string) => DiagnosisDeps;
}

/**
 * Every handler wrapped so that each call and each error is logged (the error with its stack, in
 * the log file only: the page gets the message and what to do).
 */
function logged(handlers: Handlers): Handlers {
  const wrapped: Partial<Record<OperationName, Handler<OperationName>>> = {};
  for (const name of Object.keys(handlers) as OperationName[]) {
    const handler = handlers[name] as unknown as (request: unknown, context: HandlerContext) => Promise<unknown>;
    wrapped[name] = (async (request: unknown, context: HandlerContext) => {
      const started = Date.now();
      try {
        const result = await handler(request, context);
        logEvent('operation', { name, ms: Date.now() - started });
        return result;
      } catch (error) {
        logError(`operation ${name} failed after ${Date.now() - started} ms`, error);
        throw error;
      }
    }) as unknown as Handler<OperationName>;
  }
  return wrapped as Handlers;
}

/** A repair's or rollback's output lines and progress as the job's events, each with the message behind an engine sentence. */
function repairEvents(emit: HandlerContext['emit'], jobId: string, phase: 'apply' | 'rollback'): Pick<ApplyOptions, 'onLine' | 'onProgress'> {
  return {
    onLine: (stream, line, said) => emit('log', { jobId, stream, line, ...(said ? { messages: { line: said } } : {}) }),
    onProgress: (fraction, text, said) => emit('progress', { jobId, phase, fraction, message: text, ...(said ? { messages: { message: said } } : {}) }),
  };
}

/** The engine's implementation of every contract operation. Hosts (Electron, browser mode, the CLI) add nothing but transport. */
export function createEngineHandlers(environment: EngineEnvironment): Handlers {
  const jobs = new RepairJobs();
  const diagnoses = new DiagnosisStore();
  const inspections = new InspectRuns();
  const { env, dataDir } = environment;
  configureLog(environment.log?.file ?? defaultLogFile(dataDir), environment.log?.write);
  const depsFor = environment.diagnosisDeps ?? ((python: string) => defaultDeps(python, env, environment.platform));
  /** The check after a repair: the same diagnosis again, judged by the one isFixed. */
  const importWorks = async (python: string, module: string | null): Promise<boolean> =>
    isFixed(await diagnose(module ? { python, module } : { python, all: true }, depsFor(python)));
  return logged({
    getAppInfo: async () => ({
      name: 'Python DLL Doctor',
      version: environment.appVersion,
      platform: environment.platform,
      arch: environment.arch,
      host: environment.host,
      logFile: logFilePath() ?? undefined,
    }),
    listEnvironments: async () => listEnvironments(environment.env, environment.platform),
    addEnvironment: async ({ path: given }) => addEnvironment(given, environment.env, environment.platform),
    findEnvironmentInError: async ({ text }) => environmentFromError(text, environment.env, environment.platform),
    loadGraph: async ({ diagnosisId, file }) => {
      // The diagnosis' own simulation of the module; another file of the environment is simulated now, with the same load context.
      const { python, graph } = diagnoses.loadGraph(diagnosisId, file);
      return graph ?? loadGraph(python, file, environment.env, environment.platform);
    },
    // The program the traceback runs is offered to the wizard's "what does your program import first?".
    parseError: async ({ text }) => ({ ...parseErrorText(text), program: programFrame(text, '') }),
    renderReport: async ({ format, redact, locale, language, planId, diagnosisId, verificationId, repairJobId, rollbackJobId, errorText, errorOmitted }) => {
      // Every result comes from what this engine kept, by id; an id it does not know is a worded error.
      const diagnosis = diagnoses.diagnosis(diagnosisId);
      const verification = verificationId ? verificationOf(diagnoses.diagnosis(verificationId)) : null;
      const applied = repairJobId ? jobs.outcome(repairJobId) : null;
      const undone = rollbackJobId ? jobs.outcome(rollbackJobId) : null;
      const repair = applied ? repairOf(applied, undone) : null;
      // Only a plan this engine made, and only one that runs elsewhere: its commands are what the user was shown.
      // A plan no longer known (the app restarted) leaves the section out rather than failing the report.
      const plan = planId ? jobs.find(planId) : null;
      // The messages behind the fix's title and the "where" sentence go along, so a German report says them in German.
      const said = plan?.elsewhere ? { ...(plan.remedy.messages?.title ? { remedy: plan.remedy.messages.title } : {}), ...(plan.elsewhere.messages ? { where: plan.elsewhere.messages.where } : {}) } : {};
      const fixElsewhere = plan?.runsHere === false && plan.elsewhere ? { remedy: plan.remedy.title, where: plan.elsewhere.where, commands: [...plan.elsewhere.commands], ...(Object.keys(said).length > 0 ? { messages: said } : {}) } : null;
      // The folder the commands for that machine use (the user may have corrected it on the Fix step): "how to check" names its python.exe too.
      const home = plan?.runsHere === false ? plan.elsewhere?.home : null;
      const named = home ? namingThatMachinePython(diagnosis, windowsPythonIn(home, diagnosis.environment.kind === 'venv')) : diagnosis;
      const input = { diagnosis: named, errorText, errorOmitted, actions: applied ? [...applied.actions] : [], verification, repair, fixElsewhere, appVersion: environment.appVersion };
      return renderReport(input, format, { redact, locale, language });
    },
    saveReportAs: async () => {
      throw new DoctorError('no-save-dialog', message('error.no-save-dialog'), message('error.no-save-dialog.what'));
    },
    listVersionOffers: async ({ python, package: name, manager, knownGood }) => listVersionOffers(python, name, { manager, env, knownGood }),
    installedVersions: async ({ python, packages }) => installedVersions(python, packages, env, environment.platform),
    planRepair: async ({ diagnosisId, remedyId, manager, version, reinstall, home }) => {
      const { python, prefix, remedy, checkModule } = diagnoses.remedy(diagnosisId, remedyId);
      return jobs.remember(await planRepair({ python, prefix, remedy, manager, version, reinstall, checkModule, home }, { env, dataDir }));
    },
    applyRepair: async ({ jobId, planId, verifyModule }, { emit }) => {
      const plan = jobs.plan(planId);
      const signal = jobs.start(jobId);
      try {
        return jobs.ended(jobId, await applyPlan(plan, {
          dataDir,
          env,
          signal,
          ...repairEvents(emit, jobId, 'apply'),
          verify: () => importWorks(plan.python, verifyModule),
        }));
      } finally {
        jobs.finish(jobId);
      }
    },
    rollbackRepair: async ({ jobId, python, snapshotId }, { emit }) => {
      const chosen = snapshotId ?? (await latestSnapshot(dataDir, await environmentIdentity((await interpreterFacts(python, env)).prefix)))?.id;
      if (!chosen) throw new DoctorError('no-snapshot', message('error.no-snapshot'), message('error.no-snapshot.what'));
      return jobs.ended(
        jobId,
        await rollback(python, chosen, {
          dataDir,
          env,
          ...repairEvents(emit, jobId, 'rollback'),
        }),
      );
    },
    cancelJob: async ({ jobId }) => {
      jobs.cancel(jobId);
      return null;
    },
    findUnfinishedRepairs: async () => findUnfinishedRepairs(dataDir),
    pickFolder: async () => {
      throw new DoctorError('no-folder-dialog', message('error.no-folder-dialog'), message('error.no-folder-dialog.what'));
    },
    revealInFolder: async () => {
      throw new DoctorError('no-file-manager', message('error.no-file-manager'), message('error.no-file-manager.what'));
    },
    scanEnvironments: async (options) => scanAllEnvironments(options),
    describeEnvironment: async ({ path: target, ...options }) => reportEnvironment(target, options),
    inspectModule: async (request) => inspectModule(request, inspections.run(request.runId), env),
    diagnose: async ({ jobId, python, target, context, home }, { emit, signal: closed }) => {
      const base: DiagnosisRequest =
        target.kind === 'module'
          ? { python, module: target.module }
          : target.kind === 'package'
            ? { python, package: target.package }
            : target.kind === 'error-text'
              ? { python, errorText: target.text }
              : { python, all: true };
      // The program's context (what it imports first) applies to one module, never to a package or the whole environment.
      const withContext: DiagnosisRequest = context && (target.kind === 'module' || target.kind === 'error-text') ? { ...base, ...context } : base;
      const request: DiagnosisRequest = home ? { ...withContext, home } : withContext;
      // Stops when the user cancels this job (cancelJob) or the window closes; the result says "partial".
      const signal = AbortSignal.any([closed, jobs.start(jobId)]);
      // The graph of each module as the diagnosis simulated it (the last simulation of a file is the one its verdict rests on), kept for loadGraph.
      const graphs = new Map<string, LoadGraph>();
      const sources = depsFor(python);
      const deps: DiagnosisDeps = {
        ...sources,
        simulateLoad: async (facts, extension, state) => {
          const simulation = await sources.simulateLoad(facts, extension, state);
          if (simulation?.graph) graphs.set(extension.path, simulation.graph);
          return simulation;
        },
      };
      try {
        const diagnosis = await diagnose(
          request,
          deps,
          (progress) => emit('progress', { jobId, phase: progress.phase, state: progress.state, fraction: progress.fraction, message: progress.message }),
          { signal },
        );
        return diagnoses.keep(python, diagnosis, graphs);
      } finally {
        jobs.finish(jobId);
      }
    },
  });
}
