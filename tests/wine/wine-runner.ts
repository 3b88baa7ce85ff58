import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { CaseSpec } from './case-generator';
import { folderOf } from './case-builder';

const run = promisify(execFile);

/** What Wine's loader did with one case. */
export interface WineOutcome {
  /** GetLastError after LoadLibraryExW (0 when it loaded). */
  readonly error: number;
  /** Files the load brought into the process, as Linux paths under the prefix. */
  readonly loaded: readonly string[];
  /** Imports Wine could not resolve and replaced by stubs ("No implementation for DLL.NAME"): dll!name or dll!#ordinal. */
  readonly unresolved: readonly string[];
  /** Wine's log lines for this case, for the failure report. */
  readonly log: readonly string[];
}

/**
 * Wine's 64-bit loader. Debian's `wine` script prefers the 32-bit one when wine32:i386 is
 * installed, which cannot start a 64-bit program in a 64-bit prefix; the cases are 64-bit.
 */
export function wineLoader(): string | null {
  for (const candidate of ['/usr/lib/wine/wine64', '/usr/lib64/wine/wine64', '/usr/bin/wine64']) {
    if (existsSync(candidate)) return candidate;
  }
  return spawnSync('wine64', ['--version']).status === 0 ? 'wine64' : null;
}

/** The server that goes with the 64-bit loader (Debian installs both servers side by side). */
export function wineServer(): string {
  const beside = join(dirname(wineLoader() ?? '/usr/bin/wine64'), 'wineserver64');
  return existsSync(beside) ? beside : 'wineserver';
}

/** True when Wine's 64-bit loader is installed. */
export function wineAvailable(): boolean {
  const loader = wineLoader();
  return loader !== null && spawnSync(loader, ['--version'], { encoding: 'utf8' }).status === 0;
}

export function wineEnv(prefix: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, WINELOADER: wineLoader() ?? 'wine64', WINEPREFIX: prefix, WINEDEBUG: '-all,err+module,warn+module', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  // No display: nothing of the cases draws, and winex11 must not look for an X server.
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

/** Creates the private prefix once (wineboot), and keeps one wineserver for the whole suite. */
export async function preparePrefix(prefix: string): Promise<string> {
  const driveC = join(prefix, 'drive_c');
  await mkdir(prefix, { recursive: true });
  // The server first, persistent for 60 s after its last client, so every wine process of the
  // suite shares it; started with no pipes of ours, which it would keep open as a daemon.
  const server = spawnSync(wineServer(), ['-p60'], { env: wineEnv(prefix), stdio: 'ignore', timeout: 60_000 });
  // Exit code 2: a server for this prefix is already running (an earlier run's, still persistent).
  if (server.status !== 0 && server.status !== 2) throw new Error(`wineserver -p60 failed (${server.error?.message ?? `exit code ${server.status}`})`);
  if (!existsSync(join(driveC, 'windows', 'system32', 'kernel32.dll'))) {
    await run(wineLoader() ?? 'wine64', ['wineboot', '-i'], { env: wineEnv(prefix), timeout: 180_000 });
  }
  return driveC;
}

/** Linux path of a Windows path under the prefix's C: drive (case is kept as Wine reports it). */
export function linuxPath(driveC: string, windowsPath: string): string {
  const m = /^[a-zA-Z]:\\(.*)$/.exec(windowsPath);
  if (!m) return windowsPath;
  return join(driveC, (m[1] ?? '').replace(/\\/g, '/'));
}

function windowsPath(relative: string): string {
  return `C:\\${relative.replace(/\//g, '\\')}`;
}

/** The loader's input line for a case: what python.exe would pass to LoadLibraryExW. */
export function loaderLine(c: CaseSpec): string {
  const mode = c.python === '3.7' ? 'old' : 'new';
  const dirs: string[] = [];
  // conda's CPython before 3.10 ignores os.add_dll_directory (see windows-search-path.ts).
  if (!c.conda || c.python === '3.11') dirs.push(windowsPath(folderOf(c, 'add')));
  if (c.conda) {
    const prefix = `cases/c${c.id}/env`;
    for (const sub of ['Library/mingw-w64/bin', 'Library/usr/bin', 'Library/bin', 'Scripts', 'bin']) dirs.push(windowsPath(`${prefix}/${sub}`));
  }
  const module = windowsPath(`${folderOf(c, 'module')}/${c.root.name}`);
  return [c.id, mode, module, windowsPath(folderOf(c, 'path')), dirs.join(';')].join('\t');
}

/**
 * Runs every case in one loader process under Wine and splits its output per case. `env` replaces
 * wineEnv(prefix) for a prefix made with other variables (the win32 suite's user); it must keep
 * WINEDEBUG's module channels, which report the unresolved imports.
 */
export async function runCases(cases: readonly CaseSpec[], prefix: string, driveC: string, env: NodeJS.ProcessEnv = wineEnv(prefix)): Promise<Map<string, WineOutcome>> {
  const list = join(driveC, 'cases', 'cases.txt');
  await mkdir(join(driveC, 'cases'), { recursive: true });
  await writeFile(list, `${cases.map(loaderLine).join('\n')}\n`);
  const { stdout, stderr } = await run(wineLoader() ?? 'wine64', ['C:\\py\\loader.exe', 'C:\\cases\\cases.txt'], {
    env, cwd: driveC, timeout: 240_000, maxBuffer: 64 * 1024 * 1024,
  });
  if (!/^done\r?$/m.test(stdout)) throw new Error(`the loader stopped before the end of the cases:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`);
  const logs = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of stderr.split(/\r?\n/)) {
    const marker = /^@@case (\S+)$/.exec(line);
    if (marker) {
      current = [];
      logs.set(marker[1] ?? '', current);
    } else if (current && line.trim() !== '') {
      current.push(line);
    }
  }
  const outcomes = new Map<string, WineOutcome>();
  for (const line of stdout.split(/\r?\n/)) {
    const m = /^case\t(\S+)\t(\d+)\t(.*)$/.exec(line);
    if (!m) continue;
    const id = m[1] ?? '';
    const log = logs.get(id) ?? [];
    const unresolved = [];
    for (const l of log) {
      const u = /No implementation for (\S+)\.([^.\s]+) imported from/.exec(l);
      if (u) unresolved.push(`${(u[1] ?? '').toLowerCase()}!${/^\d+$/.test(u[2] ?? '') ? `#${u[2]}` : u[2]}`);
    }
    outcomes.set(id, {
      error: Number(m[2]),
      loaded: (m[3] ?? '').split('|').filter((p) => p !== '').map((p) => linuxPath(driveC, p)),
      unresolved,
      log,
    });
  }
  return outcomes;
}
