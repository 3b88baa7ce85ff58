import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, listVersionOffers, locateConda, parseCondaTransaction, planRepair, rollback, type CommandRunner } from '../../app/repair';
import { condaRefusal, currentRevision } from '../../app/repair/conda';
import { condaStepMayRelink, dependentsByManager } from '../../app/repair/conda-dependents';
import { environmentChannels, localCondaRecords } from '../../app/repair/conda-meta';
import { condaRestoreSteps, revisionSupport, takeCondaSnapshot } from '../../app/repair/conda-rollback';
import { condaSearchArgv, condaTarget, exactCondaSpec, fittingVersions, parseCondaSearch } from '../../app/repair/conda-search';
import { condaOnlyPath } from '../../app/repair/conda-switch';
import { compareCondaVersions, condaVersionMatches } from '../../app/envs/conda-spec';
import { testWrite } from '../../app/repair/permissions';
import { CONDA_FIXTURES, condaFixture, offlinePip, recordedConda, remedyBase, testConda, useCondaVenv } from '../support/recorded-conda';
import { english, formatMessage } from '../../app/messages';

const FIXTURES = CONDA_FIXTURES;
const fixture = condaFixture;
const conda = testConda;
const offline = offlinePip;
const command = (argv: readonly string[]) => argv.slice(1).join(' ');

describe("conda's version specs (docs/source/user-guide/concepts/pkg-specs.rst at 25.11.1)", () => {
  it('reads the examples of conda’s docs and the python pins of real package records', () => {
    expect(condaVersionMatches('1.11.18', '=1.11')).toBe(true); // "fuzzy constraint numpy=1.11 matches … 1.11.18"
    expect(condaVersionMatches('1.11.0.0', '==1.11')).toBe(true); // "exact constraint numpy==1.11 matches 1.11, 1.11.0, 1.11.0.0"
    expect(condaVersionMatches('1.11.1', '==1.11')).toBe(false);
    expect(['1', '1.3'].every((v) => condaVersionMatches(v, '>=1,<2|>3'))).toBe(true); // ", has higher precedence than |"
    expect(condaVersionMatches('2.2', '>=1,<2|>3')).toBe(false);
    expect(condaVersionMatches('1.4.1b2', '1.0|1.4*')).toBe(true);
    expect(condaVersionMatches('1.2', '1.0|1.4*')).toBe(false);
    // certifi-2018.8.13-py37_0 (conda's own test data): "python >=3.7,<3.8.0a0"
    expect(condaVersionMatches('3.7.0', '>=3.7,<3.8.0a0')).toBe(true);
    expect(condaVersionMatches('3.7.12', '>=3.7,<3.8.0a0')).toBe(true);
    expect(condaVersionMatches('3.8.0rc1', '>=3.7,<3.8.0a0')).toBe(false);
    expect(condaVersionMatches('3.6.8', '>=3.7,<3.8.0a0')).toBe(false);
    expect(condaVersionMatches('3.6.8', '3.6*')).toBe(true);
    expect(condaVersionMatches('3.60', '3.6*')).toBe(false);
    expect(compareCondaVersions('3.8.0a0', '3.8.0')).toBe(-1);
    expect(compareCondaVersions('1.0.post1', '1.0')).toBe(1);
  });

  it('writes exact specs: pkg==4.0.0, not the fuzzy pkg=4.0.0, with the channel when one is named', () => {
    expect(exactCondaSpec('pillow', '4.0.0')).toBe('pillow==4.0.0');
    expect(exactCondaSpec('pillow', '4.0.0', 'conda-forge')).toBe('conda-forge::pillow==4.0.0');
    expect(() => exactCondaSpec('pillow', '4.0.0; rm -rf /')).toThrow();
  });
});

