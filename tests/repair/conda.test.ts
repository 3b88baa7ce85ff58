import { mkdir, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, listVersionOffers, locateConda, parseCondaTransaction, planRepair, type CommandRunner, type CondaTool } from '../../app/repair';
import { currentRevision } from '../../app/repair/conda';
import { runCommand } from '../../app/repair/run-command';
import { makeVenv } from '../scenarios/support/build-tools';

const fixture = (name: string) => readFile(path.join('tests/fixtures/conda', name), 'utf8');
const conda: CondaTool = { exe: '/opt/anaconda3/condabin/conda', flavor: 'conda' };
const remedyBase = { id: 'r1', explanation: 'e', automatic: true, risk: 'low' as const };
/** pip's own dry run must not reach for any index from these tests. */
const offline = { ...process.env, PIP_NO_INDEX: '1', PIP_FIND_LINKS: '' };

/** Answers conda's commands from recorded output, runs everything else for real; records what ran. */
function recordedConda(answers: (argv: readonly string[]) => Promise<string>): { runner: CommandRunner; ran: string[][] } {
  const ran: string[][] = [];
  return {
    ran,
    runner: async (argv, options) => {
      if (argv[0] !== conda.exe) return runCommand(argv, options);
      ran.push([...argv]);
      return { code: 0, stdout: await answers(argv), stderr: '', cancelled: false };
    },
  };
}

