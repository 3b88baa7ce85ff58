/**
 * The context checks of one diagnosis: what the module's parent package and the program's earlier
 * imports have already done when the module loads (issue 20).
 *
 * 1. Parent state: a module whose loader simulation found libraries missing is simulated again
 *    from the state its parent package's import leaves (the libraries it loaded; on Linux a
 *    DT_NEEDED is satisfied by a loaded SONAME). A library the parent loaded is not missing; what
 *    it lacks is then found by the simulation's symbol checks.
 * 2. Program context: the imports made before the failing one (--after, the program file given or
 *    the one the traceback names) replayed in order; an earlier import's copy of a library that
 *    lacks what the module needs is named, and moving the import is offered only when the replay
 *    with the module first works.
 * 3. Reconciliation: an error that names a load failure of a module that imports on its own is
 *    never "healthy": it becomes a context-dependent cause when nothing more specific is proved.
 */
import type { DiagnosisDeps, EnvironmentFacts, ExtensionModule, ImportOutcome, LoadSimulation, PackageFacts } from '../facts/facts';
import type { Cause, CheckRecord, ParsedError } from '../types';
import { findContextConflicts, libraryKey } from './conflict';
import { contextDependentCause, loadOrderConflictCause } from './context-causes';
import { ContextRemedyIds } from './libstdcxx-versions';
import { sameNamedLibraryCauses } from './predicted-causes';
import { importingModule, programFrame } from './program-frame';
import type { ProgramImport, Replay } from './replay';
import { commaList, message, semicolonList, texts, type MessageParam } from '../../messages';

/** The program context a request can carry. */
export interface ContextRequest {
  /** Modules the program imports before the failing one, in order. */
  readonly after?: readonly string[];
  /** The program file whose imports are replayed (its imports before the failing one). */
  readonly program?: string;
}

export interface ContextInput {
  readonly env: EnvironmentFacts;
  readonly request: ContextRequest;
  readonly error: ParsedError | null;
  readonly errorText: string | null;
  /** The one module examined (context checks run for a single module, never for --all). */
  readonly pick: { readonly module: string; readonly ext: ExtensionModule | null; readonly pkg: PackageFacts | null };
  readonly outcome: ImportOutcome;
  readonly simulation: LoadSimulation | null;
  readonly deps: DiagnosisDeps;
  readonly signal?: AbortSignal;
}

export interface ContextResult {
  /** The module's simulation, redone from its parent's state when that changed it. */
  readonly simulation: LoadSimulation | null;
  /**
   * The import outcome the verdict stands on: the fresh import's, or, when the context was given
   * (--after, --program) and the module imports in it, that import (it is how the program runs it).
   */
  readonly outcome: ImportOutcome;
  readonly causes: Cause[];
  readonly checks: CheckRecord[];
}

const MAX_CONTEXT_IMPORTS = 50;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function top(module: string): string {
  return module.split('.')[0] ?? module;
}

/** The imports before the failing one: those above its line, else those before the first import of its package. */
export function importsBefore(imports: readonly ProgramImport[], target: string, line: number | null): ProgramImport[] {
  const out: ProgramImport[] = [];
  const seen = new Set<string>();
  for (const i of imports) {
    if (line !== null ? i.line >= line : top(i.module) === top(target)) break;
    if (i.module === target || seen.has(i.module)) continue;
    seen.add(i.module);
    out.push(i);
  }
  return out.slice(0, MAX_CONTEXT_IMPORTS);
}

/** The libraries a replay loaded, by the names the loader matches (file name and SONAME / DLL name). */
async function loadedNames(paths: readonly string[], deps: DiagnosisDeps): Promise<Set<string>> {
  const names = new Set<string>();
  for (const p of paths.slice(0, 600)) {
    names.add(fileName(p));
    names.add(fileName(p).toLowerCase());
    const m = deps.readBinary ? await deps.readBinary(p) : null;
    if (m) names.add(libraryKey(m));
  }
  return names;
}

