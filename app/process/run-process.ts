import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { forgetChild, watchChild } from './child-watchdog';
import { stopGraceMs } from './grace';
import { windowsLaunch } from './windows-launch';
import { windowsAskTreeToClose, windowsKillTree } from './windows-kill';
import { consoleCodePage, decodingStream } from './console-code-page';
import { logEvent } from '../log/file-log';

/** How one child process ended. */
export interface ProcessResult {
  /** Exit code; null when it ended by a signal, was stopped, or could not start. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Stopped because the caller's signal aborted. */
  readonly cancelled: boolean;
  /** Stopped because it ran past its time limit. */
  readonly timedOut: boolean;
  /** Stopped because it printed no line for idleTimeoutMs (timedOut is then true as well). */
  readonly idle?: boolean;
  /** Stopped because its output (both streams, partial lines included) passed maxStreamBytes. */
  readonly overflow?: boolean;
  /** Spawn error code ("ENOENT", "EACCES", "ENOEXEC", ...) when the program could not be started. */
  readonly spawnError: string | null;
}

export interface ProcessOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the child's stdin, then closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** Time limit; past it the whole process tree is stopped (stopTree). Default: defaultTimeoutMs(env). */
  readonly timeoutMs?: number;
  /**
   * Stop the tree when the child prints no line (on either stream) for this long: a long-lived
   * child answering request after request (the batch importer) is stuck, not slow. Default: none.
   */
  readonly idleTimeoutMs?: number;
  /** How long a stopped tree has to end after its interrupt before it is killed. Default: stopGraceMs(env). */
  readonly graceMs?: number;
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Called with the child's PID once it runs (the repair lock records it). */
  readonly onSpawn?: (pid: number) => void;
  /** Output kept in the result, per stream (streamed lines are not limited). */
  readonly maxOutput?: number;
  /** Stop the tree once the child has written this many bytes in all (a line without end counts too). Default: none. */
  readonly maxStreamBytes?: number;
  /** Where this runs (injectable: tests check the Windows-only rule on Linux). */
  readonly platform?: NodeJS.Platform;
  /** 'console': a Windows console program (reg.exe, where.exe) that writes in the console code page, not UTF-8. */
  readonly output?: 'utf8' | 'console';
  /** The code page the output is decoded from (set from `output: 'console'`). */
  readonly codePage?: number;
}

const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;
const DEFAULT_TIMEOUT_S = 30 * 60;

/**
 * The time limit of a command unless its caller sets one: DOCTOR_COMMAND_TIMEOUT seconds, or 30
 * minutes (a pip install of large wheels over a slow link takes minutes, never half an hour).
 */
export function defaultTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.DOCTOR_COMMAND_TIMEOUT);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_TIMEOUT_S) * 1000;
}

/**
 * Whether a program can run on this machine at all. A Windows environment copied to Linux or macOS
 * is examined from its files; its python.exe must never be started here (Wine or binfmt_misc would
 * run it, with the wrong answers and side effects).
 */
export function runnableHere(file: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' || !/\.(exe|bat|cmd|com)$/i.test(file);
}

/**
 * The one way the doctor runs a child: an argument array (never a shell), output streamed line by
 * line, a cancel signal and a time limit that stop the whole process tree, and a watchdog that
 * kills the tree if the doctor itself dies (child-watchdog.ts).
 *
 * POSIX: the child leads a new process group; a cancel or the time limit first interrupts the
 * group (SIGINT, what Ctrl-C sends: Python raises KeyboardInterrupt, so pip unwinds and its
 * `finally` blocks run), and kills it with SIGKILL only when it is still there after the grace
 * period (stopTree). Windows: `taskkill /T` without /F asks the tree to close, and `taskkill /T /F`
 * ends it by parent PID after the grace period, or at once when taskkill refuses to ask (a console
 * program such as pip has no window to close); a job object and a console control event to a
 * detached child both need native code.
 */
