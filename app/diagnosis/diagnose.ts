/**
 * The diagnosis: from an environment and a module, a package, a pasted error or the whole
 * environment to ranked causes with evidence and remedies.
 *
 * Phases run in order and report progress through the injected callback: discover (describe the
 * environment), probe (pick the modules, run the health checks), import test (the live import, one
 * fresh interpreter per module), static analysis (loader simulation of each extension), rank.
 */
import { existsSync, realpathSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DoctorError } from '../base/errors';
import { parseErrorText } from './error-text/error-text';
import type { DiagnosisDeps, EnvironmentFacts, ExtensionModule, ImportOutcome, LoadSimulation, PackageFacts } from './facts/facts';
import type { HealthReport } from '../envs';
import { healthCheckList } from './health-check-list';
import { loadKnowledgeBase } from './knowledge-base';
import { normalizeName } from '../base/package-spec';
import type { KnownIssue } from './knowledge-base';
import { importInBatches } from './import-batches';
import { buildOwnerIndex } from './facts/ownership';
import { failureClassMessage } from './failure-class-words';
import { rankCauses } from './ranker';
import { windowsPythonFromError } from './error-text/windows-python-path';
import { namingThatMachinePython } from './that-machine-python';
import { windowsHome, windowsPythonIn } from '../base/windows-folder';
import { recommendOne } from './recommend';
import type { FileCheck, ModuleExamination } from './ranker';
import type { Cause, CheckRecord, Diagnosis, DiagnosisPhase, DiagnosisTarget, ParsedError, ProgressCallback, Unchecked } from './types';
import { canRunPython, envKind, envPlatform, implementationName } from './facts/environment-facts';
import { examineContext, type ContextRequest } from './context/examine-context';
import { ContextRemedyIds, withLibstdcxxRemedies } from './context/libstdcxx-versions';
import { sameNamedLibraryCauses } from './context/predicted-causes';
import type { HostFacts } from '../host-facts/types';
import { HOST_FACT_NAMES, type HostFactName } from '../host-facts/types';
import { HOST_FACT_LABELS } from './host/fact-labels';
import { hostUnchecked } from './host';
import { duplicateOpenmpCauses, openmpCopies, parseOmpError15 } from './context/duplicate-openmp';
import { english, message, texts, type MessageParam, type MessageRef } from '../messages';
import { unavailableImport } from './facts/unavailable-import';

/** The kind of an environment in words for the check of it ("venv environment at …"), never its code in German. */
const ENV_KIND_WORDS: Readonly<Record<ReturnType<typeof envKind>, MessageRef>> = {
  venv: message('word.env-kind.venv'),
  conda: message('word.env-kind.conda'),
  system: message('word.env-kind.system'),
  unknown: message('word.env-kind.unknown'),
};

/** The check record of the machine's facts: which were read, which not and why. */
function hostCheck(host: HostFacts): CheckRecord {
  const known = HOST_FACT_NAMES.filter((n) => host[n].status === 'known');
  const absent = HOST_FACT_NAMES.filter((n) => host[n].status === 'absent');
  // The facts by their names in words (Media Foundation), never the field names of the JSON (mediaFoundation).
  const list = (names: readonly HostFactName[]): MessageParam => names.map((n) => HOST_FACT_LABELS[n]).reduceRight<MessageParam>((rest, label) => (rest === '' ? label : message('word.comma-list', { first: label, rest })), '');
  const read = known.length > 0 ? list(known) : message('word.none');
  return { id: 'host-facts', status: 'ok', ...texts({ title: message('check.host-facts.title'), detail: absent.length > 0 ? message('check.host-facts.some-absent', { read, absent: list(absent) }) : message('check.host-facts', { read }) }) };
}

export type DiagnosisRequest = (
  | { readonly python: string; readonly module: string }
  | { readonly python: string; readonly package: string }
  | { readonly python: string; readonly errorText: string }
  | { readonly python: string; readonly all: true }
) &
  ContextRequest & {
    /** A copied Windows environment's folder on its own machine (the traceback's, or the user's): its "how to check" names that python.exe. */
    readonly home?: string;
  };