async function parentState(input: ContextInput, checks: CheckRecord[]): Promise<LoadSimulation | null> {
  const { env, pick, simulation, deps, signal } = input;
  const missing = (simulation?.findings ?? []).filter((f) => f.kind === 'missing-library');
  // The parent package, or for a top-level extension the installed module whose code imported it
  // in the error given (flash_attn for flash_attn_2_cuda): its import is what loads it in real use.
  const fromTraceback = input.errorText ? importingModule(input.errorText) : null;
  const parent = pick.module.includes('.') ? pick.module.split('.').slice(0, -1).join('.') : fromTraceback !== pick.module ? fromTraceback : null;
  const before = [...(input.request.after ?? []), ...(parent ? [parent] : [])];
  if (!pick.ext || !simulation || missing.length === 0) return simulation;
  if (!deps.replayImports) {
    // Offline: the same facts read from the package's files (its __init__, delvewheel's patch, .pth bootstraps).
    const loading = deps.packageLoading ? await deps.packageLoading(env, pick.ext) : null;
    if (!loading) {
      checks.push({ id: 'package-loading-code', status: 'skipped', ...texts({ title: message('check.package-loading-code.title'), detail: message('check.package-loading-code.not-followed', { libraries: missing.map((f) => f.library).join(', ') }) }) });
      return simulation;
    }
    const read = loading.recognised.length > 0 ? semicolonList(loading.messages.recognised) : message('context.loading.none');
    const notChecked = loading.notChecked.length > 0 ? message('context.loading.not-checked', { items: semicolonList(loading.messages.notChecked) }) : '';
    checks.push({ id: 'package-loading-code', status: loading.notChecked.length > 0 ? 'warning' : 'ok', ...texts({ title: message('check.package-loading-code.title.read'), detail: message('context.loading.detail', { read, notChecked }) }) });
    if (loading.state.loaded.length + loading.state.dllDirectories.length === 0) return simulation;
    return (await deps.simulateLoad(env, pick.ext, loading.state)) ?? simulation;
  }
  if (before.length === 0) return simulation;
  const what = parent ? `import ${parent}` : `import ${before.join(', ')}`;
  const replay = await deps.replayImports(env, before, signal);
  const step = replay?.steps.at(-1);
  if (!replay || !step || step.module !== before.at(-1) || step.loaded === null) {
    checks.push({ id: 'parent-state', status: 'skipped', ...texts({ title: message('check.parent-state.title', { parent: what }), detail: message('check.parent-state.unlisted') }) });
    return simulation;
  }
  const state = replay.steps.flatMap((s) => s.loaded ?? []);
  const names = await loadedNames(state, deps);
  const found = missing.filter((f) => names.has(f.library) || names.has(f.library.toLowerCase()));
  const events = replay.steps.flatMap((s) => s.events.map((e) => `${e.event} ${e.detail}`));
  const loaded = message('check.parent-state.loaded', { parent: what, count: state.length, calls: events.length > 0 ? message('check.parent-state.calls', { count: events.length, events: events.slice(0, 5).join('; ') }) : '' });
  if (found.length === 0) {
    checks.push({ id: 'parent-state', status: 'ok', ...texts({ title: message('check.parent-state.title', { parent: what }), detail: message('check.parent-state.none-missing', { loaded }) }) });
    return simulation;
  }
  const dllDirectories = replay.steps.flatMap((s) => s.events.filter((e) => e.event === 'os.add_dll_directory').map((e) => e.detail));
  const redone = await deps.simulateLoad(env, pick.ext, { loaded: state, dllDirectories });
  checks.push({ id: 'parent-state', status: 'ok', ...texts({ title: message('check.parent-state.title', { parent: what }), detail: message('check.parent-state.found', { loaded, libraries: found.map((f) => f.library).join(', '), count: found.length }) }) });
  return redone ?? simulation;
}

interface ProgramContext {
  readonly after: string[];
  /** The program, its imports before the failing one, and the import on the failing line. */
  readonly program: { readonly file: string; readonly imports: readonly ProgramImport[]; readonly failing: ProgramImport | null } | null;
  /** Why no context could be read, for the context-dependent cause's explanation ('' when there is nothing to say). */
  readonly note: MessageParam;
}

async function programContext(input: ContextInput, checks: CheckRecord[]): Promise<ProgramContext> {
  const { env, request, errorText, pick, deps, signal } = input;
  if (request.after && request.after.length > 0) return { after: request.after.filter((m) => m !== pick.module).slice(0, MAX_CONTEXT_IMPORTS), program: null, note: '' };
  const frame = request.program ? { file: request.program, line: null } : errorText ? programFrame(errorText, env.description.prefix) : null;
  if (!frame) return { after: [], program: null, note: message('context.note.give-imports') };
  if (!deps.programImports) return { after: [], program: null, note: message('context.note.unreadable-program', { file: frame.file }) };
  try {
    const all = await deps.programImports(env, frame.file, signal);
    const imports = importsBefore(all, pick.module, frame.line);
    const failing = all.find((i) => (frame.line !== null ? i.line === frame.line : top(i.module) === top(pick.module))) ?? null;
    const listed = imports.length > 0 ? commaList(imports.map((i) => message('context.program-imports.import', { module: i.module, line: i.line }))) : message('word.none');
    const before = frame.line !== null ? message('context.program-imports.before-line', { line: frame.line }) : '';
    checks.push({ id: 'program-imports', status: 'ok', ...texts({ title: message('check.program-imports.title'), detail: message('context.program-imports.detail', { file: frame.file, before, imports: listed }) }) });
    return { after: imports.map((i) => i.module), program: { file: frame.file, imports, failing }, note: imports.length === 0 ? message('context.note.imports-nothing', { file: frame.file }) : '' };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    checks.push({ id: 'program-imports', status: 'skipped', ...texts({ title: message('check.program-imports.title'), detail: message('word.verbatim', { text: why }) }) });
    return { after: [], program: null, note: message('context.note.failed', { why: why.replace(/\s+/g, ' ').trim() }) };
  }
}

