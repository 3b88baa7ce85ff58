import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Children that die with the doctor, even when the doctor is killed with SIGKILL.
 *
 * Every child leads its own process group (so a cancel or a time limit can stop its whole tree),
 * which also means it would outlive the doctor: a killed parent's children are reparented to PID 1.
 * Linux's PR_SET_PDEATHSIG needs native code, and a Windows job object is not reachable from Node
 * without it either. Instead one small watchdog process per doctor holds the read end of a pipe
 * whose write end only the doctor has: when the doctor dies, however it dies, the kernel closes the
 * pipe, the watchdog reads end-of-file and kills every group (POSIX) or process tree (Windows,
 * `taskkill /T /F`) still registered. The watchdog is the same executable as the doctor run as
 * plain Node (ELECTRON_RUN_AS_NODE makes the Electron binary behave as node).
 *
 * Limit: a child spawned in the instant between spawn() and its registration line is not covered.
 */
const WATCHDOG_SCRIPT = `
const groups = new Set();
let buffer = '';
const killAll = () => {
  for (const id of groups) {
    if (process.platform === 'win32') {
      try { require('child_process').spawnSync('taskkill', ['/T', '/F', '/PID', String(id)], { windowsHide: true, stdio: 'ignore' }); } catch {}
    } else {
      try { process.kill(-id, 'SIGKILL'); } catch {}
    }
  }
  process.exit(0);
};
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) { try { process.on(s, () => undefined); } catch {} }
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let at;
  while ((at = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 1);
    const id = Number(line.slice(1));
    if (!Number.isInteger(id) || id <= 0) continue;
    if (line[0] === '+') groups.add(id); else groups.delete(id);
  }
});
process.stdin.on('end', killAll);
process.stdin.on('error', killAll);
`;

let watchdog: ChildProcess | null = null;
let broken = false;

function ensureWatchdog(): ChildProcess | null {
  if (watchdog || broken) return watchdog;
  try {
    const child = spawn(process.execPath, ['-e', WATCHDOG_SCRIPT], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
      windowsHide: true,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: '' },
    });
    child.on('error', () => {
      broken = true;
      watchdog = null;
    });
    child.on('exit', () => {
      watchdog = null;
    });
    child.stdin?.on('error', () => undefined);
    // Neither the watchdog nor its pipe keeps the doctor running.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    watchdog = child;
  } catch {
    broken = true;
  }
  return watchdog;
}

/** Registers a child (its group on POSIX, its tree on Windows) to be killed if the doctor dies. */
export function watchChild(pid: number): void {
  ensureWatchdog()?.stdin?.write(`+${pid}\n`);
}

/** The child ended normally: the watchdog forgets it (its id may be reused). */
export function forgetChild(pid: number): void {
  watchdog?.stdin?.write(`-${pid}\n`);
}

/** The watchdog's own process id (tests check it is running). */
export function watchdogPid(): number | null {
  return watchdog?.pid ?? null;
}
