/**
 * The context replay: the imports a program makes before the failing one, run in order in one
 * fresh isolated interpreter (`python -I`, through the one process runner), with what each import
 * loaded. Also reads the imports of a program file (parsed by the environment's own `ast`).
 */
import { runProcess } from '../../process/run-process';
import type { EnvironmentFacts } from '../facts/facts';
import { PROGRAM_IMPORTS_SCRIPT, REPLAY_MARK, REPLAY_SCRIPT } from './replay-script';
import { isModuleName } from '../../base/module-name';
import { loadedImagesFrom } from '../../envs';

/** What one import of the replay did to the process. */
export interface ReplayStep {
  readonly module: string;
  readonly ok: boolean;
  readonly exceptionType: string | null;
  readonly message: string | null;
  readonly traceback: string | null;
  /** Native libraries loaded by this import (absolute paths, load order); null when they could not be listed here. */
  readonly loaded: readonly string[] | null;
  /** `os.add_dll_directory` and `ctypes.dlopen` calls made during it (audit hooks). */
  readonly events: readonly { readonly event: string; readonly detail: string }[];
  /** Entries this import added to sys.path. */
  readonly pathAdded: readonly string[];
}

export interface Replay {
  /** The interpreter's own libraries before the first import; null when they could not be listed. */
  readonly baseline: readonly string[] | null;
  /** Whether audit hooks ran (Python >= 3.8): without them `events` is empty for lack of means. */
  readonly auditHooks: boolean;
  /** One entry per import reached, in order; an import the interpreter died in is a failed step. */
  readonly steps: readonly ReplayStep[];
  /** The modules that were never reached (the interpreter ended before them). */
  readonly notReached: readonly string[];
}

/** A program's import and the line it is on. */
export interface ProgramImport {
  readonly module: string;
  readonly line: number;
}

const TIMEOUT_MS = 180_000;
const MAX_OUTPUT = 32 * 1024 * 1024;


type Line =
  | { baseline: string[] | null; auditHooks: boolean }
  | { start: number }
  | { done: number; module: string; ok: boolean; type?: string; message?: string; traceback?: string; loaded: string[] | null; events: { event: string; detail: string }[]; pathAdded: string[] };

/** Reads the marked lines of the replay's output; what the interpreter printed itself is ignored. */
export function parseReplayOutput(stdout: string, modules: readonly string[], stderr: string, code: number | null): Replay {
  let baseline: string[] | null = null;
  let auditHooks = false;
  let started = -1;
  const steps: ReplayStep[] = [];
  for (const raw of stdout.split('\n')) {
    const at = raw.indexOf(REPLAY_MARK);
    if (at < 0) continue;
    let line: Line;
    try {
      line = JSON.parse(raw.slice(at + REPLAY_MARK.length)) as Line;
    } catch {
      continue;
    }
    if ('baseline' in line) {
      baseline = loadedImagesFrom(line.baseline);
      auditHooks = line.auditHooks;
    } else if ('start' in line) {
      started = line.start;
    } else if ('done' in line) {
      steps.push({
        module: line.module,
        ok: line.ok,
        exceptionType: line.ok ? null : (line.type ?? null),
        message: line.ok ? null : (line.message ?? ''),
        traceback: line.ok ? null : (line.traceback ?? ''),
        loaded: loadedImagesFrom(line.loaded),
        events: line.events,
        pathAdded: line.pathAdded,
      });
    }
  }
  // The interpreter died inside an import (a crash in an extension's init): that import failed.
  if (started >= 0 && steps.length === started && started < modules.length) {
    const tail = stderr.trim().slice(-2000);
    steps.push({ module: modules[started] as string, ok: false, exceptionType: null, message: `The interpreter exited with code ${code} during this import. ${tail}`.trim(), traceback: tail, loaded: null, events: [], pathAdded: [] });
  }
  return { baseline, auditHooks, steps, notReached: modules.slice(steps.length) };
}

/**
 * Imports `modules` in order in one fresh `python -I` and records each step. Resolves null when
 * the interpreter cannot run here (an offline description).
 */
export async function replayImports(env: EnvironmentFacts, modules: readonly string[], childEnv: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Replay | null> {
  const bad = modules.find((m) => !isModuleName(m));
  if (bad !== undefined) throw new Error(`"${bad}" is not a module name.`);
  const result = await runProcess([env.python, '-I', '-c', REPLAY_SCRIPT, JSON.stringify(modules)], { env: childEnv, timeoutMs: TIMEOUT_MS, maxOutput: MAX_OUTPUT, signal });
  if (result.spawnError !== null) return null;
  return parseReplayOutput(result.stdout, modules, result.stderr, result.code);
}

/**
 * The imports of a program file in source order, read by the environment's interpreter. Throws
 * with the interpreter's message when the file cannot be read or parsed.
 */
export async function readProgramImports(env: EnvironmentFacts, file: string, childEnv: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<ProgramImport[]> {
  const result = await runProcess([env.python, '-I', '-c', PROGRAM_IMPORTS_SCRIPT, file], { env: childEnv, timeoutMs: 60_000, maxOutput: 8 * 1024 * 1024, signal });
  if (result.spawnError !== null || result.code !== 0) {
    const why = result.stderr.trim().split('\n').pop() || result.spawnError || `exit code ${result.code}`;
    throw new Error(`Cannot read the imports of ${file}: ${why}`);
  }
  const parsed = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as { module: string; line: number }[];
  return parsed.filter((p) => isModuleName(p.module)).map((p) => ({ module: p.module, line: p.line }));
}
