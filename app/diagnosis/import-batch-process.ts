/**
 * One long-lived interpreter importing many modules, one after the other (diagnose --all).
 *
 * The module names go in on stdin (one JSON array: no command-line length limit); the interpreter
 * prints a line before each import and one with its outcome after it, flushed, so that when it dies
 * inside an import (a crash in an extension's init) the module it died in is known and the ones
 * after it are reported as not reached. Runs `python -I` with an argument array through the one
 * process runner, like the single import, with an idle limit per import and an output cap.
 */
import { isModuleName } from '../base/module-name';
import type { EnvironmentFacts, ImportOutcome } from './facts/facts';
import { runProcess } from '../process/run-process';

const MARK = '@@PDD-BATCH@@';

const BATCH_SCRIPT = String.raw`
import importlib, json, sys, traceback
MARK = "${MARK}"
def emit(obj):
    sys.stdout.write(MARK + json.dumps(obj) + "\n")
    sys.stdout.flush()
for i, name in enumerate(json.loads(sys.stdin.read())):
    emit({"start": i})
    try:
        importlib.import_module(name)
        emit({"done": i, "ok": True})
    except BaseException as e:
        emit({"done": i, "ok": False, "type": type(e).__name__, "message": str(e), "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))})
`;

/** No line for this long during one import: the interpreter is stopped and that import counts as failed. */
const IMPORT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs the batch through the one process runner (app/process/run-process.ts): its own process
 * group, the watchdog, the whole tree stopped on cancel, on the idle limit or once every answer is
 * in, and one line in the log. The tree is killed at once (no grace): an importer has nothing to
 * save, and a module's thread or atexit handler must not keep the diagnosis waiting.
 */
export async function importBatchInProcess(
  env: EnvironmentFacts,
  modules: readonly string[],
  childEnv: NodeJS.ProcessEnv,
  signal?: AbortSignal,
  onOutcome?: (index: number, outcome: ImportOutcome) => void,
): Promise<(ImportOutcome | null)[]> {
  const outcomes: (ImportOutcome | null)[] = modules.map(() => null);
  const names: string[] = [];
  const index: number[] = [];
  modules.forEach((m, i) => {
    if (isModuleName(m)) {
      names.push(m);
      index.push(i);
    } else {
      outcomes[i] = { status: 'unavailable', reason: `"${m}" is not a module name.` };
    }
  });
  if (names.length === 0 || signal?.aborted) return outcomes;
  let started = -1;
  let stderr = '';
  let stopped: string | null = null;
  const ours = new AbortController();
  const stop = (why: string): void => {
    stopped ??= why;
    ours.abort();
  };
  const onAbort = (): void => stop('cancelled');
  signal?.addEventListener('abort', onAbort, { once: true });
  const onLine = (stream: 'stdout' | 'stderr', line: string): void => {
    if (stream === 'stderr') {
      stderr = `${stderr}${line}\n`.slice(-16_000);
      return;
    }
    const at = line.indexOf(MARK);
    if (at < 0) return;
    let data: { start?: number; done?: number; ok?: boolean; type?: string; message?: string; traceback?: string };
    try {
      data = JSON.parse(line.slice(at + MARK.length)) as typeof data;
    } catch {
      return;
    }
    if (typeof data.start === 'number') started = data.start;
    if (typeof data.done === 'number' && data.done >= 0 && data.done < names.length) {
      const outcome: ImportOutcome = data.ok
        ? { status: 'ok' }
        : { status: 'failed', exceptionType: data.type ?? null, message: data.message ?? '', traceback: data.traceback ?? '' };
      outcomes[index[data.done] as number] = outcome;
      onOutcome?.(index[data.done] as number, outcome);
      // Every answer is in: a module's thread or atexit handler must not keep us waiting.
      if (data.done === names.length - 1) stop('finished');
    }
  };
  const result = await runProcess([env.python, '-I', '-c', BATCH_SCRIPT], {
    env: childEnv,
    input: JSON.stringify(names),
    signal: ours.signal,
    idleTimeoutMs: IMPORT_TIMEOUT_MS,
    // Bounded by the idle limit per import; the overall limit only backs it up.
    timeoutMs: IMPORT_TIMEOUT_MS * (names.length + 1),
    graceMs: 0,
    maxOutput: 0,
    // Counted as it arrives, so a line that never ends is bounded too.
    maxStreamBytes: MAX_OUTPUT,
    onLine,
  });
  signal?.removeEventListener('abort', onAbort);
  if (result.overflow) stopped ??= 'too much output';
  else if (result.idle) stopped ??= `no answer within ${IMPORT_TIMEOUT_MS / 1000} s`;
  else if (result.timedOut) stopped ??= 'out of time';
  const how = result.spawnError !== null ? 'a start failure' : result.signal ? `signal ${result.signal}` : null;
  if (result.spawnError !== null) stderr = `${stderr}${result.stderr}`;
  // The import it died in (not when cancelled: then nothing more is known).
  if (started >= 0 && started < names.length && outcomes[index[started] as number] === null && stopped !== 'cancelled' && stopped !== 'finished') {
    const module = names[started] as string;
    outcomes[index[started] as number] = {
      status: 'failed',
      exceptionType: null,
      message: `The interpreter ${stopped ? `was stopped (${stopped})` : `exited with ${how ?? `code ${result.code}`}`} while importing ${module}. ${stderr.trim().slice(-2000)}`,
      traceback: stderr.slice(-8000),
    };
  }
  return outcomes;
}