export interface DiagnoseOptions {
  readonly knowledgeBase?: readonly KnownIssue[];
  readonly now?: () => Date;
  /** Upper bound on modules examined for --all, so a huge environment cannot run unbounded. */
  readonly maxModules?: number;
  /** Imports and simulations run at once (default 4). */
  readonly concurrency?: number;
  /** Stops the diagnosis: no new import starts, running ones are stopped, the result says "partial". */
  readonly signal?: AbortSignal;
  /** The file system evidence is checked against (default: this machine's). */
  readonly files?: FileCheck;
}

/** Evidence names files as they are when the report is written: existing, by their real path. */
const nodeFileCheck: FileCheck = {
  exists: (p) => existsSync(p),
  canonical: (p) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  },
};

/** Drops "a copy exists at" owner evidence whose file is gone now; a cause keeps at least its first item. */
function onlyExistingFiles(causes: Cause[], files: FileCheck): Cause[] {
  return causes.map((c) => {
    const kept = c.evidence.filter((e, i) => i === 0 || e.kind !== 'file-owner' || files.exists(e.owner.path));
    return kept.length === c.evidence.length ? c : { ...c, evidence: kept };
  });
}

/** Thrown for requests that cannot be diagnosed as asked; the message says what to do instead. */
export class DiagnosisInputError extends DoctorError {
  constructor(message: string, whatToDo: string) {
    super('diagnosis-input', message, whatToDo);
    this.name = 'DiagnosisInputError';
  }
}

const PHASE_SPAN: Readonly<Record<DiagnosisPhase, [number, number]>> = {
  discover: [0, 0.15],
  probe: [0.15, 0.3],
  'import-test': [0.3, 0.6],
  'static-analysis': [0.6, 0.9],
  rank: [0.9, 1],
};

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function targetOf(request: DiagnosisRequest): DiagnosisTarget {
  if ('module' in request) return { kind: 'module', module: request.module };
  if ('package' in request) return { kind: 'package', package: request.package };
  if ('errorText' in request) return { kind: 'error-text', text: request.errorText };
  return { kind: 'environment' };
}

function findExtension(env: EnvironmentFacts, module: string): { ext: ExtensionModule | null; pkg: PackageFacts | null } {
  const short = module.split('.').at(-1) ?? module;
  let fallback: { ext: ExtensionModule; pkg: PackageFacts } | null = null;
  for (const pkg of env.packages) {
    for (const ext of pkg.extensionModules) {
      if (ext.module === module) return { ext, pkg };
      if (fallback === null && (ext.module.endsWith(`.${module}`) || ext.module.split('.').at(-1) === short)) fallback = { ext, pkg };
    }
  }
  if (fallback) return fallback;
  // A pure-Python module: attribute it to the package whose top-level name it starts with.
  const top = module.split('.')[0] ?? module;
  const pkg = env.packages.find((p) => p.extensionModules.some((e) => e.module.split('.')[0] === top)) ?? null;
  return { ext: null, pkg };
}

function selectModules(env: EnvironmentFacts, request: DiagnosisRequest, error: ParsedError | null, limit: number): { picks: { module: string; ext: ExtensionModule | null; pkg: PackageFacts | null }[]; skipped: number } {
  if ('all' in request) {
    // Modules found on disk that no installer lists are checked too, owned by no package (issue #27).
    const unrecorded = (env.unrecordedExtensions ?? []).map((ext) => ({ module: ext.module, ext, pkg: null }));
    const all = [...env.packages.flatMap((pkg) => pkg.extensionModules.map((ext) => ({ module: ext.module, ext, pkg: pkg as PackageFacts | null }))), ...unrecorded];
    return { picks: all.slice(0, limit), skipped: Math.max(0, all.length - limit) };
  }
  if ('package' in request) {
    const pkg = env.packages.find((p) => normalizeName(p.name) === normalizeName(request.package));
    if (!pkg) throw new DiagnosisInputError(`Package "${request.package}" is not installed in ${env.description.prefix}.`, 'Check the name with pip list, or diagnose the whole environment (--all).');
    const picks = pkg.extensionModules.map((ext) => ({ module: ext.module, ext, pkg }));
    return { picks: picks.slice(0, limit), skipped: Math.max(0, picks.length - limit) };
  }
  const module = 'module' in request ? request.module : error?.module;
  if (!module) return { picks: [], skipped: 0 };
  const found = findExtension(env, module);
  // Prefer the extension's full dotted name: "_imaging" from a pasted error is PIL._imaging.
  return { picks: [{ module: found.ext?.module ?? module, ext: found.ext, pkg: found.pkg }], skipped: 0 };
}

