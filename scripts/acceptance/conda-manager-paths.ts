import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Remedy } from '../../app/diagnosis/types';
import { applyPlan, listVersionOffers, planRepair, rollback, type CondaTool, type RepairPlan } from '../../app/repair';
import { findRecord, localCondaRecords } from '../../app/repair/conda-meta';
import { expectImportWorks, fail, interpreterIn, tryImport } from './doctor-steps';
import { runChecked } from './process';

/**
 * The conda workflow of the seed on a real Miniforge, through the engine itself:
 *   npx tsx scripts/acceptance/conda-manager-paths.ts --conda %CONDA%\Scripts\conda.exe [--python 3.12]
 * 1. downgrade Pillow with conda to a version the version picker offers (exact `==` spec);
 * 2. switch Pillow from conda to pip at that version, keeping what depends on it (imageio);
 * 3. roll the switch back: conda's Pillow returns at its version and pip's copy is gone.
 * After each step conda-meta and pip's INSTALLER files are read directly, so the check does not
 * trust the engine's own account of what happened.
 */
const USAGE = 'Usage: npx tsx scripts/acceptance/conda-manager-paths.ts --conda CONDA [--flavor conda|mamba|micromamba] [--python 3.12] [--work DIR] [--channel conda-forge]';
const MODULE = 'PIL._imaging';
const DEPENDENT = 'imageio';
const base = { explanation: 'acceptance', automatic: true, risk: 'low' as const };

/** The INSTALLER of every Pillow dist-info in the environment (conda-build writes "conda", pip "pip"). */
async function pillowInstallers(python: string): Promise<string[]> {
  const { stdout } = await runChecked(python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])']);
  const site = stdout.trim();
  const out: string[] = [];
  for (const entry of await readdir(site)) {
    if (!/^pillow-.*\.dist-info$/i.test(entry)) continue;
    out.push(`${entry}: ${(await readFile(path.join(site, entry, 'INSTALLER'), 'utf8').catch(() => '(none)')).trim()}`);
  }
  return out;
}

