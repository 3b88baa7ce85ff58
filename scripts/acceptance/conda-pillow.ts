import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deleteCondaLibrary, swapInForeignPythonModule } from './break-pillow';
import { expectDiagnosisNames, expectImportFails, expectImportWorks, expectRepairWorks, fail, interpreterIn, moduleFile } from './doctor-steps';
import { missingDependents, type BreakRecord } from './expectations';
import { runChecked } from './process';

/**
 * Acceptance on a real conda environment with conda's Pillow and a package that depends on it:
 *   npx tsx scripts/acceptance/conda-pillow.ts --conda C:\Miniconda\condabin\conda.bat [--python 3.12]
 * Round 1 deletes a library DLL that conda's _imaging loads from Library\bin (owned by another conda
 * package); round 2 swaps in an _imaging built for another Python, so the repair has to reinstall
 * Pillow itself. After each repair the import must work and every package that depends on Pillow
 * must still be installed: a repair that removes Pillow removes them too (conda remove takes
 * dependents with it, Pillow#2945) and must reinstall them.
 */
const USAGE = 'Usage: npx tsx scripts/acceptance/conda-pillow.ts --conda CONDA [--python 3.12] [--work DIR] [--cli dist/cli.mjs] [--channel conda-forge]';
const MODULE = 'PIL._imaging';
/** A light package that requires Pillow, so removing Pillow would remove it. */
const DEPENDENT = 'imageio';

async function condaList(conda: string, prefix: string): Promise<unknown> {
  const { stdout } = await runChecked(conda, ['list', '--json', '--prefix', prefix]);
  return JSON.parse(stdout) as unknown;
}

async function round(name: string, conda: string, prefix: string, python: string, cli: string, work: string, breakIt: () => Promise<BreakRecord>, dependents: readonly string[]): Promise<void> {
  console.log(`\n## ${name}`);
  const record = await breakIt();
  await writeFile(path.join(work, `break-${record.how}.json`), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Broke it: ${record.how}, ${record.dll} (${record.path}${record.owner ? `, owned by ${record.owner}` : ''}).`);
  await expectImportFails(python, MODULE);
  const roundDir = path.join(work, record.how);
  await mkdir(roundDir, { recursive: true });
  await expectDiagnosisNames(cli, python, record, roundDir);
  await expectRepairWorks(cli, python, MODULE, roundDir);
  const gone = missingDependents(await condaList(conda, prefix), dependents);
  if (gone.length) fail(`the repair left ${gone.join(', ')} uninstalled: they depend on Pillow and must be reinstalled.`);
  console.log(`ok: the packages that depend on Pillow are still installed (${dependents.join(', ')}).`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { conda: { type: 'string' }, python: { type: 'string', default: '3.12' }, work: { type: 'string' }, cli: { type: 'string', default: 'dist/cli.mjs' }, channel: { type: 'string', default: 'conda-forge' } },
    strict: true,
  });
  if (!values.conda) throw new Error(USAGE);
  if (!/^\d+\.\d+$/.test(values.python)) throw new Error(`--python must be a version like 3.12, not ${values.python}.`);
  if (!/^[\w.-]+$/.test(values.channel)) throw new Error(`--channel must be a channel name, not ${values.channel}.`);
  const work = path.resolve(values.work ?? path.join('acceptance-work', `conda-${values.python}`));
  const cli = path.resolve(values.cli);
  const prefix = path.join(work, 'env');
  await mkdir(work, { recursive: true });

  console.log(`\n## 1. A conda environment with Pillow and ${DEPENDENT} from ${values.channel}`);
  await runChecked(values.conda, ['create', '--yes', '--quiet', '--prefix', prefix, '--override-channels', '--channel', values.channel, `python=${values.python}`, 'pillow', DEPENDENT]);
  const python = interpreterIn(prefix, 'conda');
  await expectImportWorks(python, MODULE, 'in the new environment');
  const imaging = await moduleFile(python, MODULE);
  const dependents = [DEPENDENT];
  const gone = missingDependents(await condaList(values.conda, prefix), dependents);
  if (gone.length) fail(`conda create did not install ${gone.join(', ')}.`);

  await round('2. A library DLL of another conda package is gone', values.conda, prefix, python, cli, work, () => deleteCondaLibrary(MODULE, prefix, imaging), dependents);
  await round('3. Pillow\'s own module is built for another Python', values.conda, prefix, python, cli, work, () => swapInForeignPythonModule(MODULE, python, imaging, work), dependents);
  console.log('\nPASSED: conda + Pillow acceptance.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