/**
 * What this diagnosis could not check, why, and how to have it checked. `blocksVerdict`: without
 * it "no problem found" would be unproven (a module that was never imported).
 */
function uncheckedOf(
  env: EnvironmentFacts,
  request: DiagnosisRequest,
  picks: readonly { module: string; ext: ExtensionModule | null }[],
  outcomes: readonly ImportOutcome[],
  simulations: readonly (LoadSimulation | null)[],
): (Unchecked & { blocksVerdict: boolean })[] {
  const out: (Unchecked & { blocksVerdict: boolean })[] = [];
  // An interpreter that was tried and did not start is on this machine (app/envs/unstartable.ts).
  const didNotStart = !canRunPython(env) && env.description.interpreterRuns > 0;
  const windowsHere = envPlatform(env) === 'windows' && !canRunPython(env) && !didNotStart;
  const target = 'module' in request ? `--module ${request.module}` : 'package' in request ? `--package ${request.package}` : 'all' in request ? '--all' : '--error-file <file>';
  const notImported = picks.filter((_p, i) => outcomes[i]?.status === 'unavailable');
  if (notImported.length > 0) {
    const first = outcomes.find((o): o is Extract<ImportOutcome, { status: 'unavailable' }> => o.status === 'unavailable');
    const reason = first?.reason;
    const said = texts({
      what: message('unchecked.import.what', { modules: notImported.map((p) => p.module).join(', ') }),
      howToCheck: didNotStart
        ? message('unchecked.import.how.restart', { python: env.python, target })
        : windowsHere
        ? message('unchecked.import.how.windows', { python: message('word.that-python-exe'), target })
        : message('unchecked.import.how.here', { target }),
    });
    out.push({
      ...said,
      // The reason is the interpreter's own words when it gave one (an offline folder's is a message).
      ...(reason === undefined ? { why: english(message('unchecked.import.why')), messages: { ...said.messages, why: message('unchecked.import.why') } } : first?.reasonMessage && english(first.reasonMessage) === reason ? { why: reason, messages: { ...said.messages, why: first.reasonMessage } } : { why: reason }),
      blocksVerdict: true,
    });
  }
  const notSimulated = picks.filter((p, i) => p.ext !== null && simulations[i] === null);
  if (notSimulated.length > 0) {
    out.push({
      ...texts({
        what: message('unchecked.simulation.what', { modules: notSimulated.map((p) => p.module).join(', ') }),
        why: !env.description.python.version ? message('unchecked.simulation.why.version') : message('unchecked.simulation.why.platform'),
        howToCheck: windowsHere ? message('unchecked.simulation.how.windows') : message('unchecked.simulation.how.platform'),
      }),
      blocksVerdict: notImported.length > 0,
    });
  }
  if (windowsHere && picks.some((p) => p.ext !== null)) {
    out.push({
      ...texts({ what: message('unchecked.target-dlls.what'), why: message('unchecked.target-dlls.why'), howToCheck: message('unchecked.target-dlls.how') }),
      blocksVerdict: false,
    });
  }
  return out;
}

/**
 * Diagnoses one environment.
 *
 * Never throws for a broken environment (that is what it reports); throws DiagnosisInputError for a
 * request that names something the environment does not have, and lets errors of the injected
 * functions (interpreter cannot run at all) propagate with their own message.
 */
