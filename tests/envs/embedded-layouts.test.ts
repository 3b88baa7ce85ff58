import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createOfflineWindowsDeps } from '../../app/diagnosis/offline/offline-deps';
import { diagnosisSchema } from '../../app/diagnosis/types';
import { parsePthFile, recognizeEmbeddedLayout } from '../../app/envs/embedded-layouts';
import { discoverEnvironments } from '../../app/envs/discovery';
import { nodeHost } from '../../app/envs/host';
import { describeOffline } from '../../app/envs/offline';
import { writePe } from '../scenarios/support/pe-writer';
import { put, putPipDistribution } from '../scenarios/support/windows-scenarios';
import { fakeHost } from './fake-host';

// The embeddable zip's python311._pth as python.org ships it: the stdlib zip, the folder, and
// "#import site" commented out (https://docs.python.org/3/using/windows.html#the-embeddable-package).
const EMBEDDABLE_PTH = 'python311.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n#import site\r\n';

let root: string;

/** python.exe, pythonXY.dll and vcruntime140.dll of a CPython build into `dir`. */
async function interpreter(dir: string, xy: string): Promise<void> {
  await put(join(dir, 'python.exe'), writePe({ name: 'python.exe', imports: { [`python${xy}.dll`]: ['Py_Main'], 'VCRUNTIME140.dll': ['memcpy'], 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(dir, `python${xy}.dll`), writePe({ name: `python${xy}.dll`, exports: ['PyModule_Create2'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
  await put(join(dir, 'vcruntime140.dll'), writePe({ name: 'vcruntime140.dll', exports: ['memcpy', 'memset'], imports: { 'KERNEL32.dll': ['GetProcAddress'] } }));
}

/** A pip-installed package with one extension importing pythonXY.dll, vcruntime140.dll and `extra`. */
async function extension(site: string, xy: string, extra: string[] = []): Promise<void> {
  const rel = `fastpkg/_core.cp${xy}-win_amd64.pyd`;
  const imports: Record<string, string[]> = { [`python${xy}.dll`]: ['PyModule_Create2'], 'VCRUNTIME140.dll': ['memcpy'], 'KERNEL32.dll': ['GetProcAddress'] };
  for (const dll of extra) imports[dll] = ['helper'];
  const pyd = writePe({ name: `_core.cp${xy}-win_amd64.pyd`, exports: ['PyInit__core'], imports });
  await putPipDistribution(site, 'fastpkg', '1.0.0', rel, pyd);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'embedded-'));
  // The embeddable zip, with pip's packages in Lib\site-packages but "import site" still commented out.
  const plain = join(root, 'python-3.11.9-embed-amd64');
  await interpreter(plain, '311');
  await put(join(plain, 'python311._pth'), EMBEDDABLE_PTH);
  await extension(join(plain, 'Lib', 'site-packages'), '311');
  // The same with "import site" enabled.
  const sited = join(root, 'embed-site');
  await interpreter(sited, '311');
  await put(join(sited, 'python311._pth'), EMBEDDABLE_PTH.replace('#import site', 'import site'));
  await extension(join(sited, 'Lib', 'site-packages'), '311');
  // ComfyUI's portable build: python_embeded next to ComfyUI, its ._pth listing Lib/site-packages and ../ComfyUI.
  const comfy = join(root, 'ComfyUI_windows_portable', 'python_embeded');
  await interpreter(comfy, '312');
  await put(join(comfy, 'python312._pth'), 'python312.zip\n.\nLib/site-packages\n../ComfyUI\n\n# Uncomment to run site.main() automatically\n#import site\n');
  await mkdir(join(root, 'ComfyUI_windows_portable', 'ComfyUI'), { recursive: true });
  await extension(join(comfy, 'Lib', 'site-packages'), '312', ['missing_helper.dll']);
  // Blender 4.2: <blender>\4.2\python\bin\python.exe, lib\site-packages.
  const blender = join(root, 'blender-4.2.0-windows-x64');
  await interpreter(join(blender, '4.2', 'python', 'bin'), '311');
  await extension(join(blender, '4.2', 'python', 'lib', 'site-packages'), '311');
  // A python.org install (control): no ._pth.
  const regular = join(root, 'Python311');
  await interpreter(regular, '311');
  await extension(join(regular, 'Lib', 'site-packages'), '311');
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('parsePthFile', () => {
  it('reads paths in order, skips blank and # lines, and sees import site only uncommented', () => {
    expect(parsePthFile(EMBEDDABLE_PTH)).toEqual({ paths: ['python311.zip', '.'], importSite: false });
    expect(parsePthFile(EMBEDDABLE_PTH.replace('#import site', 'import site')).importSite).toBe(true);
  });
});

describe('embedded Pythons described offline', () => {
  it('the embeddable zip without import site: its ._pth sys.path, and Lib\\site-packages is not importable', async () => {
    const d = await describeOffline(join(root, 'python-3.11.9-embed-amd64'));
    expect(d.sysPath).toEqual([join(root, 'python-3.11.9-embed-amd64', 'python311.zip'), join(root, 'python-3.11.9-embed-amd64')]);
    expect(d.sitePackages).toEqual([]);
    expect(d.distributions).toEqual([]);
    expect(d.evidence.some((e) => e.includes('is not on sys.path'))).toBe(true);
    expect(d.python?.version).toBe('3.11');
  });

  it('the embeddable zip with import site: Lib\\site-packages and its packages', async () => {
    const d = await describeOffline(join(root, 'embed-site'));
    expect(d.sitePackages).toEqual([join(root, 'embed-site', 'Lib', 'site-packages')]);
    expect(d.distributions.map((x) => x.name)).toEqual(['fastpkg']);
  });

  it('ComfyUI\'s python_embeded: the site-packages its ._pth lists, named as ComfyUI\'s', async () => {
    const d = await describeOffline(join(root, 'ComfyUI_windows_portable', 'python_embeded'));
    expect(d.message).toContain('ComfyUI');
    expect(d.sysPath.at(-1)).toBe(join(root, 'ComfyUI_windows_portable', 'ComfyUI'));
    expect(d.distributions.map((x) => x.name)).toEqual(['fastpkg']);
  });

  it('Blender\'s bundled Python, from the install folder: prefix <version>\\python, interpreter in bin, lib\\site-packages', async () => {
    const d = await describeOffline(join(root, 'blender-4.2.0-windows-x64'));
    const prefix = join(root, 'blender-4.2.0-windows-x64', '4.2', 'python');
    expect(d.prefix).toBe(prefix);
    expect(d.interpreter).toBe(join(prefix, 'bin', 'python.exe'));
    expect(d.sitePackages).toEqual([join(prefix, 'lib', 'site-packages')]);
    expect(d.python?.architecture).toBe('x86_64');
  });

  it('a python.org install is not taken for an embedded one (control)', async () => {
    expect(await recognizeEmbeddedLayout(nodeHost(), join(root, 'Python311'))).toBeNull();
    expect((await describeOffline(join(root, 'Python311'))).sitePackages).toEqual([join(root, 'Python311', 'Lib', 'site-packages')]);
  });
});

describe('the loader simulation in embedded Pythons', () => {
  it('searches Blender\'s bin for python311.dll: the extension loads (healthy control)', async () => {
    const python = join(root, 'blender-4.2.0-windows-x64', '4.2', 'python', 'bin', 'python.exe');
    const d = diagnosisSchema.parse(await diagnose({ python, module: 'fastpkg._core' }, createOfflineWindowsDeps({})));
    expect(d.causes).toEqual([]);
  });

  it('finds the DLL missing from ComfyUI\'s python_embeded, having searched its folder', async () => {
    const python = join(root, 'ComfyUI_windows_portable', 'python_embeded', 'python.exe');
    const d = diagnosisSchema.parse(await diagnose({ python, module: 'fastpkg._core' }, createOfflineWindowsDeps({})));
    expect(d.causes[0]?.kind).toBe('missing-library');
    expect(JSON.stringify(d.causes[0]?.evidence)).toContain('missing_helper.dll');
  });
});

describe('discovery of embedded Pythons', () => {
  const BLENDER = 'C:\\Program Files\\Blender Foundation\\Blender 4.2';
  const machine = (extra: Record<string, string> = {}) =>
    fakeHost({
      platform: 'win32',
      env: { ProgramFiles: 'C:\\Program Files', Path: 'C:\\Windows\\System32', SystemRoot: 'C:\\Windows' },
      homeDir: 'C:\\Users\\ada',
      files: { [`${BLENDER}\\4.2\\python\\bin\\python.exe`]: 'MZ', [`${BLENDER}\\4.2\\python\\lib\\site-packages\\README.txt`]: '', ...extra },
      commands: {},
    });

  it('finds Blender\'s bundled Python under Program Files\\Blender Foundation', async () => {
    const envs = await discoverEnvironments({ host: machine(), useCondaCli: false });
    const blender = envs.find((e) => e.interpreter === `${BLENDER}\\4.2\\python\\bin\\python.exe`);
    expect(blender?.sources[0]?.detail).toContain("Blender's bundled Python");
  });

  it('takes a ComfyUI python_embeded folder the user adds, and nothing from a Blender folder without python.exe (control)', async () => {
    const comfy = 'D:\\ComfyUI_windows_portable\\python_embeded';
    const host = machine({ [`${comfy}\\python.exe`]: 'MZ', [`${comfy}\\python312.dll`]: 'MZ', [`${comfy}\\python312._pth`]: 'python312.zip\n.\nLib/site-packages\n' });
    const envs = await discoverEnvironments({ host, useCondaCli: false, extraPaths: [comfy] });
    expect(envs.some((e) => e.interpreter?.toLowerCase() === `${comfy}\\python.exe`.toLowerCase())).toBe(true);
    const empty = fakeHost({ platform: 'win32', env: { ProgramFiles: 'C:\\Program Files' }, homeDir: 'C:\\Users\\ada', files: { [`${BLENDER}\\4.2\\python\\lib\\site-packages\\README.txt`]: '' }, commands: {} });
    expect((await discoverEnvironments({ host: empty, useCondaCli: false })).some((e) => e.interpreter?.includes('Blender'))).toBe(false);
  });
});
