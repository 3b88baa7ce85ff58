import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, planRepair, type CondaTool } from '../../app/repair';
import { reinstallFlag } from '../../app/repair/conda';
import { condaDependentsClosure, localCondaRecords } from '../../app/repair/conda-meta';
import { parseCondaSearch } from '../../app/repair/conda-search';
import { condaRestoreSteps, restorePreviewError, snapshotChannels, takeCondaSnapshot } from '../../app/repair/conda-rollback';
import { testWrite } from '../../app/repair/permissions';
import { CONDA_FIXTURES, condaFixture, offlinePip, recordedConda, remedyBase, testConda, useCondaVenv } from '../support/recorded-conda';
import { english, formatMessage } from '../../app/messages';

// Issue 24 items 1, 2, 4, 5 and 6, on a venv holding conda's real win-64 records (conda's own test
// data, tests/fixtures/conda/README.md) and conda's recorded answers.
const FIXTURES = CONDA_FIXTURES;
const fixture = condaFixture;
const conda = testConda;
const offline = offlinePip;
const MAIN = 'https://repo.anaconda.com/pkgs/main';

describe('conda plans, second reading', () => {
  const venv = useCondaVenv('doctor conda 2 ');
  let [dir, python, prefix] = ['', '', ''];
  beforeAll(() => void ([dir, python, prefix] = [venv.dir, venv.python, venv.prefix]));

  it('installs from the channels the picker searched, and a version conda writes as 1.1.1w goes through (items 1, 5)', async () => {
    const { runner } = recordedConda(() => fixture('update-pytest-dry-run-4.4.json'));
    const remedy: Remedy = { ...remedyBase, kind: 'conda-install-version', title: 'openssl', package: 'openssl', version: '1.1.1w', channel: null };
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    const step = plan.steps[0];
    expect(step?.kind === 'command' ? step.argv.slice(6) : []).toEqual(['-c', MAIN, 'openssl==1.1.1w']);
    expect(plan.blocked).toBeNull();
  });

  it('makes a plan whose conda dry run failed not runnable, says why, and runs nothing (item 2)', async () => {
    // conda's real error object for a package not in the prefix (fixture README: conda/exceptions.py at 25.11.1).
    const { runner, ran } = recordedConda(() => fixture('not-installed-error.json'));
    const remedy: Remedy = { ...remedyBase, kind: 'conda-force-reinstall', title: 'reinstall', package: 'certifi', version: null } as Remedy;
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    expect(plan.blocked).toContain('missing from the target environment');
    // Why it cannot run, in the wizard's language: the message behind it says the same in English.
    expect(english(plan.messages!.blocked)).toBe(plan.blocked);
    expect(formatMessage(plan.messages!.blocked, 'de')).toMatch(/^Nichts wird ausgeführt: Der Probelauf von conda für „/);
    expect(plan.warningMessages?.map(english)).toEqual(plan.warnings);
    expect(plan.steps[0]).toMatchObject({ previewError: expect.stringContaining('missing from the target environment') });
    const before = ran.length;
    await expect(applyPlan(plan, { dataDir: path.join(dir, 'data'), runner, conda, env: offline, signal: new AbortController().signal, onLine: () => undefined, onProgress: () => undefined, verify: async () => true })).rejects.toMatchObject({ code: 'no-preview' });
    expect(ran.length).toBe(before);
  });

  it('reinstalls the installed build from its own channel, with --force before conda 4.6 (item 6)', async () => {
    const { runner } = recordedConda((argv) => (argv[1] === '--version' ? 'conda 4.5.13\n' : '{"success": true, "actions": {"LINK": [], "UNLINK": []}}'));
    expect(await reinstallFlag(conda, runner)).toBe('--force');
    expect(await reinstallFlag(conda, recordedConda(() => 'conda 4.6.0\n').runner)).toBe('--force-reinstall');
    expect(await reinstallFlag({ exe: 'micromamba', flavor: 'micromamba' }, runner)).toBe('--force-reinstall');
    const remedy = { ...remedyBase, kind: 'conda-force-reinstall', title: 'reinstall', package: 'certifi', version: null } as Remedy;
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    const step = plan.steps[0];
    expect(step?.kind === 'command' ? step.argv.slice(6) : []).toEqual(['--force', `${MAIN}::certifi==2018.8.13=py37_0`]);
  });

  it('lets conda solve the dependents’ depends when their requirement is what is missing: no --no-deps (item 6)', async () => {
    const { runner } = recordedConda(() => '{"success": true, "actions": {"LINK": [], "UNLINK": []}}');
    const remedy = { ...remedyBase, kind: 'reinstall-dependents', title: 'r', package: 'certifi', dependents: [{ name: 'setuptools', version: '40.0.0', manager: 'conda' }] } as unknown as Remedy;
    const plan = await planRepair({ python, remedy }, { dataDir: dir, runner, conda, env: offline, canWrite: async () => true });
    const step = plan.steps.find((s) => s.kind === 'command' && s.argv[0] === conda.exe);
    expect(step?.kind === 'command' ? step.argv.slice(6) : []).toEqual(['--force-reinstall', `${MAIN}::setuptools==40.0.0=py37_0`]);
  });

  it('names only what depends on the package as removed together, not what micromamba prunes (item 6)', async () => {
    const records = await localCondaRecords(prefix);
    // conda's real records: setuptools depends on certifi, pip and wheel on setuptools, python-3.7.0 on pip,
    // and wincertstore on python, so a removal without --force takes them all along; vc and vs2015_runtime,
    // which only python depends on, are what micromamba would prune as orphans, and are not dependents.
    const closure = condaDependentsClosure(records, 'certifi').map((r) => r.name).sort();
    expect(closure).toEqual(['pip', 'python', 'setuptools', 'wheel', 'wincertstore']);
    expect(closure).not.toContain('vc');
    expect(closure).not.toContain('vs2015_runtime');
  });
});

