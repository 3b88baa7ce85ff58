/**
 * One long-lived interpreter importing many modules, one after the other (diagnose --all).
 *
 * The module names go in on stdin (one JSON array: no command-line length limit); the interpreter
 * prints a line before each import and one with its outcome after it, flushed, so that when it dies
 * inside an import (a crash in an extension's init) the module it died in is known and the ones
 * after it are reported as not reached. Runs `python -I` with an argument array, like the single
 * import, with a time limit per import and an output cap.
 */
import { spawn } from 'node:child_process';
import { isModuleName } from '../base/module-name';
import type { EnvironmentFacts, ImportOutcome } from './facts';

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

/** No output for this long during one import: the interpreter is stopped and that import counts as failed. */
const IMPORT_TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

export function importBatchInProcess(env: EnvironmentFacts, modules: readonly string[], childEnv: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<(ImportOutcome | null)[]> {
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
  if (names.length === 0 || signal?.aborted) return Promise.resolve(outcomes);
  return new Promise((resolve) => {
    const child = spawn(env.python, ['-I', '-c', BATCH_SCRIPT], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let started = -1;
    let buffered = '';
    let stderr = '';
    let size = 0;
    let timer: NodeJS.Timeout | null = null;
    let stopped: string | null = null;
    const stop = (why: string): void => {
      stopped ??= why;
      child.kill();
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => stop(`no answer within ${IMPORT_TIMEOUT_MS / 1000} s`), IMPORT_TIMEOUT_MS);
    };
    const onAbort = (): void => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) stop('too much output');
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const at = line.indexOf(MARK);
        if (at < 0) continue;
        let data: { start?: number; done?: number; ok?: boolean; type?: string; message?: string; traceback?: string };
        try {
          data = JSON.parse(line.slice(at + MARK.length)) as typeof data;
        } catch {
          continue;
        }
        arm();
        if (typeof data.start === 'number') started = data.start;
        if (typeof data.done === 'number' && data.done >= 0 && data.done < names.length) {
          outcomes[index[data.done] as number] = data.ok
            ? { status: 'ok' }
            : { status: 'failed', exceptionType: data.type ?? null, message: data.message ?? '', traceback: data.traceback ?? '' };
          // Every answer is in: a module's thread or atexit handler must not keep us waiting.
          if (data.done === names.length - 1) stop('finished');
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-16_000);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(names));
    const finish = (code: number | null, how: string | null): void => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // The import it died in (not when cancelled: then nothing more is known).
      if (started >= 0 && started < names.length && outcomes[index[started] as number] === null && stopped !== 'cancelled' && stopped !== 'finished') {
        const module = names[started] as string;
        outcomes[index[started] as number] = {
          status: 'failed',
          exceptionType: null,
          message: `The interpreter ${stopped ? `was stopped (${stopped})` : `exited with ${how ?? `code ${code}`}`} while importing ${module}. ${stderr.trim().slice(-2000)}`,
          traceback: stderr.slice(-8000),
        };
      }
      resolve(outcomes);
    };
    child.on('error', () => finish(null, 'a start failure'));
    child.on('close', (code, sig) => finish(code, sig ? `signal ${sig}` : null));
  });
}
