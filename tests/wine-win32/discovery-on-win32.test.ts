import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePe } from '../scenarios/support/pe-writer';
import { cliPath, missingWin32Prerequisite, runWin32Node, wine, win32Machine, win32Required, WINDOWS_USER, type Win32Machine } from './support/win32-machine';

/**
 * Discovery as Windows does it, on win32 under Wine: PEP 514 keys written with `reg add` into the
 * prefix's registry (HKCU, HKLM and HKLM's 32-bit view, Wow6432Node), read back by the engine with
 * reg.exe; a PATH entry spelled in another case with a trailing backslash; conda's
 * %USERPROFILE%\.conda\environments.txt naming the profile as `C:\Users\...` where Wine says
 * `C:\users\...`. Each environment is found once, with all of its sources.
 * https://peps.python.org/pep-0514/
 */
const missing = missingWin32Prerequisite();

interface Listed {
  readonly prefix: string;
  readonly status: string;
  readonly kind: string;
  readonly interpreter: string | null;
  readonly message: string | null;
  readonly interpreterRuns: number;
  readonly sources: { kind: string; detail: string }[];
  readonly python: { version: string; architecture: string } | null;
}

async function put(file: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, data);
}

/** A python.org-style folder made of PE files: python.exe, pythonXY.dll, Lib\site-packages. */
async function pythonFolder(folder: string, dll: string, machine: 'x64' | 'x86' = 'x64', conda = false): Promise<void> {
  await put(join(folder, dll), writePe({ machine, name: dll, exports: ['Py_Main'] }));
  await put(join(folder, 'python.exe'), writePe({ machine, name: 'python.exe', imports: { [dll]: ['Py_Main'] } }));
  await mkdir(join(folder, 'Lib', 'site-packages'), { recursive: true });
  if (conda) await mkdir(join(folder, 'conda-meta'), { recursive: true });
}

