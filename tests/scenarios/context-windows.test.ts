import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictConflicts } from '../../app/diagnosis/context/predicted-conflicts';
import { defaultDeps } from '../../app/diagnosis/facts/default-deps';
import { diagnose } from '../../app/diagnosis/diagnose';
import { nodeModuleFs } from '../../app/binary/module-fs';
import { buildMsvcpOrderScenario, buildPywin32Scenario, buildTorchPreloadScenario } from './support/context-windows-scenarios';

// Offline (a copied Windows folder, read on Linux): pytorch/pytorch#166628 and OpenMS/OpenMS#7691,
// one package's msvcp140.dll lacking a function another package's DLL imports.

let dir: string;
let broken: { python: string; prefix: string };
let compatible: { python: string; prefix: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdd-context-win-'));
  broken = await buildMsvcpOrderScenario(dir);
  compatible = await buildMsvcpOrderScenario(dir, true);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('same-named DLLs predicted from the files', () => {
  it('names both packages, both files, the missing function and the order that fails', async () => {
    const d = await diagnose({ python: broken.python, module: 'torch._C' }, defaultDeps(broken.python, process.env, 'linux'));
    const cause = d.causes.find((c) => c.kind === 'load-order-conflict');
    expect(cause?.title).toBe("If PyQt5 is imported first, torch fails: PyQt5's msvcp140.dll lacks what c10.dll needs");
    expect(cause?.evidence[0]).toMatchObject({ kind: 'missing-symbols', symbols: ['_Thrd_sleep_for'], provider: expect.stringMatching(/PyQt5\/Qt5\/bin\/msvcp140\.dll$/) });
    expect(cause?.evidence[0]?.summary).toMatch(/torch\/lib\/msvcp140\.dll has it/);
    // PyQt5's Qt5Core.dll needs nothing torch's copy lacks: importing torch first works for both.
    expect(cause?.remedies[0]).toMatchObject({ kind: 'manual', title: 'Import torch before PyQt5 in your program' });
  });

  it('raises nothing for compatible duplicates (the control)', async () => {
    const read = (p: string) => nodeModuleFs.readModule(p).catch(() => null);
    const d = await diagnose({ python: compatible.python, module: 'torch._C' }, defaultDeps(compatible.python, process.env, 'linux'));
    expect(d.causes.some((c) => c.kind === 'load-order-conflict')).toBe(false);
    expect(d.checks.find((c) => c.id === 'same-named-libraries')?.status).toBe('ok');
    const env = await defaultDeps(compatible.python, process.env, 'linux').describeEnvironment(compatible.python);
    expect(await predictConflicts(env, read)).toEqual([]);
  });

  it('reports the same pair for diagnose --all, and nothing for compatible duplicates', async () => {
    const all = await diagnose({ python: broken.python, all: true }, defaultDeps(broken.python, process.env, 'linux'));
    expect(all.causes.find((c) => c.kind === 'load-order-conflict')?.title).toBe("If PyQt5 is imported first, torch fails: PyQt5's msvcp140.dll lacks what c10.dll needs");
    expect(all.checks.find((c) => c.id === 'same-named-libraries')).toMatchObject({ status: 'problem', detail: expect.stringContaining('(torch needs it)') });
    expect(all.status).not.toBe('healthy');
    const control = await diagnose({ python: compatible.python, all: true }, defaultDeps(compatible.python, process.env, 'linux'));
    expect(control.causes.some((c) => c.kind === 'load-order-conflict')).toBe(false);
    expect(control.checks.find((c) => c.id === 'same-named-libraries')?.status).toBe('ok');
  });
});

describe('a package\'s own loading code, followed from its files', () => {
  it('follows torch\'s add_dll_directory and preloads down to the DLL missing under fbgemm.dll (pytorch#131662)', async () => {
    const s = await buildTorchPreloadScenario(dir);
    const d = await diagnose({ python: s.python, module: 'torch._C' }, defaultDeps(s.python, process.env, 'linux'));
    const missing = d.causes.filter((c) => c.kind === 'missing-library').map((c) => c.title).join('\n');
    expect(missing).toContain('libomp140.x86_64.dll');
    expect(missing).not.toContain('torch_python.dll');
    expect(d.checks.find((c) => c.id === 'package-loading-code')?.detail).toMatch(/torch\/__init__\.py: os\.add_dll_directory\(.*torch\/lib\).*preloads the 3 DLL/);
  });

  it('takes pywin32_system32 from the .pth bootstrap: pywintypes312.dll is not missing (the control)', async () => {
    const s = await buildPywin32Scenario(dir);
    const d = await diagnose({ python: s.python, module: 'win32api' }, defaultDeps(s.python, process.env, 'linux'));
    expect(d.causes.filter((c) => c.kind === 'missing-library')).toEqual([]);
    expect(d.checks.find((c) => c.id === 'package-loading-code')?.detail).toContain('pywin32_bootstrap.py: os.add_dll_directory');
  });
});