/** Each import of a replay, whether it worked and how many native libraries it loaded ("import a: ok, 3 native libraries; …"). */
function describeReplay(replay: Replay): MessageParam {
  return semicolonList(replay.steps.map((s) => message('context.replay.step', { module: s.module, result: message(s.ok ? 'context.replay.ok' : 'context.replay.fails'), loaded: s.loaded ? message('context.replay.libraries', { count: s.loaded.length }) : '' })));
}

/** Runs the context checks for the one module a diagnosis examines. */
export async function examineContext(input: ContextInput): Promise<ContextResult> {
  const { env, error, errorText, pick, outcome, deps, signal } = input;
  const checks: CheckRecord[] = [];
  const causes: Cause[] = [];
  const simulation = await parentState(input, checks);
  const context = await programContext(input, checks);
  const ids = new ContextRemedyIds('ctx');
  const aloneOk = outcome.status === 'ok';
  let inContext: Replay | null = null;
  let reproduced = false;
  if (context.after.length > 0 && deps.replayImports && outcome.status !== 'unavailable' && !signal?.aborted) {
    inContext = await deps.replayImports(env, [...context.after, pick.module], signal);
    const last = inContext?.steps.at(-1);
    if (!inContext || !last || last.module !== pick.module) {
      checks.push(inContext ? { id: 'context-replay', status: 'warning', ...texts({ title: message('check.context-replay.title'), detail: message('context.replay.not-reached', { replay: describeReplay(inContext), module: pick.module }) }) } : { id: 'context-replay', status: 'warning', ...texts({ title: message('check.context-replay.title'), detail: message('check.context-replay.no-interpreter') }) });
      inContext = null;
    } else {
      checks.push({ id: 'context-replay', status: last.ok ? 'ok' : 'problem', ...texts({ title: message('check.context-replay.title'), detail: message('word.verbatim', { text: describeReplay(inContext) }) }) });
      reproduced = !last.ok;
    }
  }
  if (inContext && reproduced && aloneOk && deps.replayImports) {
    const alone = await deps.replayImports(env, [pick.module], signal);
    const read = deps.readBinary?.bind(deps);
    const conflicts = alone && alone.steps[0]?.ok && read ? await findContextConflicts(inContext, alone, read) : [];
    const conflict = conflicts[0];
    if (conflict) {
      // The program's own import statement moves (import scipkg), not the extension it loads.
      const failing = context.program?.failing ?? null;
      const first = failing?.module ?? pick.module;
      const reordered = await deps.replayImports(env, [first, ...context.after.filter((m) => m !== first)], signal);
      const lineOf = (m: string): number | null => context.program?.imports.find((i) => i.module === m)?.line ?? null;
      const program = context.program ? { file: context.program.file, targetLine: failing?.line ?? null, earlierLine: lineOf(conflict.earlierModule) } : null;
      causes.push(loadOrderConflictCause({ env, target: pick.module, moved: first, conflict, inContext, reordered, program, ids }));
    }
  }
  // Predicted from the files: another package's same-named copy, loaded first, lacks what this
  // package's modules need (what also works for a copied Windows folder).
  if (pick.pkg && deps.readBinary) {
    const named = new Set(causes.map((c) => c.id.split(':')[2] ?? ''));
    const same = await sameNamedLibraryCauses(env, deps.readBinary.bind(deps), pick.pkg.name, ids, named);
    causes.push(...same.causes);
    checks.push(same.check);
  }
  // The symptom given (or reproduced in context) and a module that loads on its own: never healthy.
  const symptom = (error?.recognized === true && error.failureClass !== 'unknown') || reproduced;
  if (causes.length === 0 && aloneOk && symptom) {
    causes.push(contextDependentCause({ env, target: pick.module, error: error?.recognized ? error : null, errorText, pkg: pick.pkg, inContext, reproduced, contextNote: context.note }));
  }
  const given = (input.request.after?.length ?? 0) > 0 || input.request.program !== undefined;
  if (given && inContext && !reproduced && outcome.status === 'failed') {
    checks.push({ id: 'import-in-context', status: 'ok', ...texts({ title: message('check.import-in-context.title'), detail: message('check.import-in-context.detail', { module: pick.module, error: `${outcome.exceptionType ?? 'Error'}: ${outcome.message.split('\n')[0]}`, after: context.after.join(', ') }) }) });
    return { simulation, causes, checks, outcome: { status: 'ok' } };
  }
  return { simulation, causes, checks, outcome };
}