describe('conda search, against records from conda’s own tests', () => {
  it('reads conda’s {name: [...]} and mamba 2’s {query, result: {pkgs}} shapes alike', async () => {
    const fromConda = parseCondaSearch(await fixture('search-certifi.json'), 'certifi');
    const fromMamba = parseCondaSearch(await fixture('search-certifi-mamba2.json'), 'certifi');
    expect(fromConda.map((r) => r.build)).toEqual(['py27_0', 'py37_0']);
    expect(fromMamba.map((r) => [r.build, r.depends])).toEqual(fromConda.map((r) => [r.build, r.depends]));
    expect(parseCondaSearch('{"exception_name": "PackagesNotFoundError", "message": "not found"}', 'certifi')).toEqual([]);
  });

  it('keeps only the builds whose depends admit this Python and platform', async () => {
    const records = await localCondaRecords(path.join(FIXTURES, 'envpy37win'));
    const found = parseCondaSearch(await fixture('search-certifi.json'), 'certifi');
    expect(fittingVersions(found, condaTarget(records, '3.7.0'))).toEqual([{ version: '2018.8.13', builds: [expect.objectContaining({ build: 'py37_0' })] }]);
    expect(fittingVersions(found, condaTarget(records, '2.7.15'))[0]?.builds.map((b) => b.build)).toEqual(['py27_0']);
    expect(fittingVersions(found, condaTarget(records, '3.8.1'))).toEqual([]);
    expect(fittingVersions(found, { ...condaTarget(records, '3.7.0'), subdir: 'linux-64' })).toEqual([]);
  });

  it('searches the channels the environment’s records came from, never with --prefix (gone since conda 4.6)', async () => {
    const records = await localCondaRecords(path.join(FIXTURES, 'envpy37win'));
    expect(environmentChannels(records)).toEqual(['https://repo.anaconda.com/pkgs/main']);
    expect(condaSearchArgv(conda, 'certifi', environmentChannels(records))).toEqual([conda.exe, 'search', '--json', '--override-channels', '-c', 'https://repo.anaconda.com/pkgs/main', 'certifi']);
    expect(() => condaSearchArgv(conda, 'certifi', ['--file=/etc/passwd x'])).toThrow();
  });
});