describe.skipIf(missing !== null && !win32Required)('discovery on win32 (Node for Windows under Wine)', { timeout: 180_000 }, () => {
  let machine: Win32Machine;
  let listed: Listed[] = [];
  const tag = `${process.pid}`;
  const profile = `C:\\users\\${WINDOWS_USER}`;
  const user38 = `${profile}\\AppData\\Local\\Programs\\Python\\Python38-${tag}`;
  const system311 = `C:\\Program Files\\Python311-${tag}`;
  const x86 = `C:\\Program Files (x86)\\Python37-32-${tag}`;
  const anaconda = `C:\\ProgramData\\Anaconda3`;
  const condaEnv = `${profile}\\.conda\\envs\\py36-${tag}`;

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    machine = await win32Machine();
    const linux = (windowsPath: string): string => join(machine.driveC, ...windowsPath.slice(3).split('\\'));
    await pythonFolder(linux(user38), 'python38.dll');
    await pythonFolder(linux(system311), 'python311.dll');
    await pythonFolder(linux(x86), 'python37.dll', 'x86');
    await pythonFolder(linux(anaconda), 'python39.dll', 'x64', true);
    await pythonFolder(linux(condaEnv), 'python36.dll', 'x64', true);
    // environments.txt as conda writes it, with the profile spelled C:\Users (Wine's folder is C:\users).
    await put(join(machine.profile, '.conda', 'environments.txt'), `${anaconda}\r\n${condaEnv.replace('C:\\users', 'C:\\Users')}\r\n`);
    const keys: [string, string, string][] = [
      [`HKCU\\Software\\Python\\PythonCore\\3.8-${tag}`, user38, '3.8'],
      [`HKLM\\Software\\Python\\PythonCore\\3.11-${tag}`, system311, '3.11'],
      [`HKLM\\Software\\Wow6432Node\\Python\\PythonCore\\3.7-32-${tag}`, x86, '3.7'],
      [`HKLM\\Software\\Python\\ContinuumAnalytics\\Anaconda39-64-${tag}`, anaconda, '3.9'],
    ];
    for (const [key, folder, version] of keys) {
      await wine(machine.prefix, ['reg', 'add', key, '/v', 'SysVersion', '/d', version, '/f']);
      await wine(machine.prefix, ['reg', 'add', `${key}\\InstallPath`, '/ve', '/d', `${folder}\\`, '/f']);
      await wine(machine.prefix, ['reg', 'add', `${key}\\InstallPath`, '/v', 'ExecutablePath', '/d', `${folder}\\python.exe`, '/f']);
    }
    // The App Installer's Store alias stubs as a fresh Windows 10 has them: zero-byte python.exe and
    // python3.exe under %LOCALAPPDATA%\Microsoft\WindowsApps (the real ones are reparse points that
    // Wine cannot make; their size on disk is 0), and no PythonSoftwareFoundation package folder.
    for (const name of ['python.exe', 'python3.exe']) await put(join(machine.profile, 'AppData', 'Local', 'Microsoft', 'WindowsApps', name), '');
    // PATH as an installer's "Add to PATH" leaves it, in another case and with a trailing backslash.
    const pathEntry = `${user38.toLowerCase()}\\`;
    const r = await runWin32Node(machine, [cliPath(machine), 'envs', '--json', '--timeout', '60'], { env: { WINEPATH: pathEntry } });
    expect(r.stdout, r.stderr).not.toBe('');
    listed = (JSON.parse(r.stdout) as { environments: Listed[] }).environments;
  }, 600_000);

  const find = (prefix: string): Listed[] => listed.filter((e) => e.prefix.toLowerCase().replace(/\\$/, '') === prefix.toLowerCase());

  it('finds the per-user Python of HKCU once, with its registry key and its PATH entry', () => {
    const [env, ...twins] = find(user38);
    expect(twins).toEqual([]);
    expect(env?.sources.map((s) => s.kind).sort()).toEqual(['path', 'registry']);
    expect(env?.sources.find((s) => s.kind === 'registry')?.detail).toBe(`HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.8-${tag} (HKCU reg:64)`);
    expect(env?.sources.find((s) => s.kind === 'path')?.detail).toBe(`PATH: ${user38.toLowerCase()}\\`);
  });

  it('finds HKLM\'s 64-bit Python and the 32-bit one under Wow6432Node', () => {
    expect(find(system311)).toHaveLength(1);
    const [x86Env, ...twins] = find(x86);
    expect(twins).toEqual([]);
    expect(x86Env?.sources.some((s) => s.kind === 'registry' && /HKLM reg:32/.test(s.detail))).toBe(true);
    expect(x86Env?.python?.architecture).toBe('x86');
  });

  it('finds Anaconda3 in ProgramData once, from the registry, its folder and environments.txt', () => {
    const [env, ...twins] = find(anaconda);
    expect(twins).toEqual([]);
    expect(new Set(env?.sources.map((s) => s.kind))).toEqual(new Set(['registry', 'conda']));
  });

  it('finds the conda environment environments.txt names, though it spells the profile in another case', () => {
    const [env, ...twins] = find(condaEnv);
    expect(twins).toEqual([]);
    expect(env?.sources.some((s) => s.kind === 'conda' && /environments\.txt$/.test(s.detail))).toBe(true);
  });

  it('describes each from its files after its python.exe does not start, and says so', () => {
    for (const prefix of [user38, system311, x86, condaEnv]) {
      const [env] = find(prefix);
      expect(env?.status, prefix).toBe('offline');
    }
    expect(find(user38)[0]?.python?.version).toBe('3.8');
  });

  it('says the zero-byte python.exe of WindowsApps is the Store alias, not an environment, and never runs it', () => {
    const windowsApps = `${profile}\\AppData\\Local\\Microsoft\\WindowsApps`;
    const aliases = listed.filter((e) => e.prefix.toLowerCase() === windowsApps.toLowerCase());
    expect(aliases.map((e) => e.interpreter?.split('\\').pop()).sort()).toEqual(['python.exe', 'python3.exe']);
    for (const alias of aliases) {
      expect(alias).toMatchObject({ kind: 'store', status: 'store-stub', interpreterRuns: 0, python: null });
      expect(alias.message).toMatch(/App execution alias" that only opens the Microsoft Store; no Python is installed behind it/);
      expect(alias.sources.every((s) => s.kind === 'store-alias')).toBe(true);
    }
  });
});