async function apply(plan: RepairPlan, python: string, work: string, name: string, conda: CondaTool) {
  console.log(`Plan "${plan.remedy.title}":\n${plan.steps.map((s) => `  ${s.kind === 'command' ? s.argv.join(' ') : s.title}`).join('\n')}`);
  for (const warning of plan.warnings) console.log(`  warning: ${warning}`);
  // The tool is given explicitly, as to the planner: apply and rollback must not fall back on CONDA_EXE from a profile.
  const outcome = await applyPlan(plan, {
    conda,
    dataDir: path.join(work, 'data'),
    signal: new AbortController().signal,
    onLine: (_s, line) => console.log(`  ${line}`),
    onProgress: () => undefined,
    verify: async () => (await tryImport(python, MODULE)).ok,
  });
  await writeFile(path.join(work, `${name}.json`), `${JSON.stringify({ plan, outcome }, null, 2)}\n`);
  if (outcome.status !== 'fixed') fail(`${name}: the repair ended "${outcome.status}": ${outcome.summary}`);
  return outcome;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { conda: { type: 'string' }, flavor: { type: 'string', default: 'conda' }, python: { type: 'string', default: '3.12' }, work: { type: 'string' }, channel: { type: 'string', default: 'conda-forge' } }, strict: true });
  if (!values.conda) throw new Error(USAGE);
  if (!/^\d+\.\d+$/.test(values.python)) throw new Error(`--python must be a version like 3.12, not ${values.python}.`);
  if (!/^[\w.-]+$/.test(values.channel)) throw new Error(`--channel must be a channel name, not ${values.channel}.`);
  const work = path.resolve(values.work ?? path.join('acceptance-work', 'conda-manager'));
  const prefix = path.join(work, 'env');
  if (values.flavor !== 'conda' && values.flavor !== 'mamba' && values.flavor !== 'micromamba') throw new Error(`--flavor must be conda, mamba or micromamba, not ${values.flavor}.`);
  const conda: CondaTool = { exe: values.conda, flavor: values.flavor };
  await mkdir(work, { recursive: true });

  console.log(`\n## 0. A conda environment with Pillow and ${DEPENDENT} from ${values.channel}`);
  await runChecked(values.conda, ['create', '--yes', '--quiet', '--prefix', prefix, '--override-channels', '--channel', values.channel, `python=${values.python}`, 'pillow', DEPENDENT]);
  const python = interpreterIn(prefix, 'conda');
  await expectImportWorks(python, MODULE, 'in the new environment');
  const installed = findRecord(await localCondaRecords(prefix), 'pillow')?.version;
  if (!installed) fail('conda-meta has no pillow record after conda create.');

  console.log('\n## 1. Downgrade Pillow with conda, to a version the picker offers for this Python');
  const offers = await listVersionOffers(python, 'pillow', { manager: 'conda', conda });
  console.log(`Offered by ${offers.source}: ${offers.versions.slice(0, 8).map((v) => v.version).join(', ')}`);
  const older = offers.versions.find((v) => !v.installed && v.installable && v.version !== installed && Number(v.version.split('.')[0]) >= 10);
  if (!older) fail(`the conda version picker offered no older Pillow for Python ${values.python}.`);
  const downgrade: Remedy = { ...base, id: 'acc-downgrade', kind: 'conda-install-version', title: `Install pillow ${older.version} with conda`, package: 'pillow', version: older.version, channel: null };
  const downPlan = await planRepair({ python, remedy: downgrade, manager: 'conda' }, { dataDir: path.join(work, 'data'), conda });
  if (!downPlan.steps.some((s) => s.kind === 'command' && s.argv.includes(`pillow==${older.version}`))) fail('the downgrade plan does not pin pillow with an exact == spec.');
  await apply(downPlan, python, work, 'downgrade', conda);
  const afterDown = await localCondaRecords(prefix);
  if (findRecord(afterDown, 'pillow')?.version !== older.version) fail(`conda-meta says pillow ${findRecord(afterDown, 'pillow')?.version}, not ${older.version}.`);
  if (!findRecord(afterDown, DEPENDENT)) fail(`${DEPENDENT} is gone after the downgrade.`);
  console.log(`ok: conda's pillow is ${older.version} and ${DEPENDENT} is still installed.`);

  console.log('\n## 2. Switch Pillow from conda to pip at the same version, keeping its dependents');
  const switchRemedy: Remedy = { ...base, id: 'acc-switch', kind: 'switch-manager', title: 'Install Pillow with pip instead of conda', package: 'pillow', version: older.version, from: 'conda', to: 'pip' };
  const switchPlan = await planRepair({ python, remedy: switchRemedy }, { dataDir: path.join(work, 'data'), conda });
  const commands = switchPlan.steps.flatMap((s) => (s.kind === 'command' ? [s.argv] : []));
  const lastPip = commands.findLastIndex((a) => a[0] === python);
  if (commands.slice(lastPip + 1).some((a) => a[0] === values.conda)) fail('the switch plan runs conda after pip.');
  if (!switchPlan.warnings.some((w) => w.includes('conda/conda#12828'))) fail('the switch plan does not say that later conda operations may undo pip’s install.');
  const switched = await apply(switchPlan, python, work, 'switch', conda);
  const afterSwitch = await localCondaRecords(prefix);
  if (findRecord(afterSwitch, 'pillow')) fail('conda still has a pillow record after the switch.');
  if (!findRecord(afterSwitch, DEPENDENT)) fail(`${DEPENDENT} was removed by the switch.`);
  const installers = await pillowInstallers(python);
  if (!installers.some((i) => /: pip$/.test(i))) fail(`no Pillow installed by pip after the switch: ${installers.join('; ')}`);
  console.log(`ok: Pillow is pip's (${installers.join('; ')}), ${DEPENDENT} is still conda's.`);

  console.log('\n## 3. Roll the switch back: conda first, pip after');
  const back = await rollback(python, switched.snapshotId ?? '', { conda, dataDir: path.join(work, 'data'), onLine: (_s, line) => console.log(`  ${line}`), onProgress: () => undefined });
  await writeFile(path.join(work, 'rollback.json'), `${JSON.stringify(back, null, 2)}\n`);
  if (back.status === 'failed' || !back.summary.startsWith('Put back')) fail(`the rollback did not restore the snapshot: ${back.summary}`);
  const afterBack = await localCondaRecords(prefix);
  if (findRecord(afterBack, 'pillow')?.version !== older.version) fail(`after the rollback conda-meta says pillow ${findRecord(afterBack, 'pillow')?.version ?? 'absent'}, not ${older.version}.`);
  const left = await pillowInstallers(python);
  if (left.some((i) => /: pip$/.test(i))) fail(`pip's Pillow is still there after the rollback: ${left.join('; ')}`);
  await expectImportWorks(python, MODULE, 'after the rollback');
  console.log(`ok: ${back.summary}`);
  console.log('\nPASSED: conda downgrade, switch to pip, rollback.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