describe('conda environments end to end (a venv holding conda’s real win-64 records)', () => {
  const venv = useCondaVenv('doctor conda ');
  let [dir, python, prefix] = ['', '', ''];
  beforeAll(() => void ([dir, python, prefix] = [venv.dir, venv.python, venv.prefix]));

  it('offers no certifi build of 2018 to this Python 3.11 and asks conda the right question', async () => {
    const { runner, ran } = recordedConda(() => fixture('search-certifi.json'));
    const offers = await listVersionOffers(python, 'certifi', { manager: 'conda', env: offline, runner, conda });
    expect(ran[0]).toEqual([conda.exe, 'search', '--json', '--override-channels', '-c', 'https://repo.anaconda.com/pkgs/main', 'certifi']);
    expect(offers.versions).toEqual([]);
    expect(offers.source).toContain('https://repo.anaconda.com/pkgs/main');
  });

  it('finds each dependent with the manager that installed it: conda’s from conda-meta depends', async () => {
    const records = await localCondaRecords(prefix);
    const deps = await dependentsByManager(python, 'setuptools', records, offline);
    expect(deps.map((d) => [d.name, d.version, d.manager])).toEqual([['pip', '10.0.1', 'conda'], ['wheel', '0.31.1', 'conda']]);
    expect((await dependentsByManager(python, 'certifi', records, offline)).map((d) => d.name)).toEqual(['setuptools']);
  });

  it('takes conda’s copy out before pip installs over it, reinstalls conda dependents with conda --no-deps before pip’s step, and says conda may undo pip', async () => {
    const { runner } = recordedConda(() => fixture('update-pytest-dry-run-4.4.json'));
    const remedy: Remedy = { ...remedyBase, kind: 'pip-install-version', title: 'Install certifi 2019.3.9 with pip', package: 'certifi', version: '2019.3.9' };
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(plan.dependents.map((d) => [d.name, d.manager])).toEqual([['setuptools', 'conda']]);
    expect(plan.steps.map((s) => (s.kind === 'command' ? command(s.argv) : ''))).toEqual([
      `remove --prefix ${prefix} --json --yes --force certifi`,
      `install --prefix ${prefix} --json --yes --no-deps --force-reinstall https://repo.anaconda.com/pkgs/main::setuptools==40.0.0=py37_0`,
      '-I -u -m pip --disable-pip-version-check install certifi==2019.3.9',
    ]);
    expect(plan.steps.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3']);
    expect(plan.warnings.join(' ')).toContain('conda/conda#12828');
  });

  it('plans a switch to pip whose preview keeps --force, with no conda step after pip', async () => {
    const { runner, ran } = recordedConda((argv) => (argv[1] === 'search' ? fixture('search-certifi.json') : fixture('remove-pillow-dry-run.json')));
    const remedy: Remedy = { ...remedyBase, kind: 'switch-manager', title: 'Install certifi with pip instead of conda', package: 'certifi', version: '2018.8.13', from: 'conda', to: 'pip' };
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(plan.steps.map((s) => (s.kind === 'command' ? command(s.argv) : ''))).toEqual([`remove --prefix ${prefix} --json --yes --force certifi`, '-I -u -m pip --disable-pip-version-check install certifi==2018.8.13']);
    expect(ran.filter((a) => a.includes('--dry-run')).map(command)).toEqual([`remove --prefix ${prefix} --json --yes --dry-run certifi`, `remove --prefix ${prefix} --json --yes --dry-run --force certifi`]);
    expect(plan.warnings.some((w) => w.includes('conda does not know that pip installed certifi'))).toBe(true);
  });

  it('names the conda-only path first where conda has a build of the wanted version for this Python', async () => {
    const records = await localCondaRecords(prefix);
    const { runner } = recordedConda(() => fixture('search-certifi.json'));
    expect(english((await condaOnlyPath(conda, 'certifi', '2018.8.13', { records, pythonVersion: '3.7.0', runner, env: offline }))!)).toContain('conda has certifi 2018.8.13 for this Python (https://repo.anaconda.com/pkgs/main)'); // the channel, from the package URL minus /win-64/<file>
    expect(await condaOnlyPath(conda, 'certifi', '2018.8.13', { records, pythonVersion: '3.11.7', runner, env: offline })).toBeNull();
  });

  it('never lets a conda step that could relink run after pip', () => {
    expect(condaStepMayRelink({ id: 's', kind: 'command', title: 't', argv: [conda.exe, 'install', '--prefix', 'p', '--json', '--yes', 'scikit-image==0.13.1'] }, conda.exe)).toBe(true);
    expect(condaStepMayRelink({ id: 's', kind: 'command', title: 't', argv: [conda.exe, 'install', '--prefix', 'p', '--json', '--yes', '--no-deps', '--force-reinstall', 'scikit-image==0.13.1'] }, conda.exe)).toBe(false);
    expect(condaStepMayRelink({ id: 's', kind: 'command', title: 't', argv: [conda.exe, 'remove', '--prefix', 'p', '--json', '--yes', '--force', 'pillow'] }, conda.exe)).toBe(false);
  });

  it('removes a pip-over-conda duplicate and puts conda’s files back at conda’s version, not pip’s', async () => {
    const site = (await readdir(path.join(prefix, 'lib')))[0] ?? '';
    const distInfo = path.join(prefix, 'lib', site, 'site-packages', 'certifi-2019.3.9.dist-info');
    await mkdir(distInfo, { recursive: true });
    await writeFile(path.join(distInfo, 'METADATA'), 'Metadata-Version: 2.1\nName: certifi\nVersion: 2019.3.9\n');
    await writeFile(path.join(distInfo, 'INSTALLER'), 'pip\n');
    await writeFile(path.join(distInfo, 'RECORD'), 'certifi-2019.3.9.dist-info/METADATA,,\n');
    const { runner } = recordedConda(() => fixture('update-pytest-dry-run-4.4.json'));
    const remedy: Remedy = { ...remedyBase, kind: 'remove-duplicate', title: 'Keep conda’s certifi', package: 'certifi', keep: 'conda' } as Remedy;
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(plan.steps.map((s) => (s.kind === 'command' ? command(s.argv) : ''))).toEqual(['-I -u -m pip --disable-pip-version-check uninstall --yes certifi', `install --prefix ${prefix} --json --yes --force-reinstall --no-deps https://repo.anaconda.com/pkgs/main::certifi==2018.8.13=py37_0`]);
    // Keeping pip's copy: conda's removal deletes the paths pip's copy wrote over, so pip's is put back whole after it.
    const keepPip = await planRepair({ python, remedy: { ...remedy, keep: 'pip' } as Remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(keepPip.steps.map((s) => (s.kind === 'command' ? command(s.argv) : ''))).toEqual([`remove --prefix ${prefix} --json --yes --force certifi`, '-I -u -m pip --disable-pip-version-check install --force-reinstall --no-deps certifi==2019.3.9']);
    // A conda-built dist-info (INSTALLER conda, no RECORD) is never handed to pip uninstall.
    await writeFile(path.join(distInfo, 'INSTALLER'), 'conda\n');
    await rm(path.join(distInfo, 'RECORD'));
    const again = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(again.steps.map((s) => (s.kind === 'command' ? s.argv[1] : ''))).toEqual(['install']);
    await rm(distInfo, { recursive: true });
  });

  it('tells which tools really go back to a revision', async () => {
    const answer = (stdout: string): CommandRunner => async () => ({ code: 0, stdout, stderr: '', cancelled: false });
    expect((await revisionSupport(conda, answer(''), offline)).work).toBe(true);
    expect(await revisionSupport({ exe: 'mamba', flavor: 'mamba' }, answer('mamba 1.5.8\nconda 24.1.2\n'), offline)).toMatchObject({ work: false, why: expect.stringContaining('mamba-org/mamba#803') });
    expect((await revisionSupport({ exe: 'micromamba', flavor: 'micromamba' }, answer('2.2.0\n'), offline)).work).toBe(false);
    expect((await revisionSupport({ exe: 'micromamba', flavor: 'micromamba' }, answer('2.3.0\n'), offline)).work).toBe(true);
  });

  it('restores conda from the snapshot’s package files where the tool has no revisions, after removing pip’s copy', async () => {
    const snapshot = { ...(await takeCondaSnapshot({ exe: 'micromamba', flavor: 'micromamba' }, prefix, async (argv) => ({ code: 0, stdout: argv[1] === '--version' ? '1.5.10\n' : '', stderr: '', cancelled: false }), offline)) };
    expect(snapshot.revisions?.work).toBe(false);
    await rm(path.join(prefix, 'conda-meta', 'certifi-2018.8.13-py37_0.json'));
    const part = await condaRestoreSteps(python, snapshot, [{ name: 'certifi', version: '2019.3.9' }], { dataDir: dir, snapshotId: 'snap1' });
    expect(part.refusal).toBeNull();
    expect(part.steps.map((s) => (s.kind === 'command' ? command(s.argv) : ''))).toEqual(['-I -u -m pip --disable-pip-version-check uninstall --yes certifi', `install --prefix ${prefix} --json --yes --file ${path.join(dir, 'snapshots', 'snap1.explicit.txt')}`]);
    expect(await readFile(path.join(dir, 'snapshots', 'snap1.explicit.txt'), 'utf8')).toBe('@EXPLICIT\nhttps://repo.anaconda.com/pkgs/main/win-64/certifi-2018.8.13-py37_0.tar.bz2\n');
    const noUrl = { ...snapshot, records: snapshot.records?.map((r) => ({ ...r, url: null })) };
    const refusal = (await condaRestoreSteps(python, noUrl, [], { dataDir: dir, snapshotId: 'snap2' })).refusal;
    expect(refusal && english(refusal)).toContain('cannot be put back exactly');
    expect(refusal && formatMessage(refusal, 'de')).toMatch(/lassen sich nicht genau zurücksetzen: micromamba 1\.5\.10 kennt keine Revisionen/);
  });

  it('rolls back conda to its revision first and pip after, and says so only when both match', async () => {
    const certifi = 'certifi-2018.8.13-py37_0.json';
    const saved = await readFile(path.join(prefix, 'conda-meta', certifi), 'utf8');
    // conda's real first revision (conda's own test history), then one per transaction this test makes
    let revision = 0;
    const { runner, ran } = recordedConda(async (argv) => {
      const later = Array.from({ length: revision }, (_, i) => ({ date: '2026-12-02 05:00:00', rev: i + 1, install: [], remove: [], upgrade: [], downgrade: [] }));
      if (argv.includes('--revisions')) return JSON.stringify([...(JSON.parse(await fixture('revisions.json')) as unknown[]), ...later]);
      // conda's dry run of the revert changes nothing (conda/cli/install.py handle_txn: DryRunExit before linking).
      if (argv.includes('--dry-run')) return '{"success": true, "dry_run": true}';
      if (argv.includes('--revision')) {
        // what conda's revert does to the records: certifi comes back
        await writeFile(path.join(prefix, 'conda-meta', certifi), saved);
        revision += 1;
        return '{"success": true}';
      }
      if (argv.includes('--force') && argv[1] === 'remove') {
        await rm(path.join(prefix, 'conda-meta', certifi));
        revision += 1;
        return '{"success": true}';
      }
      return '';
    });
    expect(await currentRevision(conda, prefix, runner)).toBe(0);
    const outcome = await applyPlan(
      {
        id: 'switch-then-failing-pip',
        python,
        remedy: { ...remedyBase, kind: 'switch-manager', title: 'switch', package: 'certifi', version: '2019.3.9', from: 'conda', to: 'pip' },
        manager: 'pip',
        steps: [
          { id: 's1', kind: 'command', title: 'conda remove', argv: [conda.exe, 'remove', '--prefix', prefix, '--json', '--yes', '--force', 'certifi'] },
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
    // conda's revert is dry-run first, and both get the snapshot's channels (revert_actions solves only against those).
    expect(ran.slice(-2)).toEqual([
      [conda.exe, 'install', '--prefix', prefix, '--json', '--yes', '--dry-run', '--revision', '0', '-c', 'https://repo.anaconda.com/pkgs/main'],
      [conda.exe, 'install', '--prefix', prefix, '--json', '--yes', '--revision', '0', '-c', 'https://repo.anaconda.com/pkgs/main'],
    ]);
    expect(outcome.summary).toContain("Put back as it was before: conda's certifi 2018.8.13 was removed undone");
    // Rolling back again finds both managers as the snapshot has them.
    const again = await rollback(python, outcome.snapshotId ?? '', { dataDir: path.join(dir, 'data'), runner, conda, env: offline, onLine: () => undefined, onProgress: () => undefined });
    expect(again.summary).toBe('The environment already matches the snapshot.');
  }, 60_000);
});

describe('conda refusals, permissions and the conda of an environment', () => {
  it('reads what a removal takes along: the plan of the Pillow#2945 transcript', async () => {
    const { changes, removedAlong } = parseCondaTransaction(await fixture('remove-pillow-dry-run.json'));
    expect(removedAlong.map((r) => `${r.name} ${r.version}`)).toEqual(['anaconda-navigator 1.7.0', 'pillow 5.0.0', 'scikit-image 0.13.1', 'wordcloud 1.4.1']);
    expect(changes).toContainEqual({ package: 'certifi', from: '2018.4.16', to: '2018.4.16' });
  });

  it('reads conda 4.4’s list of action groups (real output quoted in conda/conda#6641)', async () => {
    expect(parseCondaTransaction(await fixture('update-pytest-dry-run-4.4.json')).changes).toEqual([{ package: 'pytest', from: '3.3.0', to: '3.3.1' }]);
  });

  it('recognises Anaconda’s Terms of Service refusal and gives the exact command to accept them', async () => {
    const error = JSON.parse(await fixture('tos-non-interactive-error.json')) as { exception_name: string; message: string };
    const refusal = condaRefusal(error.exception_name, error.message);
    expect(refusal.code).toBe('conda-tos');
    expect(refusal.whatToDo).toContain('conda tos accept --override-channels --channel https://repo.anaconda.com/pkgs/main');
    expect(() => parseCondaTransaction(JSON.stringify(error))).toThrow('Terms of Service');
    // conda-anaconda-tos 0.1.x printed a CHANNEL placeholder: the URLs come from its bullet list.
    const older = JSON.parse(await fixture('tos-non-interactive-error-0.1.json')) as { exception_name: string; message: string };
    expect(condaRefusal(older.exception_name, older.message).whatToDo).toContain('conda tos accept --override-channels --channel https://repo.anaconda.com/pkgs/msys2');
    expect(condaRefusal(older.exception_name, older.message).whatToDo).not.toContain('CHANNEL ');
  });

  it('tests writability by writing, and cleans up', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'doctor write '));
    expect(await testWrite(dir)).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(await testWrite(path.join(dir, 'missing'))).toBe(false);
    await rm(dir, { recursive: true });
  });

  it('finds the conda of the installation an environment belongs to, before any other', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'doctor locate '));
    const root = path.join(dir, 'Miniforge3');
    await mkdir(path.join(root, 'condabin'), { recursive: true });
    await mkdir(path.join(root, 'envs', 'work', 'conda-meta'), { recursive: true });
    await writeFile(path.join(root, 'condabin', 'conda'), '#!/bin/sh\n');
    await chmod(path.join(root, 'condabin', 'conda'), 0o755);
    expect(await locateConda(path.join(root, 'envs', 'work'), { CONDA_EXE: '/elsewhere/conda' })).toEqual({ exe: path.join(root, 'condabin', 'conda'), flavor: 'conda' });
    expect(await locateConda(path.join(dir, 'nowhere'), { MAMBA_EXE: '/usr/local/bin/micromamba' })).toBeNull();
    await rm(dir, { recursive: true });
  });
});