export async function diagnose(request: DiagnosisRequest, deps: DiagnosisDeps, onProgress: ProgressCallback = () => {}, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  // Checked before anything runs: a folder no command line can hold is a worded error, never half a diagnosis.
  const home = request.home === undefined ? null : windowsHome(request.home);
  const report = (phase: DiagnosisPhase, state: 'started' | 'finished', message: string, within = state === 'finished' ? 1 : 0): void => {
    const [from, to] = PHASE_SPAN[phase];
    onProgress({ phase, state, fraction: Math.round((from + (to - from) * within) * 1000) / 1000, message });
  };
  const checks: CheckRecord[] = [];

  report('discover', 'started', `Reading the environment of ${request.python}`);
  const env = await deps.describeEnvironment(request.python);
  const extensionCount = env.packages.reduce((n, p) => n + p.extensionModules.length, 0);
  checks.push({ id: 'environment', status: 'ok', ...texts({ title: message('check.environment.title'), detail: message('check.environment', { kind: ENV_KIND_WORDS[envKind(env)], prefix: env.description.prefix, version: env.description.python.version, packages: message('word.packages', { count: env.packages.length }), extensions: message('word.extension-modules', { count: extensionCount }) }) }) });
  // Python ran isolated (-I); what the user's own python would see differently is stated, not applied.
  const variables = env.description.variables ?? [];
  if (variables.length > 0) {
    checks.push({ id: 'user-variables', status: 'warning', ...texts({ title: message('check.user-variables.title'), detail: message('check.list', { list: variables.map((v) => `${v.name}=${v.value}: ${v.effect}`).join('; ') }) }) });
  }
  const scan = env.description.unrecordedExtensions;
  if (scan && (scan.modules.length > 0 || scan.badNames.length > 0 || scan.truncated)) {
    const notes = [
      scan.modules.length > 0 ? `${scan.modules.length} extension module(s) on disk that no installer record lists (${scan.modules.slice(0, 5).map((m) => m.module).join(', ')}${scan.modules.length > 5 ? ', …' : ''}); --all checks them too` : '',
      scan.badNames.length > 0 ? `${scan.badNames.length} name(s) that are not UTF-8, not checked: ${scan.badNames.slice(0, 3).join(', ')}${scan.badNames.length > 3 ? ', …' : ''}` : '',
      scan.truncated ? 'the site folders hold more entries than are looked at; modules past the limit were not looked for' : '',
    ].filter(Boolean);
    checks.push({ id: 'unrecorded-files', status: 'warning', ...texts({ title: message('check.unrecorded-files.title'), detail: message('check.list', { list: notes.join('; ') }) }) });
  }
  if ((env.description.dllVersions ?? []).length > 0) {
    const listed = (env.description.dllVersions ?? []).map((d): MessageParam => (d.fileVersion ? `${d.name} ${d.fileVersion}${d.release ? ` (CPython ${d.release})` : ''}` : message('word.dll-no-version', { name: d.name, release: d.release ? ` (CPython ${d.release})` : '' })));
    const list = listed.reduceRight<MessageParam>((rest, item) => (rest === '' ? item : message('word.comma-list', { first: item, rest })), '');
    checks.push({ id: 'interpreter-dlls', status: 'ok', ...texts({ title: message('check.interpreter-dlls.title'), detail: message('check.list', { list }) }) });
  }
  report('discover', 'finished', `${env.packages.length} packages found`);

  report('probe', 'started', 'Choosing modules and running health checks');
  const errorText = 'errorText' in request ? request.errorText : null;
  const error = errorText !== null ? parseErrorText(errorText) : null;
  if (error) {
    checks.push({
      id: 'error-text',
      status: error.recognized ? 'ok' : 'warning',
      ...texts({
        title: message('check.error-text.title'),
        detail: error.recognized
          ? message('check.error-text', { failure: failureClassMessage(error.failureClass), code: error.errorCode !== null ? message('word.code', { code: error.errorCode }) : '', module: error.module ? message('word.for-module', { module: error.module }) : '' })
          : message('check.error-text.unrecognised'),
      }),
    });
  }
  const limit = options.maxModules ?? 5000;
  let selection = selectModules(env, request, error, limit);
  if (error && selection.picks.length === 0) selection = selectModules(env, { python: request.python, all: true }, null, limit);
  if (selection.skipped > 0) checks.push({ id: 'module-limit', status: 'warning', ...texts({ title: message('check.module-limit.title'), detail: message('check.module-limit', { skipped: selection.skipped, limit }) }) });
  // The health checks (app/envs' rules, read from the files) run while the modules are imported.
  // Cancelled before they began: none ran, so none is listed (never an "ok" that was not checked).
  const healthPending: Promise<HealthReport | null> = options.signal?.aborted ? Promise.resolve(null) : deps.healthChecks(env);
  healthPending.catch(() => {});
  // The machine's facts (app/host-facts), read once per session, while the modules are imported.
  const hostPending: Promise<HostFacts | null> = deps.hostFacts && !options.signal?.aborted ? deps.hostFacts(env).catch(() => null) : Promise.resolve(null);
  report('probe', 'finished', `${selection.picks.length} module(s) to examine`);

  report('import-test', 'started', 'Importing the modules in a fresh interpreter');
  const total = Math.max(1, selection.picks.length);
  const concurrency = Math.max(1, Math.min(16, options.concurrency ?? 4));
  let imported = 0;
  const signal = options.signal;
  const cancelled = unavailableImport(message('import.unavailable.cancelled'));
  // Many modules: the static analysis of every module first, then a few long-lived interpreters
  // and a fresh one only where isolation matters (import-batches.ts); same verdicts, a fraction
  // of the interpreter starts.
  const importBatch = deps.importBatch?.bind(deps);
  const batched = selection.picks.length > 1 && canRunPython(env) && importBatch !== undefined;
  let early: (LoadSimulation | null | undefined)[] | null = null;
  let outcomes: ImportOutcome[];
  // Available versions, asked once per package: a package whose module fails in a shared interpreter
  // is asked at once, while the imports go on (its remedies need them if the fresh interpreter
  // confirms the failure; an answer no remedy needs is not used).
  const versionLookups = new Map<string, Promise<readonly string[]>>();
  const lookUpVersions = (name: string): Promise<readonly string[]> => {
    let found = versionLookups.get(name);
    if (found === undefined && deps.availableVersions) {
      found = deps.availableVersions(env, name);
      found.catch(() => {});
      versionLookups.set(name, found);
    }
    return found ?? Promise.resolve([]);
  };
  if (batched) {
    report('import-test', 'started', `Importing ${selection.picks.length} modules in shared interpreters while their libraries are followed`);
    const picks = selection.picks.map((p) => ({ module: p.module, hasExtension: p.ext !== null }));
    const run = await importInBatches(
      env,
      picks,
      () => mapLimit(selection.picks, concurrency, async (pick) => (pick.ext && !signal?.aborted ? deps.simulateLoad(env, pick.ext) : null)),
      { importModule: deps.importModule.bind(deps), importBatch },
      {
        // One core is left to the static analysis, which runs in this process meanwhile; each more
        // shared interpreter re-imports the libraries its packages share (numpy ...): on 2 cores one
        // interpreter cost 1 s less CPU than two for the same 539 modules (docs/benchmarks.md).
        interpreters: Math.max(1, Math.min(concurrency, availableParallelism() - 1)),
        concurrency,
        windows: envPlatform(env) === 'windows',
        signal,
        onOutcome: (i) => {
          imported++;
          report('import-test', 'started', `Imported ${selection.picks[i]?.module ?? ''}`, imported / total);
        },
        onSharedFailure: (i) => {
          const name = selection.picks[i]?.pkg?.name;
          if (name !== undefined && !signal?.aborted) void lookUpVersions(name);
        },
      },
    );
    early = [...run.simulations];
    outcomes = run.outcomes;
    checks.push({ id: 'import-batches', status: 'ok', ...texts({ title: message('check.import-batches.title'), detail: message('check.import-batches', { modules: selection.picks.length, shared: run.sharedInterpreters, fresh: run.freshRuns, flagged: run.flagged, confirmed: run.confirmed }) }) });
  } else {
    // One fresh interpreter per module (a DLL one import loads must not hide another's failure,
    // catalog row 14), a few at a time.
    outcomes = await mapLimit(selection.picks, concurrency, async (pick) => {
      const outcome: ImportOutcome = !canRunPython(env)
        ? env.description.interpreterRuns > 0
          ? env.description.message
            ? { status: 'unavailable', reason: env.description.message }
            : unavailableImport(message('import.unavailable.not-started'))
          : unavailableImport(message('import.unavailable.offline'))
        : signal?.aborted ? cancelled : await deps.importModule(env, pick.module, signal);
      imported++;
      report('import-test', 'started', `Imported ${pick.module}`, imported / total);
      return outcome;
    });
  }
  // `import imagelib` fails inside imagelib/_core.so: the error names the extension that really
  // fails; examine that file, keeping the outcome of the import that was asked for.
  for (const [i, outcome] of outcomes.entries()) {
    const pick = selection.picks[i];
    if (outcome.status !== 'failed' || !pick) continue;
    const named = parseErrorText(`${outcome.traceback}\n${outcome.exceptionType ?? 'ImportError'}: ${outcome.message}`).module;
    if (named && named !== pick.module) {
      const found = findExtension(env, named);
      if (found.ext && found.ext.module === named) {
        selection.picks[i] = { module: named, ext: found.ext, pkg: found.pkg };
        // Another file is examined now: its analysis is run below.
        if (early) early[i] = undefined;
      }
    }
  }
  const health = await healthPending;
  checks.push(...(health ? healthCheckList(health) : []).map((c) => ({ id: `health:${c.id}`, title: c.title, status: c.status, detail: c.detail, ...(c.messages ? { messages: c.messages } : {}) })));
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  const unavailable = outcomes.filter((o) => o.status === 'unavailable').length;
  checks.push({
    id: 'import-test',
    status: unavailable === outcomes.length && outcomes.length > 0 ? 'skipped' : failed > 0 ? 'problem' : 'ok',
    ...texts({
      title: message('check.import-test.title'),
      detail: outcomes.length === 0 ? message('check.import-test.none') : unavailable === outcomes.length ? message('check.import-test.not-run') : message('check.import-test', { ok: outcomes.length - failed - unavailable, count: outcomes.length, failed }),
    }),
  });
  report('import-test', 'finished', `${failed} import failure(s)`);

  report('static-analysis', 'started', 'Simulating the loader for each extension module');
  let analysed = 0;
  const simulations: (LoadSimulation | null)[] = await mapLimit(selection.picks.map((pick, i) => ({ pick, i })), concurrency, async ({ pick, i }) => {
    const known = early?.[i];
    const simulation = known !== undefined ? known : pick.ext && !signal?.aborted ? await deps.simulateLoad(env, pick.ext) : null;
    analysed++;
    report('static-analysis', 'started', `Analysed ${pick.module}`, analysed / total);
    return simulation;
  });
  // The context checks (app/diagnosis/context): for one module, what its parent package and the
  // program's earlier imports loaded before it, and the symptom reconciled with the fresh import.
  let contextCauses: Cause[] = [];
  const onePick = selection.picks[0];
  if (!('all' in request) && !('package' in request) && selection.picks.length === 1 && onePick && outcomes[0] && !signal?.aborted) {
    const context = await examineContext({ env, request, error, errorText, pick: onePick, outcome: outcomes[0], simulation: simulations[0] ?? null, deps, signal });
    simulations[0] = context.simulation;
    outcomes[0] = context.outcome;
    contextCauses = context.causes;
    checks.push(...context.checks);
  } else if ('all' in request && deps.readBinary && !signal?.aborted) {
    // --all: the same-named copies of every package, predicted from the files (issue 20, item 4).
    const same = await sameNamedLibraryCauses(env, deps.readBinary.bind(deps), null, new ContextRemedyIds('all-ctx'));
    contextCauses = same.causes;
    checks.push(same.check);
  }
  // Two OpenMP runtimes (OMP: Error #15): for --all, an Error #15 given, or a module whose package ships one.
  const ompPackages = new Set(openmpCopies(env).map((c) => c.pkg.name));
  if ('all' in request || parseOmpError15(errorText) !== null || selection.picks.some((p) => p.pkg && ompPackages.has(p.pkg.name))) {
    const omp = duplicateOpenmpCauses(env, errorText, new ContextRemedyIds('omp'));
    contextCauses = [...contextCauses, ...omp.causes];
    checks.push(omp.check);
  }
  const findings = simulations.reduce((n, s) => n + (s?.findings.length ?? 0), 0);
  const simulated = simulations.filter((s) => s !== null).length;
  checks.push({
    id: 'loader-simulation',
    status: simulated === 0 ? 'skipped' : findings > 0 ? 'problem' : 'ok',
    ...texts({
      title: message('check.loader-simulation.title'),
      detail: simulated === 0 ? message('check.loader-simulation.unavailable') : message('check.loader-simulation', { simulated, findings }),
    }),
  });
  report('static-analysis', 'finished', `${findings} finding(s)`);

  report('rank', 'started', 'Ranking causes');
  const examinations: ModuleExamination[] = selection.picks.map((pick, i) => ({
    module: pick.module,
    path: pick.ext?.path ?? null,
    package: pick.pkg,
    importOutcome: outcomes[i] ?? { status: 'unavailable', reason: 'not run' },
    simulation: simulations[i] ?? null,
  }));
  const availableVersions = new Map<string, readonly string[]>();
  if (deps.availableVersions && !signal?.aborted) {
    // Versions only matter for remedies, and remedies only for modules that fail or have findings
    // (--all of a healthy environment asks the index nothing).
    const concerned = examinations.filter((e) => e.importOutcome.status === 'failed' || (e.simulation?.findings.length ?? 0) > 0);
    const names = new Set(concerned.map((e) => e.package?.name).filter((n): n is string => typeof n === 'string'));
    // The package that provides a library with missing symbols may have a newer release that has them.
    const owners = buildOwnerIndex(env);
    for (const e of concerned) {
      for (const f of e.simulation?.findings ?? []) {
        const provider = f.kind === 'missing-symbols' ? owners.packageOf(f.provider) : null;
        if (provider) names.add(provider.name);
      }
    }
    // One index request per package, all at once (those of shared failures already under way).
    const found = await Promise.all([...names].map(async (name) => [name, await lookUpVersions(name)] as const));
    for (const [name, versions] of found) availableVersions.set(normalizeName(name), versions);
  }
  const host = await hostPending;
  if (host !== null) checks.push(hostCheck(host));
  // The x86 ISA levels the modules and the libraries they load state (Linux ELF notes).
  const isaFiles = [...new Set(examinations.flatMap((e) => [e.path, ...(e.simulation?.resolved ?? []).map((l) => l.resolvedPath)]).filter((f): f is string => f !== null))];
  const isaNeeds = deps.isaNeeds && isaFiles.length > 0 && !signal?.aborted ? await deps.isaNeeds(isaFiles).catch(() => new Map<string, readonly string[]>()) : new Map<string, readonly string[]>();
  const ranked = rankCauses(
    { env, error, errorText, modules: examinations, health, knowledgeBase: options.knowledgeBase ?? loadKnowledgeBase(), availableVersions, files: options.files ?? nodeFileCheck, host, isaNeeds },
    parseErrorText,
  );
  checks.push({ id: 'knowledge-base', status: ranked.some((c) => c.confidence.signals.some((s) => s.startsWith('known-issue:'))) ? 'warning' : 'ok', ...texts({ title: message('check.knowledge-base.title'), detail: message('check.knowledge-base') }) });
  // A static finding about a module that imports fine is the simulation's limit, not the user's
  // problem: it is listed among the checks, not as a cause.
  const contradicted = ranked.filter((c) => c.confidence.signals.includes('import-succeeds') && !c.confidence.signals.includes('health-check'));
  const causes = withLibstdcxxRemedies(
    [...contextCauses, ...onlyExistingFiles(ranked.filter((c) => !contradicted.includes(c)), options.files ?? nodeFileCheck)].sort((a, b) => b.confidence.score - a.confidence.score),
    env,
  );
  if (contradicted.length > 0) {
    checks.push({ id: 'contradicted', status: 'warning', ...texts({ title: message('check.contradicted.title'), detail: message('check.list', { list: contradicted.map((c) => c.title).join('; ') }) }) });
  }
  // Importing every extension on its own can fail for reasons that are not about loading (a
  // Cython module that must be imported through its package): in bulk mode only load failures count.
  const bulk = 'all' in request || 'package' in request;
  const isLoadFailure = (o: ImportOutcome): boolean =>
    o.status === 'failed' && (!bulk || parseErrorText(`${o.traceback}\n${o.exceptionType ?? 'ImportError'}: ${o.message}`).recognized);
  const otherFailures = selection.picks.filter((_p, i) => outcomes[i]?.status === 'failed' && !isLoadFailure(outcomes[i] as ImportOutcome));
  if (otherFailures.length > 0) {
    checks.push({ id: 'other-import-errors', status: 'warning', ...texts({ title: message('check.other-import-errors.title'), detail: message('check.list', { list: otherFailures.map((p) => p.module).join(', ') }) }) });
  }
  const anyImportFails = outcomes.some(isLoadFailure);
  const importCheck = checks.findIndex((c) => c.id === 'import-test');
  const importRecord = checks[importCheck];
  if (importRecord && importRecord.status === 'problem' && !anyImportFails) checks[importCheck] = { ...importRecord, status: 'warning' };
  recommendOne(causes, canRunPython(env));
  const unchecked = [...uncheckedOf(env, request, selection.picks, outcomes, simulations), ...hostUnchecked(causes, host).map((u) => ({ ...u, blocksVerdict: false }))];
  // Cancelled: what was found is reported, never as the whole answer (a skipped module is not a healthy one).
  const partial = signal?.aborted === true;
  if (partial) {
    const done = outcomes.filter((o) => o.status !== 'unavailable').length;
    checks.push({ id: 'cancelled', status: 'warning', ...texts({ title: message('check.cancelled.title'), detail: message('check.cancelled', { done, count: outcomes.length }) }) });
  }
  // "Healthy" needs proof: every module examined was imported for real. Without it, no verdict.
  const status: Diagnosis['status'] = partial
    ? 'partial'
    : causes.length > 0
      ? 'problem-found'
      : anyImportFails
        ? 'unexplained'
        : unchecked.some((u) => u.blocksVerdict)
          ? 'inconclusive'
          : 'healthy';
  report('rank', 'finished', status === 'healthy' ? 'No problem found' : status === 'inconclusive' ? 'No verdict: the checks that prove it could not run here' : `${causes.length} cause(s)`);

  const diagnosis: Diagnosis = {
    status,
    environment: {
      python: env.python,
      prefix: env.description.prefix,
      pythonVersion: env.description.python.version,
      implementation: implementationName(env),
      platform: envPlatform(env),
      architecture: env.description.python.architecture,
      kind: envKind(env),
      packageCount: env.packages.length,
    },
    target: targetOf(request),
    error,
    modules: examinations.map((e) => ({
      module: e.module,
      ok: e.importOutcome.status === 'ok',
      message: e.importOutcome.status === 'failed' ? e.importOutcome.message : e.importOutcome.status === 'unavailable' ? e.importOutcome.reason : null,
      package: e.package?.name ?? null,
      ...(e.importOutcome.status === 'unavailable' && e.importOutcome.reasonMessage ? { messages: { message: e.importOutcome.reasonMessage } } : {}),
    })),
    causes,
    checks,
    unchecked: unchecked.map(({ blocksVerdict: _b, ...u }) => u),
    ...(host ? { host } : {}),
    startedAt,
    finishedAt: now().toISOString(),
  };
  // A copied Windows environment: "how to check" names that machine's python.exe where its folder is known.
  const there = envPlatform(env) === 'windows' && !canRunPython(env) ? thatMachinePython(home, request, envKind(env) === 'venv') : null;
  return there === null ? diagnosis : namingThatMachinePython(diagnosis, there);
}

/** That machine's python.exe, quoted: in the folder the request gave (checked), else in the one the pasted error names; null when neither. */
function thatMachinePython(home: string | null, request: DiagnosisRequest, venv: boolean): string | null {
  if (home !== null) return windowsPythonIn(home, venv);
  return windowsPythonFromError('errorText' in request ? request.errorText : null, venv);
}
