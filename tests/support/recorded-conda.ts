/** Recorded conda answers for repair tests: there is no conda on the test machines. */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { CommandRunner, CondaTool } from '../../app/repair';
import { runCommand } from '../../app/process/run-command';
import { makeVenv } from '../scenarios/support/build-tools';

export const CONDA_FIXTURES = 'tests/fixtures/conda';
/** A recorded file of tests/fixtures/conda (its README says where each comes from). */
export const condaFixture = (name: string) => readFile(path.join(CONDA_FIXTURES, name), 'utf8');
export const testConda: CondaTool = { exe: '/opt/anaconda3/condabin/conda', flavor: 'conda' };
export const remedyBase = { id: 'r1', explanation: 'e', automatic: true, risk: 'low' as const };
/** pip's own dry run must not reach for any index from these tests. */
export const offlinePip = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: '' };

/** Answers conda's commands (recorded output, or a function of the argv), runs everything else for real; records what ran. */
export function recordedConda(answers: (argv: readonly string[]) => Promise<string> | string): { runner: CommandRunner; ran: string[][] } {
  const ran: string[][] = [];
  return {
    ran,
    runner: async (argv, options) => {
      if (argv[0] !== testConda.exe) return runCommand(argv, options);
      ran.push([...argv]);
      return { code: 0, stdout: await answers(argv), stderr: '', cancelled: false };
    },
  };
}

/**
 * A real venv holding conda's real win-64 records (tests/fixtures/conda/envpy37win), fresh records
 * before each test; the fields are filled once the suite's beforeAll has run.
 */
export function useCondaVenv(label: string): { dir: string; python: string; prefix: string } {
  const venv = { dir: '', python: '', prefix: '' };
  beforeAll(async () => {
    venv.dir = await mkdtemp(path.join(tmpdir(), label));
    venv.prefix = path.join(venv.dir, 'env');
    venv.python = await makeVenv(venv.prefix);
  });
  beforeEach(async () => {
    await rm(path.join(venv.prefix, 'conda-meta'), { recursive: true, force: true });
    await cp(path.join(CONDA_FIXTURES, 'envpy37win', 'conda-meta'), path.join(venv.prefix, 'conda-meta'), { recursive: true });
  });
  afterAll(() => rm(venv.dir, { recursive: true, force: true }));
  return venv;
}
