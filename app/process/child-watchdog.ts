import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopGraceMs } from './grace';

/**
 * Children that die with the doctor, even when the doctor is killed with SIGKILL.
 *
 * Every child leads its own process group (so a cancel or a time limit can stop its whole tree),
 * which also means it would outlive the doctor: a killed parent's children are reparented to PID 1.
 * Linux's PR_SET_PDEATHSIG needs native code, and a Windows job object is not reachable from Node
 * without it either. Instead one small watchdog process per doctor holds the read end of a pipe
 * whose write end only the doctor has: when the doctor dies, however it dies, the kernel closes the
 * pipe, the watchdog reads end-of-file and stops every group (POSIX) or process tree (Windows)
 * still registered. POSIX stops them as the runner does (stopTree): SIGINT first,
 * so pip unwinds, then SIGKILL to any group still alive after the grace period. Ids of children that ended are removed first, so a recycled
 * id is never killed.
 *
 * The watchdog is a fixed script for the system's own shell on POSIX (/bin/sh). On Windows it is a
 * small native program (assets/windows/doctor-watchdog.c): packed next to app.asar under Electron,
 * whose packaged binary cannot run a script (RunAsNode fuse off), and built next to the bundle
 * (dist/windows) for the CLI and browser mode; Node itself only where that exe is missing.
 * PowerShell is absent under Wine and blocked on locked-down machines.
 * On Windows the watchdog is spawned detached, as on POSIX: Node and Electron put every child spawned
 * without `detached` into a kill-on-close job object (libuv src/win/process.c,
 * uv__init_global_job_handle), so a watchdog inside it would die with the doctor. Detached
 * (DETACHED_PROCESS | CREATE_NEW_PROCESS_GROUP in libuv) keeps it out of the job; its stdin pipe is
 * unaffected and it has no console window. The job still ends the doctor's direct children (pip)
 * at once, while what they started breaks away from it: the native watchdog therefore finds each
 * registered process's descendants in the process snapshot. Node's fallback cannot (taskkill /T on
 * the dead child's id finds no tree), so where the exe is missing those grandchildren outlive the
 * doctor on Windows. It reads only the "+PID" / "-PID" lines the doctor
 * writes; no other value reaches it.
 * (`kill -9 -PGID` without `--`: dash, Debian's /bin/sh, takes no `--` in its kill builtin.)
 * The grace period arrives as the script's one argument ($1), a whole number of seconds.
 * Limit: a child spawned in the instant between spawn() and its registration line is not covered.
 */
const POSIX_WATCHDOG = `trap '' INT TERM HUP
groups=' '
while IFS= read -r line; do
  case "$line" in
    +[0-9]*) groups="$groups\${line#+} " ;;
    -[0-9]*) id=\${line#-}; kept=' '; for g in $groups; do [ "$g" = "$id" ] || kept="$kept$g "; done; groups=$kept ;;
  esac
done
[ "$groups" = ' ' ] && exit 0
for g in $groups; do kill -INT "-$g" 2>/dev/null; done
waited=0
while [ "$waited" -lt "$1" ]; do
  left=''
  for g in $groups; do kill -0 "-$g" 2>/dev/null && left="$left$g "; done
  [ -z "$left" ] && exit 0
  sleep 1
  waited=$((waited + 1))
done
for g in $groups; do kill -9 "-$g" 2>/dev/null; done
`;

/**
 * The same watchdog for Node itself, on Windows when the doctor runs on Node (the CLI and browser
 * mode) and the native exe was not built (no mingw-w64): PowerShell is absent under Wine and blocked
 * on locked-down machines. It reaches only what `taskkill /T` finds from a registered id, so not the
 * descendants of a child the job already ended (see above). Ctrl+C and Ctrl+Break
 * meant for the doctor do not end it. It stops the trees as the runner does (stopWindowsTree):
 * `taskkill /T` without /F first, and `/T /F` at once where that is refused, else after the grace
 * period ($1 seconds) for whatever is still there. (A PID is only reused once the process ended,
 * and then the hard kill finds nothing of the tree it asked; a recycled id in that instant is the
 * same limit the registration has.)
 */
