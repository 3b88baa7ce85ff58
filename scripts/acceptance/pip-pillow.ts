import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { deleteBundledDll, swapInForeignPythonModule } from './break-pillow';
import { expectDiagnosisNames, expectImportFails, expectImportWorks, expectRepairWorks, expectRequirementsMet, interpreterIn, moduleFile } from './doctor-steps';
import type { BreakRecord } from './expectations';
import { runChecked } from './process';

/**
 * Acceptance on a real Python with real pip and real Pillow (Windows):
 *   npx tsx scripts/acceptance/pip-pillow.ts --python C:\hostedtoolcache\...\python.exe [--break auto|bundled-dll|foreign-python]
 * Makes a venv, installs Pillow from PyPI, breaks PIL._imaging, expects `diagnose --json` to name
 * the cause, runs `fix --yes`, and expects the import to work and a new diagnosis to be healthy.
 * Every command is printed before it runs, so any step can be repeated by hand.
 */
const USAGE = 'Usage: npx tsx scripts/acceptance/pip-pillow.ts --python PYTHON [--break auto|bundled-dll|foreign-python] [--work DIR] [--cli dist/cli.mjs] [--pillow VERSION]';
const MODULE = 'PIL._imaging';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { python: { type: 'string' }, break: { type: 'string', default: 'auto' }, work: { type: 'string' }, cli: { type: 'string', default: 'dist/cli.mjs' }, pillow: { type: 'string' } },
    strict: true,
  });
  if (!values.python || !['auto', 'bundled-dll', 'foreign-python'].includes(values.break)) throw new Error(USAGE);
  if (values.pillow !== undefined && !/^\d+(\.\d+){0,2}$/.test(values.pillow)) throw new Error(`--pillow must be a version like 10.4.0, not ${values.pillow}.`);
  const work = path.resolve(values.work ?? path.join('acceptance-work', `pip-${path.basename(path.dirname(values.python))}`));
  const cli = path.resolve(values.cli);
  await mkdir(work, { recursive: true });

  console.log('\n## 1. A venv with real Pillow from PyPI');
  const venv = path.join(work, 'venv');
  await runChecked(values.python, ['-m', 'venv', venv]);
  const python = interpreterIn(venv, 'venv');
  await runChecked(python, ['-m', 'pip', 'install', '--disable-pip-version-check', values.pillow ? `Pillow==${values.pillow}` : 'Pillow']);
  await expectImportWorks(python, MODULE, 'after installing Pillow');
  const imaging = await moduleFile(python, MODULE);

  console.log(`\n## 2. Break ${MODULE} (${values.break})`);
  let record: BreakRecord | undefined;
  if (values.break !== 'foreign-python') {
    record = await deleteBundledDll(MODULE, imaging);
    if (!record && values.break === 'bundled-dll') throw new Error(`${imaging} imports no DLL bundled with Pillow: this Pillow links its libraries statically. Use --break foreign-python.`);
    if (!record) console.log('This Pillow bundles no DLL that _imaging imports (its libraries are linked statically): using a module built for another Python instead.');
  }
  record ??= await swapInForeignPythonModule(MODULE, python, imaging, work);
  await writeFile(path.join(work, 'break.json'), `${JSON.stringify(record, null, 2)}\n`);
  console.log(`Broke it: ${record.how}, ${record.dll} (${record.path}).`);
  await expectImportFails(python, MODULE);

  console.log('\n## 3. Diagnose');
  await expectDiagnosisNames(cli, python, record, work);

  console.log('\n## 4. Repair');
  await expectRepairWorks(cli, python, MODULE, work);
  await expectRequirementsMet(python);
  console.log('\nPASSED: pip + Pillow acceptance.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
