import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { discoverEnvironments } from '../../app/envs/discovery';
import { probeEnvironment } from '../../app/envs/describe';
import { fakeHost } from './fake-host';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/windows/${name}`, import.meta.url), 'utf8');

const home = 'C:\\Users\\Me';
const apps = `${home}\\AppData\\Local\\Microsoft\\WindowsApps`;
const py36 = `${home}\\AppData\\Local\\Programs\\Python\\Python36`;
const reg = 'C:\\Windows\\System32\\reg.exe';

function windowsMachine(extraFiles: Record<string, string> = {}) {
  return fakeHost({
    platform: 'win32',
    homeDir: home,
    env: {
      USERPROFILE: home,
      LOCALAPPDATA: `${home}\\AppData\\Local`,
      ProgramData: 'C:\\ProgramData',
      SystemRoot: 'C:\\Windows',
      Path: `${py36}\\;${apps};${home}\\.pyenv\\pyenv-win\\shims`,
    },
    files: {
      [`${py36}\\python.exe`]: 'MZ',
      [`${apps}\\python.exe`]: '',
      [`${apps}\\python3.exe`]: '',
      [`${home}\\.pyenv\\pyenv-win\\shims\\python.bat`]: '@echo off',
      [`${home}\\.pyenv\\pyenv-win\\versions\\3.10.11\\python.exe`]: 'MZ',
      [`${home}\\Miniconda3\\python.exe`]: 'MZ',
      [`${home}\\Miniconda3\\conda-meta\\history`]: '',
      [`${home}\\Miniconda3\\Scripts\\conda.exe`]: 'MZ',
      [`${home}\\Miniconda3\\envs\\torch\\python.exe`]: 'MZ',
      [`${home}\\Miniconda3\\envs\\torch\\conda-meta\\history`]: '',
      ['D:\\envs\\other\\python.exe']: 'MZ',
      ['D:\\envs\\other\\conda-meta\\history']: '',
      [`${home}\\.conda\\environments.txt`]: `${home}\\Miniconda3\r\n${home}\\Miniconda3\\envs\\torch\r\nD:\\envs\\other\r\n`,
      [`${home}\\.virtualenvs\\proj\\pyvenv.cfg`]: 'home = C:\\Users\\Me\\AppData\\Local\\Programs\\Python\\Python36\r\nversion = 3.6.0\r\n',
      [`${home}\\.virtualenvs\\proj\\Scripts\\python.exe`]: 'MZ',
      ['C:\\Users\\username\\AppData\\Local\\Programs\\Python\\Python311\\python.exe']: 'MZ',
      ['C:\\Users\\username\\AppData\\Local\\Programs\\Python\\Python310\\python.exe']: 'MZ',
      ['C:\\Users\\username\\AppData\\Local\\Programs\\Python\\Python39\\python.exe']: 'MZ',
      ...extraFiles,
    },
    commands: {
      [`${reg} query HKCU\\Software\\Python /s /reg:64`]: fixture('reg-query-pythoncore-s.txt'),
      'py.exe -0p': fixture('py-0p-new-launcher.txt'),
      ['C:\\Windows\\System32\\where.exe python']: `${py36}\\python.exe\r\n${apps}\\python.exe\r\n`,
      [`${home}\\Miniconda3\\Scripts\\conda.exe env list --json`]: JSON.stringify({ envs: [`${home}\\Miniconda3`, `${home}\\Miniconda3\\envs\\torch`] }),
    },
  });
}

describe('Windows discovery from recorded outputs', () => {
  it('finds each environment once, with every source that found it', async () => {
    const host = windowsMachine();
    const envs = await discoverEnvironments({ host });
    const byPrefix = new Map(envs.map((e) => [e.id.toLowerCase(), e]));

    const registered = byPrefix.get(py36.toLowerCase())!;
    expect(registered.interpreter).toBe(`${py36}\\python.exe`);
    expect(registered.reportedVersion).toBe('3.6.0');
    // HKCU is one key in both registry views: one registry source, not two (issue 23).
    expect(registered.sources.map((s) => s.kind).sort()).toEqual(['path', 'path', 'registry']);

    const torch = byPrefix.get(`${home}\\Miniconda3\\envs\\torch`.toLowerCase())!;
    expect(torch.kind).toBe('conda');
    expect(torch.sources.map((s) => s.detail)).toEqual([`envs folder ${home}\\Miniconda3\\envs`, `${home}\\.conda\\environments.txt`, 'conda env list --json']);
    expect(byPrefix.get('d:\\envs\\other')?.kind).toBe('conda');
    expect(byPrefix.get(`${home}\\Miniconda3`.toLowerCase())?.sources).toHaveLength(3);

    expect(byPrefix.get(`${home}\\.virtualenvs\\proj`.toLowerCase())?.kind).toBe('venv');
    expect(byPrefix.get(`${home}\\.pyenv\\pyenv-win\\versions\\3.10.11`.toLowerCase())?.sources[0]?.kind).toBe('pyenv');
    expect(byPrefix.get('c:\\users\\username\\appdata\\local\\programs\\python\\python39')?.sources[0]?.detail).toBe('py -0p: 3.9');

    const ids = envs.map((e) => e.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.includes('shims'))).toBe(false);
  });

  it('tells the Store stub apart: no Python package behind the aliases', async () => {
    const envs = await discoverEnvironments({ host: windowsMachine() });
    const stubs = envs.filter((e) => e.kind === 'store');
    expect(stubs.map((e) => e.interpreter)).toEqual([`${apps}\\python.exe`, `${apps}\\python3.exe`]);
    expect(stubs.every((e) => e.storeStub)).toBe(true);
    // where python, the PATH entry and the WindowsApps folder all found it.
    expect(stubs[0]!.sources.map((s) => s.kind)).toEqual(['store-alias', 'store-alias', 'store-alias']);
  });

  it('treats the aliases as a real install when the Store Python package folder is there', async () => {
    const host = windowsMachine({
      [`${apps}\\PythonSoftwareFoundation.Python.3.11_qbz5n2kfra8p0\\python.exe`]: '',
      [`${apps}\\python3.11.exe`]: '',
    });
    const envs = await discoverEnvironments({ host });
    const store = envs.filter((e) => e.kind === 'store');
    expect(store.map((e) => e.interpreter?.split('\\').pop()).sort()).toEqual(['python.exe', 'python3.11.exe', 'python3.exe']);
    expect(store.some((e) => e.storeStub)).toBe(false);
  });

  it('runs only the helper tools, never an interpreter, and each once', async () => {
    const host = windowsMachine();
    await discoverEnvironments({ host });
    expect(host.log.filter((c) => /python(3)?\.exe -c/.test(c))).toEqual([]);
    expect(host.log.filter((c) => c.startsWith(reg))).toHaveLength(3);
    expect(host.log.filter((c) => c === 'py.exe -0p')).toHaveLength(1);
  });

  it('reports a known Store stub without running it', async () => {
    const host = windowsMachine();
    const d = await probeEnvironment(`${apps}\\python.exe`, { host, storeStub: true });
    expect(d.status).toBe('store-stub');
    expect(d.message).toMatch(/App execution alias/);
    expect(d.interpreterRuns).toBe(0);
    expect(host.log).toEqual([]);
  });
});