const NODE_WATCHDOG = `process.on('SIGINT', () => {}); process.on('SIGBREAK', () => {});
const ids = new Set(); let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  buffer += text;
  for (let at = buffer.indexOf('\\n'); at >= 0; at = buffer.indexOf('\\n')) {
    const m = /^([+-])(\\d+)$/.exec(buffer.slice(0, at).trim());
    buffer = buffer.slice(at + 1);
    if (m) { if (m[1] === '+') ids.add(m[2]); else ids.delete(m[2]); }
  }
});
process.stdin.on('end', () => {
  const { spawnSync } = require('child_process');
  const taskkill = require('path').join(process.env.SystemRoot || 'C:\\\\Windows', 'System32', 'taskkill.exe');
  const run = (args) => spawnSync(taskkill, args, { stdio: 'ignore', windowsHide: true }).status === 0;
  const asked = [...ids].filter((id) => run(['/T', '/PID', id]));
  const hard = () => { for (const id of ids) run(['/T', '/F', '/PID', id]); };
  if (asked.length === 0) return hard();
  const until = Date.now() + Number(process.argv[1] || 0) * 1000;
  const alive = (id) => { try { process.kill(Number(id), 0); return true; } catch { return false; } };
  const wait = () => (asked.some(alive) && Date.now() < until ? setTimeout(wait, 250) : hard());
  wait();
});
`;

/** The native watchdog's file name in the Windows app's resources folder (electron-builder.yml win.extraResources). */
export const WINDOWS_WATCHDOG_EXE = 'doctor-watchdog.exe';

/**
 * The native watchdog: the packaged app's, in its resources folder; an unpackaged Electron
 * (`npm start`) has Electron's own resources folder, so there the one built next to the bundle
 * (dist/windows, scripts/build-windows-watchdog.ts).
 */
function windowsWatchdogExe(resourcesPath: string, built: string | null): string {
  const packed = path.join(resourcesPath, WINDOWS_WATCHDOG_EXE);
  if (existsSync(packed)) return packed;
  return built ?? packed;
}

/** The native watchdog built next to the bundle (dist/windows, scripts/build-windows-watchdog.ts), or null. */
function builtWindowsWatchdog(): string | null {
  const built = fileURLToPath(new URL(`./windows/${WINDOWS_WATCHDOG_EXE}`, import.meta.url));
  return existsSync(built) ? built : null;
}

/**
 * The watchdog's program and arguments on a platform (exported for its test). On Windows the native
 * watchdog: under Electron from the app's resources folder, under Node the one built next to the
 * bundle, else Node itself. Every form takes the grace period in whole seconds.
 */
export function watchdogCommand(
  platform: NodeJS.Platform = process.platform,
  graceMs: number = stopGraceMs(),
  electron: boolean = process.versions.electron !== undefined,
  resourcesPath: string = (process as { resourcesPath?: string }).resourcesPath ?? '',
  builtExe: string | null = builtWindowsWatchdog(),
): [string, string[]] {
  const seconds = String(Math.ceil(Math.max(0, graceMs) / 1000));
  if (platform !== 'win32') return ['/bin/sh', ['-c', POSIX_WATCHDOG, 'doctor-watchdog', seconds]];
  if (electron) return [windowsWatchdogExe(resourcesPath, builtExe), [seconds]];
  return builtExe ? [builtExe, [seconds]] : [process.execPath, ['-e', NODE_WATCHDOG, seconds]];
}

let watchdog: ChildProcess | null = null;
let broken = false;

function ensureWatchdog(): ChildProcess | null {
  if (watchdog || broken) return watchdog;
  try {
    const [file, args] = watchdogCommand();
    // POSIX: a group of its own, so a Ctrl+C meant for the doctor's group does not end the watchdog
    // first. Windows: outside libuv's kill-on-close job, so it outlives the doctor (see above).
    const child = spawn(file, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'], windowsHide: true });
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
