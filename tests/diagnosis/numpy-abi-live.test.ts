import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { diagnosisSchema } from '../../app/diagnosis/types';
import { createVenv } from '../support/venv';
import type { TestVenv } from '../support/venv';

// spyder-ide/spyder#22187 on a real venv: SciPy 1.12.0 (built against NumPy 1.x; Requires-Dist
// numpy<1.29.0,>=1.22.4) with NumPy 2.0.2 installed over it, as `pip install numpy==2.0.2` does with
// only a warning. Real wheels from this machine's package index.
const run = promisify(execFile);
const FIND_LINKS = ['--find-links', '/opt/pypi-more/files', '--find-links', '/opt/pypi/files'];
let venv: TestVenv;

async function pip(...args: string[]): Promise<void> {
  await run(venv.python, ['-m', 'pip', 'install', '--no-index', '--disable-pip-version-check', '-q', ...FIND_LINKS, ...args], { timeout: 300_000 });
}

beforeAll(async () => {
  venv = await createVenv();
  await pip('scipy==1.12.0', 'numpy==1.26.4');
}, 600_000);
afterAll(async () => venv?.remove());

describe('an extension built against NumPy 1.x under NumPy 2, live', () => {
  it('is diagnosed from the real import failure, with scipy\'s own NumPy range as the fix and this machine\'s facts', async () => {
    await pip('numpy==2.0.2');
    const d = diagnosisSchema.parse(await diagnose({ python: venv.python, module: 'scipy.linalg._fblas' }, createLiveDeps()));
    expect(d.status).toBe('problem-found');
    const cause = d.causes[0];
    expect(cause?.kind).toBe('numpy-abi');
    expect(cause?.title).toContain('NumPy 2.0.2 is installed');
    // The knowledge base's manual note (numpy-2-abi-numpy-1-builds) comes first; the command is the first automatic-capable fix.
    const constraint = cause?.remedies.find((r) => r.kind === 'install-constraint');
    expect(constraint?.kind === 'install-constraint' && constraint.command).toEqual(['pip', 'install', 'numpy<1.29.0,>=1.22.4']);
    expect(cause?.confidence.signals).toContain('known-issue:numpy-2-abi-numpy-1-builds');
    expect(cause?.evidence[0]).toMatchObject({ kind: 'import-test', ok: false });
    expect(d.host?.platform).toBe('linux');
    expect(d.host?.cpu.status).toBe('known');
  }, 300_000);

  it('is healthy after the fix it proposed (control)', async () => {
    await pip('numpy<1.29.0,>=1.22.4');
    const d = diagnosisSchema.parse(await diagnose({ python: venv.python, module: 'scipy.linalg._fblas' }, createLiveDeps()));
    expect(d.status).toBe('healthy');
    expect(d.causes).toEqual([]);
    expect(d.checks.find((c) => c.id === 'host-facts')?.detail).toMatch(/^Read: Processor/);
  }, 300_000);
});
