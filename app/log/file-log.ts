import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { setLogWriteFailure } from '../base/log-failure';
import { unwritableReason } from '../base/write-errors';

/**
 * The doctor's log file: every command it runs (arguments, exit code, time taken) and every engine
 * error with its stack, so a user can attach one file to a bug report. One format in every host
 * (the desktop app, browser mode, the CLI), the one electron-log writes by default:
 * `[2026-12-02 05:18:11.123] [info] text`. Nothing is logged until a host names the file.
 */
let logFile: string | null = null;
/** A host's own writer (the desktop app's electron-log); absent: lines are appended to logFile. */
let writer: ((level: 'info' | 'error', text: string) => void) | null = null;
let queue: Promise<void> = Promise.resolve();
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Names the log file (`<dataDir>/logs/doctor.log` by convention; null turns logging off), and
 * optionally the writer that owns it (electron-log in the desktop app, with the same line format).
 */
export function configureLog(file: string | null, write?: (level: 'info' | 'error', text: string) => void): void {
  logFile = file;
  setLogWriteFailure(null);
  writer = write ?? null;
}

export { logWriteFailure } from '../base/log-failure';

/** Where the log is written, for the report and the CLI's messages. */
export function logFilePath(): string | null {
  return logFile;
}

/** The conventional log file of a data folder. */
export function defaultLogFile(dataDir: string): string {
  return path.join(dataDir, 'logs', 'doctor.log');
}

function stamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}`;
}

function write(level: 'info' | 'error', text: string): void {
  const file = logFile;
  if (!file) return;
  if (writer) {
    writer(level, text);
    return;
  }
  const line = `[${stamp(new Date())}] [${level}] ${text.replace(/\r?\n/g, '\n    ')}\n`;
  queue = queue
    .then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      // One old file is kept: the log stays bounded however long the app runs.
      const size = await stat(file).then((s) => s.size, () => 0);
      if (size > MAX_BYTES) await rename(file, `${file}.old`).catch(() => undefined);
      await appendFile(file, line);
      setLogWriteFailure(null);
    })
    // Logging never breaks what it records; the failure is kept so errors do not ask for a log that is not there.
    .catch((error: unknown) => {
      setLogWriteFailure(`${file}: ${unwritableReason(error) ?? (error as Error).message}`);
    });
}

/** Records one event (a command and its outcome) as a JSON object after its name. */
export function logEvent(kind: string, data: Record<string, unknown>): void {
  write('info', `${kind} ${JSON.stringify(data)}`);
}

/** Records an error with everything the page is not shown: its stack, code and cause. */
export function logError(context: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  write('error', `${context}: ${detail}`);
}

/** Resolves when every line so far is on disk (tests and the CLI before exiting). */
export function flushLog(): Promise<void> {
  return queue;
}
