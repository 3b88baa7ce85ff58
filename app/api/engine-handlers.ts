import type { Handlers } from '../contract/dispatch';
import { DoctorError } from '../contract/errors';
import type { AppInfo } from '../contract/contract';
import { diagnose, type DiagnosisRequest } from '../diagnosis/diagnose';
import { parseErrorText } from '../diagnosis/error-text';
import { defaultDeps } from '../diagnosis/default-deps';
import { saveReport } from '../report/save-report';
import { revealInFolder } from './reveal-in-folder';
import { RepairJobs } from './repair-jobs';
import { applyPlan, findUnfinishedRepairs, listVersionOffers, planRepair, rollback } from '../repair';
import { addEnvironment, listEnvironments } from './environment-sources';
import path from 'node:path';

/** What the engine handlers need from the host they run in. */
export interface EngineEnvironment {
  readonly appVersion: string;
  readonly host: AppInfo['host'];
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly env: NodeJS.ProcessEnv;
  /** The app's own folder: reports, snapshots, locks (see data-dir.ts). */
  readonly dataDir: string;
}

/** The engine's implementation of every contract operation. Hosts add nothing but transport. */
export function createEngineHandlers(environment: EngineEnvironment): Handlers {
  const reportsDir = path.join(environment.dataDir, 'reports');
  const jobs = new RepairJobs();
  const { env, dataDir } = environment;
  /** The import test after a repair: the module imports in a fresh interpreter, or the whole environment is healthy. */
  const importWorks = async (python: string, module: string | null): Promise<boolean> => {
    const check = await diagnose(module ? { python, module } : { python, all: true }, defaultDeps(python, env, environment.platform));
    return check.modules.length > 0 && check.modules.every((m) => m.ok);
  };
  return {
    getAppInfo: async () => ({
      name: 'Python DLL Doctor',
      version: environment.appVersion,
      platform: environment.platform,
      arch: environment.arch,
      host: environment.host,
    }),
    listEnvironments: async () => listEnvironments(environment.env, environment.platform),
    addEnvironment: async ({ path: given }) => addEnvironment(given, environment.env, environment.platform),
    parseError: async ({ text }) => parseErrorText(text),
    exportReport: async ({ format, redact, diagnosis, errorText, actions, verification }) =>
      saveReport({ diagnosis, errorText, actions, verification, appVersion: environment.appVersion }, format, redact, reportsDir),
    listVersionOffers: async ({ python, package: name, manager, knownGood }) => listVersionOffers(python, name, { manager, env, knownGood }),
    planRepair: async (request) => jobs.remember(await planRepair(request, { env, dataDir })),
    applyRepair: async ({ jobId, planId, verifyModule }, { emit }) => {
      const plan = jobs.plan(planId);
      const signal = jobs.start(jobId);
      try {
        return await applyPlan(plan, {
          dataDir,
          env,
          signal,
          onLine: (stream, line) => emit('log', { jobId, stream, line }),
          onProgress: (fraction, message) => emit('progress', { jobId, phase: 'apply', fraction, message }),
          verify: () => importWorks(plan.python, verifyModule),
        });
      } finally {
        jobs.finish(jobId);
      }
    },
    rollbackRepair: async ({ jobId, python, snapshotId }, { emit }) =>
      rollback(python, snapshotId, {
        dataDir,
        env,
        onLine: (stream, line) => emit('log', { jobId, stream, line }),
        onProgress: (fraction, message) => emit('progress', { jobId, phase: 'rollback', fraction, message }),
      }),
    cancelJob: async ({ jobId }) => {
      jobs.cancel(jobId);
      return null;
    },
    findUnfinishedRepairs: async () => findUnfinishedRepairs(dataDir),
    pickFolder: async () => {
      throw new DoctorError('no-folder-dialog', 'The folder dialog is part of the desktop app.', 'Type or paste the folder path instead.');
    },
    revealInFolder: async ({ path: file }) => {
      revealInFolder(file, reportsDir, environment.platform);
      return null;
    },
    diagnose: async ({ jobId, python, target }, { emit, signal: closed }) => {
      const request: DiagnosisRequest =
        target.kind === 'module' ? { python, module: target.module } : target.kind === 'error-text' ? { python, errorText: target.text } : { python, all: true };
      // Stops when the user cancels this job (cancelJob) or the window closes; the result says "partial".
      const signal = AbortSignal.any([closed, jobs.start(jobId)]);
      try {
        return await diagnose(request, defaultDeps(python, environment.env, environment.platform), (progress) =>
          emit('progress', { jobId, phase: progress.phase, fraction: progress.fraction, message: progress.message }),
        { signal });
      } finally {
        jobs.finish(jobId);
      }
    },
  };
}
