import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDeps } from '../../app/diagnosis/facts/default-deps';
import { diagnose } from '../../app/diagnosis/diagnose';
import { buildOpenmpScenario } from './support/openmp-scenarios';

// Offline (a copied Windows folder, read on Linux): two packages each shipping libiomp5md.dll,
// modelled on meta-pytorch/csprng#115 and harry0703/MoneyPrinterTurbo#90; the error text is the
// runtime's own message as those reports quote it.
const ERROR_15 = 'OMP: Error #15: Initializing libiomp5md.dll, but found libiomp5md.dll already initialized.\nOMP: Hint This means that multiple copies of the OpenMP runtime have been linked into the program.';

let dir: string;
let two: { python: string; prefix: string };
let one: { python: string; prefix: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdd-openmp-'));
  two = await buildOpenmpScenario(dir);
  one = await buildOpenmpScenario(dir, true);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two OpenMP runtimes (OMP: Error #15)', () => {
  it('names both copies from the error text, with one runtime as the fix and KMP_DUPLICATE_LIB_OK called unsafe', async () => {
    const d = await diagnose({ python: two.python, errorText: ERROR_15 }, defaultDeps(two.python, process.env, 'linux'));
    const cause = d.causes.find((c) => c.id.startsWith('openmp-duplicate:'));
    expect(cause?.confidence.level).toBe('high');
    expect(cause?.explanation).toMatch(/site-packages\/torch\/lib\/libiomp5md\.dll \(torch 2\.3\.1, pip\)/);
    expect(cause?.explanation).toMatch(/site-packages\/ctranslate2\/libiomp5md\.dll \(ctranslate2 4\.3\.1, pip\)/);
    expect(cause?.explanation).toMatch(/KMP_DUPLICATE_LIB_OK=TRUE .* unsafe/);
    expect(cause?.remedies.map((r) => r.title)).toEqual(['Keep one OpenMP runtime in the process']);
    expect(cause?.remedies.flatMap((r) => ('steps' in r ? r.steps : [])).join(' ')).not.toContain('KMP_DUPLICATE_LIB_OK');
    expect(d.status).toBe('problem-found');
  });

  it('predicts it from the files for diagnose --all and for a module of either package', async () => {
    const all = await diagnose({ python: two.python, all: true }, defaultDeps(two.python, process.env, 'linux'));
    expect(all.causes.find((c) => c.id.startsWith('openmp-duplicate:'))).toMatchObject({ confidence: { level: 'medium' } });
    // The copies export the same functions: the same-named check rightly sees no missing name.
    expect(all.checks.find((c) => c.id === 'same-named-libraries')?.status).toBe('ok');
    const mod = await diagnose({ python: two.python, module: 'ctranslate2._ext' }, defaultDeps(two.python, process.env, 'linux'));
    expect(mod.checks.find((c) => c.id === 'openmp-runtimes')?.status).toBe('problem');
  });

  it('raises nothing with one copy (the control), and says when Error #15 names a copy it cannot see', async () => {
    const all = await diagnose({ python: one.python, all: true }, defaultDeps(one.python, process.env, 'linux'));
    expect(all.causes.some((c) => c.id.startsWith('openmp-duplicate:'))).toBe(false);
    expect(all.checks.find((c) => c.id === 'openmp-runtimes')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^One OpenMP runtime: .*site-packages\/torch\/lib\/libiomp5md\.dll \(torch 2\.3\.1, pip\)\.$/) });
    const err = await diagnose({ python: one.python, errorText: ERROR_15 }, defaultDeps(one.python, process.env, 'linux'));
    expect(err.causes.some((c) => c.id.startsWith('openmp-duplicate:'))).toBe(false);
    expect(err.checks.find((c) => c.id === 'openmp-runtimes')?.detail).toMatch(/only .*torch.* ships one: the other copy .* cannot be named/);
    expect(err.status).not.toBe('healthy');
  });
});