export function runProcess(argv: readonly string[], options: ProcessOptions = {}): Promise<ProcessResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('runProcess needs a program.');
  const platform = options.platform ?? process.platform;
  const started = Date.now();
  if (!runnableHere(file, platform)) {
    logEvent('command-refused', { argv: [...argv], reason: 'a Windows program off Windows' });
    return Promise.resolve({ code: null, signal: null, stdout: '', stderr: `${file} is a Windows program and is not run on this system.\n`, cancelled: false, timedOut: false, spawnError: 'ENOEXEC' });
  }
  if (options.output === 'console' && platform === 'win32' && options.codePage === undefined) {
    return consoleCodePage((cmd) => runProcess(cmd, { timeoutMs: 15_000 })).then((codePage) => runProcess(argv, { ...options, codePage }));
  }
  const maxOutput = options.maxOutput ?? DEFAULT_MAX_OUTPUT;
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs(options.env);
  const graceMs = options.graceMs ?? stopGraceMs(options.env);
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let timedOut = false;
    let idle = false;
    let overflow = false;
    let spawnError: string | null = null;
    let settled = false;
    const launch = platform === 'win32' ? windowsLaunch(file, args, options.env ?? process.env) : { file, args, verbatim: false };
    if ('refused' in launch) {
      logEvent('command-refused', { argv: [...argv], reason: launch.refused });
      resolve({ code: null, signal: null, stdout: '', stderr: `${launch.refused}\n`, cancelled: false, timedOut: false, spawnError: 'EINVAL' });
      return;
    }
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(launch.file, launch.args, { env: options.env ?? process.env, cwd: options.cwd, detached: platform !== 'win32', windowsHide: true, windowsVerbatimArguments: launch.verbatim, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      // Node throws, rather than emits, the spawn errors it does not expect (EFTYPE: a python.exe that is no program, EINVAL).
      const code = (error as NodeJS.ErrnoException).code;
      resolve({ code: null, signal: null, stdout: '', stderr: `${(error as Error).message}\n`, cancelled: false, timedOut: false, spawnError: typeof code === 'string' ? code : 'ESPAWN' });
      return;
    }
    const pid = child.pid;
    if (pid !== undefined) {
      watchChild(pid);
      options.onSpawn?.(pid);
    }
    const keep = (text: string, line: string) => (text.length < maxOutput ? `${text}${line}\n` : text);
    const decoded = (stream: NodeJS.ReadableStream) => (options.codePage !== undefined && options.codePage !== 65001 ? stream.pipe(decodingStream(options.codePage)) : stream);
    let stopping: (() => void) | null = null;
    const stop = () => {
      stopping ??= stopTree(pid, graceMs, platform);
    };
    let idleTimer: NodeJS.Timeout | null = null;
    const stillTalking = () => {
      if (options.idleTimeoutMs === undefined || stopping) return;
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        idle = true;
        timedOut = true;
        stop();
      }, options.idleTimeoutMs);
    };
    stillTalking();
    let streamed = 0;
    const counted = (chunk: Buffer | string) => {
      streamed += chunk.length;
      if (options.maxStreamBytes !== undefined && streamed > options.maxStreamBytes && !overflow) {
        overflow = true;
        stop();
      }
    };
    if (options.maxStreamBytes !== undefined) {
      child.stdout.on('data', counted);
      child.stderr.on('data', counted);
    }
    createInterface({ input: decoded(child.stdout), crlfDelay: Infinity }).on('line', (line) => {
      stillTalking();
      stdout = keep(stdout, line);
      options.onLine?.('stdout', line);
    });
    createInterface({ input: decoded(child.stderr), crlfDelay: Infinity }).on('line', (line) => {
      stillTalking();
      stderr = keep(stderr, line);
      options.onLine?.('stderr', line);
    });
    const cancel = () => {
      cancelled = true;
      stop();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    // A child that exits before reading its input closes the pipe: EPIPE is expected, never fatal.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
    const finish = (code: number | null, signal: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (idleTimer) clearTimeout(idleTimer);
      stopping?.();
      options.signal?.removeEventListener('abort', cancel);
      if (pid !== undefined) forgetChild(pid);
      const result = { code, signal, stdout, stderr, cancelled, timedOut, ...(idle ? { idle } : {}), ...(overflow ? { overflow } : {}), spawnError };
      logEvent('command', { argv: [...argv], code, signal, cancelled, timedOut, ...(idle ? { idle } : {}), ...(overflow ? { overflow } : {}), spawnError, ms: Date.now() - started });
      resolve(result);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = typeof error.code === 'string' ? error.code : 'ESPAWN';
      stderr = `${stderr}${error.message}\n`;
      // A spawn failure emits no 'close' when the process never started.
      if (pid === undefined) finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/**
 * Stops a child and everything it started, the way it can clean up: an interrupt to the whole
 * group first, then SIGKILL to whatever of it is left after `graceMs` (pip's children included,
 * which may ignore the interrupt). Returns a function that cancels the pending kill once the child
 * has ended (its group id may be reused). Windows: taskkill without /F first (stopWindowsTree).
 */
export function stopTree(pid: number | undefined, graceMs: number, platform: NodeJS.Platform = process.platform): () => void {
  if (pid === undefined) return () => undefined;
  if (graceMs <= 0) {
    killTree(pid, platform);
    return () => undefined;
  }
  if (platform === 'win32') return stopWindowsTree(pid, graceMs);
  try {
    process.kill(-pid, 'SIGINT');
  } catch {
    return () => undefined; // already gone
  }
  // The group may outlive its leader (a build backend pip started): it is checked by group, not by 'close'.
  const hard = setTimeout(() => {
    if (groupAlive(pid, platform)) killTree(pid, platform);
  }, graceMs);
  return () => {
    // The leader ended; anything left in its group still gets the hard kill when the grace ends.
    if (!groupAlive(pid, platform)) clearTimeout(hard);
  };
}

/**
 * Windows: the tree is asked to close (taskkill without /F), and killed (`taskkill /T /F`) when it
 * is still there after `graceMs`; at once when taskkill refuses to ask (windows-kill.ts says when).
 * Once the child has ended nothing more is sent: Windows reuses process ids at once.
 */
function stopWindowsTree(pid: number, graceMs: number): () => void {
  let ended = false;
  let hard: ReturnType<typeof setTimeout> | null = null;
  void windowsAskTreeToClose(pid).then((asked) => {
    if (ended) return;
    if (!asked) {
      killTree(pid, 'win32');
      return;
    }
    hard = setTimeout(() => {
      if (!ended && processAlive(pid, 'win32')) killTree(pid, 'win32');
    }, graceMs);
  });
  return () => {
    ended = true;
    if (hard) clearTimeout(hard);
  };
}

/** Kills a child and everything it started at once (SIGKILL to its group; `taskkill /T /F`). */
export function killTree(pid: number | undefined, platform: NodeJS.Platform = process.platform): void {
  if (pid === undefined) return;
  if (platform === 'win32') {
    windowsKillTree(pid);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** `/proc/<pid>/stat` fields: state (3rd) and process group (5th), after the parenthesised name. */
function procStat(pid: string): { state: string; pgrp: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

/**
 * Whether a process group (POSIX) or process (Windows) still has a live member. On Linux a zombie
 * does not count: a killed pip reparented to an init that reaps slowly stays a zombie for a while,
 * and kill(-pgid, 0) still finds it.
 */
export function groupAlive(pid: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'linux' && existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = procStat(entry);
      if (stat && stat.pgrp === pid && stat.state !== 'Z' && stat.state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(platform === 'win32' ? pid : -pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether one process runs (a zombie does not, on Linux). */
export function processAlive(pid: number, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'linux' && existsSync('/proc/self/stat')) {
    const stat = procStat(String(pid));
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
