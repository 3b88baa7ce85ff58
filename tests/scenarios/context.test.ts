import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { createDiagnoseCommand } from '../../app/cli/commands/diagnose';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { isFixed } from '../../app/diagnosis/is-fixed';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import type { Diagnosis, Evidence } from '../../app/diagnosis/types';
import { pip, run } from './support/build-tools';
import { buildImportOrderScenario, buildParentLoadedScenario } from './support/context-scenarios';
import type { ContextScenario } from './support/context-scenarios';

// Live Linux cases of issue 20, modelled on public reports:
// - import order: mantidproject/mantidimaging#1228 (pip's PyQt5 loads an older libstdc++ before
//   scipy), parlance/ctcdecode#191 (importing the other package first fixes it);
// - a library the parent package loaded: Dao-AILab/flash-attention#931 (flash_attn_2_cuda links
//   libc10.so, found because `import torch` loaded it; "undefined symbol: _ZN3c104cuda9SetDeviceEi"
//   for a flash-attn built against another torch).

let dir: string;
let order: ContextScenario;
let compatible: ContextScenario;
let parent: ContextScenario;
let parentOk: ContextScenario;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdd-context-'));
  order = await buildImportOrderScenario(dir);
  compatible = await buildImportOrderScenario(dir, true);
  parent = await buildParentLoadedScenario(dir, '1.0');
  parentOk = await buildParentLoadedScenario(dir, '2.0');
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function fromError(s: ContextScenario): Promise<Diagnosis> {
  return diagnose({ python: s.python, errorText: s.errorText }, createLiveDeps({ env: s.env }));
}

function timeline(d: Diagnosis): Extract<Evidence, { kind: 'import-timeline' }> | undefined {
  return d.causes[0]?.evidence.find((e): e is Extract<Evidence, { kind: 'import-timeline' }> => e.kind === 'import-timeline');
}

describe('an import-order conflict (two copies of libstdc++.so.6)', () => {
  it('fails in the program and not on its own', async () => {
    expect(order.errorText).toMatch(/version `GLIBCXX_3\.4\.30' not found/);
    await expect(run(order.python, ['-c', 'import scipkg'])).resolves.toBeDefined();
  });

  it('names the earlier import, both files and what the first copy lacks, from the traceback\'s program', async () => {
    const d = await fromError(order);
    expect(d.status).toBe('problem-found');
    const top = d.causes[0];
    expect(top?.kind).toBe('load-order-conflict');
    expect(top?.title).toContain('import guipkg');
    const t = timeline(d);
    expect(t?.steps.map((s) => [s.module, s.ok])).toEqual([['sys', true], ['guipkg', true], ['scipkg._sci', false]]);
    expect(t?.conflict).toMatchObject({ library: 'libstdc++.so.6', step: 1, missing: expect.arrayContaining(['GLIBCXX_3.4.30', 'cxx_new']) });
    expect(t?.conflict?.earlierCopy).toMatch(/guipkg\/Qt\/lib\/libstdc\+\+\.so\.6$/);
    expect(t?.conflict?.ownCopy).toMatch(/scipkg\.libs\/libstdc\+\+\.so\.6$/);
    expect(top?.explanation).toContain('GCC 12.1.0');
    expect(top?.evidence.some((e) => e.kind === 'missing-symbols' && e.versions.includes('GLIBCXX_3.4.30'))).toBe(true);
  });

  it('offers moving the import, proved by the replay with it first, and no reinstall', async () => {
    const d = await fromError(order);
    const fix = d.causes[0]?.remedies[0];
    expect(fix).toMatchObject({ kind: 'manual', title: expect.stringContaining('Import scipkg before guipkg'), recommended: true });
    expect(d.causes[0]?.confidence.signals).toContain('reorder-proved');
    expect(d.causes.flatMap((c) => c.remedies).some((r) => r.kind === 'pip-force-reinstall')).toBe(false);
    // The proof itself: the program with the import moved runs.
    await expect(run(order.python, ['-c', 'import scipkg\nimport guipkg'])).resolves.toBeDefined();
  });

  it('takes the context from --after on the command line (exit 3) and from --program', async () => {
    const io = capture(order.env);
    const code = await runCli(['diagnose', '--python', order.python, '--module', 'scipkg._sci', '--after', 'guipkg', '--json'], io, [createDiagnoseCommand(() => createLiveDeps({ env: order.env }))]);
    expect(code).toBe(ExitCode.problemFound);
    expect((JSON.parse(io.out) as Diagnosis).causes[0]?.kind).toBe('load-order-conflict');
    const byProgram = await diagnose({ python: order.python, module: 'scipkg._sci', program: order.program }, createLiveDeps({ env: order.env }));
    expect(byProgram.causes[0]?.kind).toBe('load-order-conflict');
  });

  it('raises nothing for compatible duplicates (the control)', async () => {
    expect(compatible.errorText).toBe('');
    const d = await diagnose({ python: compatible.python, module: 'scipkg._sci', after: ['guipkg'] }, createLiveDeps({ env: compatible.env }));
    expect(d.status).toBe('healthy');
    expect(d.causes).toEqual([]);
    expect(d.checks.find((c) => c.id === 'context-replay')?.status).toBe('ok');
    expect(isFixed(d)).toBe(true);
  });
});

describe('a library the parent package loaded (flash-attn and torch)', () => {
  it('reports no missing library and uses the undefined symbol against the parent\'s copy', async () => {
    expect(parent.errorText).toMatch(/undefined symbol: core_set_device_v2/);
    const d = await fromError(parent);
    expect(d.causes.some((c) => c.kind === 'missing-library')).toBe(false);
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-symbol');
    expect(top?.evidence.find((e) => e.kind === 'missing-symbols')).toMatchObject({ symbols: ['core_set_device_v2'], provider: expect.stringMatching(/corepkg\/lib\/libcore\.so\.1$/) });
    expect(d.checks.find((c) => c.id === 'parent-state')?.detail).toContain('libcore.so.1');
  });

  it('fixes it with the matching version pair, never a reinstall of the same build, proved by the import', async () => {
    const d = await fromError(parent);
    const fix = d.causes[0]?.remedies.find((r) => r.recommended);
    expect(fix?.kind).toBe('pip-install-version');
    if (fix?.kind !== 'pip-install-version') return;
    expect([`${fix.package} ${fix.version}`]).toContain(fix.package === 'extpkg' ? 'extpkg 1.0' : 'corepkg 2.0');
    await pip(parent.python, ['install', '--no-deps', `${fix.package}==${fix.version}`], parent.wheelDir);
    await expect(run(parent.python, [parent.program])).resolves.toBeDefined();
  });

  it('raises nothing when the parent\'s copy has what the extension needs (the control)', async () => {
    expect(parentOk.errorText).toBe('');
    const d = await diagnose({ python: parentOk.python, module: 'extpkg_cuda', after: ['corepkg'] }, createLiveDeps({ env: parentOk.env }));
    expect(d.status).toBe('healthy');
    expect(d.causes).toEqual([]);
    expect(d.checks.find((c) => c.id === 'import-in-context')?.detail).toContain('imports after corepkg');
    expect(d.checks.find((c) => c.id === 'parent-state')?.detail).toContain('loaded, not missing');
  });
});

function capture(env: NodeJS.ProcessEnv): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: dir, env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}