describe('rollback of conda, second reading (item 4)', () => {
  let dir = '';
  let prefix = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor conda rb '));
    prefix = path.join(dir, 'env');
    await mkdir(prefix, { recursive: true });
  });
  beforeEach(async () => {
    await rm(path.join(prefix, 'conda-meta'), { recursive: true, force: true });
    await cp(path.join(FIXTURES, 'envpy37win', 'conda-meta'), path.join(prefix, 'conda-meta'), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('gives the revert the snapshot’s channels and previews it before pip’s copy is removed', async () => {
    const snapshot = await takeCondaSnapshot(conda, prefix, async (argv) => ({ code: 0, stdout: argv.includes('--revisions') ? await fixture('revisions.json') : '', stderr: '', cancelled: false }), offline);
    expect(snapshotChannels(snapshot.records ?? [])).toEqual([MAIN]);
    await rm(path.join(prefix, 'conda-meta', 'certifi-2018.8.13-py37_0.json'));
    const part = await condaRestoreSteps('python', snapshot, [{ name: 'certifi', version: '2019.3.9' }], { dataDir: dir, snapshotId: 's1' });
    expect(part.steps.map((s) => s.id)).toEqual(['undo-pip-over-conda', 'undo-conda']);
    expect(part.previews).toEqual([[conda.exe, 'install', '--prefix', prefix, '--json', '--yes', '--dry-run', '--revision', '0', '-c', MAIN]]);
  });

  it('reads conda’s answers to the preview: an error stops the rollback, an explicit install’s DryRunExit does not', async () => {
    expect(restorePreviewError(await fixture('not-installed-error.json'), 1)).toContain('PackagesNotFoundInPrefixError');
    // conda/misc.py get_package_records_from_explicit raises DryRunExit ("Dry run. Exiting.", conda/exceptions.py) before fetching.
    expect(restorePreviewError('{"exception_name": "DryRunExit", "message": "Dry run. Exiting."}', 0)).toBeNull();
    expect(restorePreviewError('{"success": true, "dry_run": true}', 0)).toBeNull();
    expect(restorePreviewError('usage: conda [-h]', 2)).toContain('exit 2');
  });

  it('unlinks a package micromamba would not replace from the snapshot’s package files (mamba-org/mamba#4052, #4070)', async () => {
    const tool: CondaTool = { exe: 'micromamba', flavor: 'micromamba' };
    const snapshot = await takeCondaSnapshot(tool, prefix, async (argv) => ({ code: 0, stdout: argv[1] === '--version' ? '2.2.0\n' : '', stderr: '', cancelled: false }), offline);
    // certifi is now another build: both named certifi, the old one must go before the explicit install.
    const file = path.join(prefix, 'conda-meta', 'certifi-2018.8.13-py37_0.json');
    const record = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await rm(file);
    await writeFile(path.join(prefix, 'conda-meta', 'certifi-2018.10.15-py37_0.json'), JSON.stringify({ ...record, version: '2018.10.15', url: `${MAIN}/win-64/certifi-2018.10.15-py37_0.tar.bz2` }));
    const part = await condaRestoreSteps('python', snapshot, [], { dataDir: dir, snapshotId: 's2' });
    expect(part.steps.map((s) => (s.kind === 'command' ? s.argv.slice(1).join(' ') : ''))).toEqual([
      `remove --prefix ${prefix} --json --yes --force certifi`,
      `install --prefix ${prefix} --json --yes --file ${path.join(dir, 'snapshots', 's2.explicit.txt')}`,
    ]);
    expect(part.previews).toHaveLength(2);
  });
});

describe('the write probe of a conda prefix (item 6)', () => {
  it('opens conda-meta/history for appending as conda does, leaving it unchanged, and fails where it cannot', async () => {
    const prefix = await mkdtemp(path.join(tmpdir(), 'doctor probe '));
    try {
      const history = path.join(prefix, 'conda-meta', 'history');
      await mkdir(path.dirname(history), { recursive: true });
      await writeFile(history, '==> 2018-08-15 <==\n');
      const before = await stat(history);
      expect(await testWrite(prefix, history)).toBe(true);
      expect(await readFile(history, 'utf8')).toBe('==> 2018-08-15 <==\n');
      expect((await stat(history)).mtimeMs).toBe(before.mtimeMs);
      // A history that cannot be opened for writing (here a folder: even root cannot) makes the prefix not writable.
      await rm(history);
      await mkdir(history);
      expect(await testWrite(prefix, history)).toBe(false);
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });
});

describe('mamba 2’s search answer (item 6)', () => {
  it('takes the channel from the package URL, since mamba 2 cuts `channel` to its first path segment', async () => {
    const found = parseCondaSearch(await fixture('search-certifi-mamba2.json'), 'certifi');
    expect(JSON.parse(await fixture('search-certifi-mamba2.json')).result.pkgs[0].channel).toBe('pkgs');
    expect(found.map((r) => r.channel)).toEqual([MAIN, MAIN]);
  });
});