describe('conda adapter, against recorded conda output', () => {
  let dir: string;
  let python: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor conda '));
    python = await makeVenv(path.join(dir, 'env'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads what a removal takes along: after conda remove pillow, these must come back', async () => {
    const { changes, removedAlong } = parseCondaTransaction(await fixture('remove-pillow-dry-run.json'));
    expect(removedAlong.map((r) => r.name)).toEqual(['anaconda-navigator', 'pillow', 'scikit-image', 'wordcloud']);
    expect(changes).toContainEqual({ package: 'pillow', from: '5.0.0', to: null });
  });

  it('offers the versions conda search lists, one per version, newest first', async () => {
    const { runner, ran } = recordedConda(() => fixture('search-pillow.json'));
    const offers = await listVersionOffers(python, 'pillow', { manager: 'conda', env: offline, runner, conda, knownGood: '4.1.1' });
    expect(offers.versions.map((v) => [v.version, v.knownGood])).toEqual([['5.1.0', false], ['5.0.0', false], ['4.1.1', true], ['4.0.0', false]]);
    expect(ran[0]?.slice(1, 3)).toEqual(['search', '--prefix']);
  });

  it('reads a version change and a refusal', async () => {
    expect(parseCondaTransaction(await fixture('install-pillow-dry-run.json')).changes).toEqual([{ package: 'pillow', from: '5.0.0', to: '5.1.0' }]);
    expect(() => parseCondaTransaction('{"exception_name": "PackagesNotFoundInPrefixError", "message": "missing: pillow"}')).toThrow('conda refused: missing: pillow');
  });

  it('finds the conda of the installation an environment belongs to, before any other', async () => {
    const root = path.join(dir, 'Miniforge3');
    await mkdir(path.join(root, 'condabin'), { recursive: true });
    await mkdir(path.join(root, 'envs', 'work', 'conda-meta'), { recursive: true });
    await writeFile(path.join(root, 'condabin', 'conda'), '#!/bin/sh\n');
    await chmod(path.join(root, 'condabin', 'conda'), 0o755);
    expect(await locateConda(path.join(root, 'envs', 'work'), { CONDA_EXE: '/elsewhere/conda' })).toEqual({ exe: path.join(root, 'condabin', 'conda'), flavor: 'conda' });
    expect(await locateConda(path.join(dir, 'nowhere'), { MAMBA_EXE: '/usr/local/bin/micromamba' })).toBeNull();
  });

  it('plans a switch from conda to pip that keeps what conda would remove along, and shows it', async () => {
    const { runner, ran } = recordedConda(() => fixture('remove-pillow-dry-run.json'));
    const remedy: Remedy = { ...remedyBase, kind: 'switch-manager', title: 'Install Pillow with pip instead of conda', package: 'pillow', version: '5.1.0', from: 'conda', to: 'pip' };
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline });
    const prefix = path.dirname(path.dirname(python));
    expect(plan.steps.map((s) => (s.kind === 'command' ? s.argv.slice(1).join(' ') : ''))).toEqual([
      `remove --prefix ${prefix} --json --yes --force pillow`,
      '-m pip --disable-pip-version-check install pillow==5.1.0',
    ]);
    expect(plan.dependents.map((d) => [d.name, d.manager])).toEqual([['anaconda-navigator', 'conda'], ['scikit-image', 'conda'], ['wordcloud', 'conda']]);
    expect(ran[0]).toEqual([conda.exe, 'remove', '--prefix', prefix, '--json', '--yes', '--dry-run', 'pillow']);
  });

  it('reinstalls with conda the dependents the user keeps ticked', async () => {
    const { runner } = recordedConda(() => fixture('install-pillow-dry-run.json'));
    const remedy: Remedy = {
      ...remedyBase,
      kind: 'reinstall-dependents',
      title: 'Reinstall what conda removed with pillow',
      package: 'pillow',
      manager: 'conda',
      dependents: [
        { name: 'anaconda-navigator', version: '1.7.0', manager: 'conda' },
        { name: 'scikit-image', version: '0.13.1', manager: 'conda' },
      ],
    };
    const plan = await planRepair({ python, remedy, reinstall: ['scikit-image'] }, { dataDir: dir, runner, conda, env: offline });
    expect(plan.steps).toHaveLength(1);
    expect(plan.steps[0]?.kind === 'command' && plan.steps[0].argv.slice(-1)).toEqual(['scikit-image=0.13.1']);
    expect(plan.manager).toBe('conda');
  });

  it('records the conda revision in the snapshot and returns to it when a step fails', async () => {
    let revision = 1;
    const { runner, ran } = recordedConda(async (argv) => {
      if (argv.includes('--revisions')) {
        const revisions = JSON.parse(await fixture('revisions.json')) as unknown[];
        return JSON.stringify(revision === 1 ? revisions : [...revisions, { rev: 2, install: [], remove: [], upgrade: [], downgrade: [] }]);
      }
      if (argv.includes('pillow=5.1.0')) revision = 2;
      return fixture('install-pillow-dry-run.json');
    });
    const prefix = path.dirname(path.dirname(python));
    expect(await currentRevision(conda, prefix, runner)).toBe(1);
    const outcome = await applyPlan(
      {
        id: 'conda-then-failing-pip',
        python,
        remedy: { ...remedyBase, kind: 'conda-install-version', title: 'Install pillow 5.1.0 with conda', package: 'pillow', version: '5.1.0', channel: null },
        manager: 'conda',
        steps: [
          { id: 's1', kind: 'command', title: 'conda install', argv: [conda.exe, 'install', '--prefix', prefix, '--json', '--yes', 'pillow=5.1.0'] },
          { id: 's2', kind: 'command', title: 'a pip step that fails', argv: [python, '-m', 'pip', 'install', '--no-index', 'no-such-package==1.0'] },
        ],
        dependents: [],
        changes: [],
        permission: { writable: true },
        warnings: [],
      },
      { dataDir: path.join(dir, 'data'), runner, conda, env: offline, signal: new AbortController().signal, onLine: () => undefined, onProgress: () => undefined, verify: async () => true },
    );
    expect(outcome.status).toBe('failed-and-rolled-back');
    expect(ran.at(-1)).toEqual([conda.exe, 'install', '--prefix', prefix, '--json', '--yes', '--revision', '1']);
    expect(outcome.summary).toContain('conda back at revision 1');
  }, 60_000);
});
