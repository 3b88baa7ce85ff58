import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkHealthyDiagnosis, checkProblemDiagnosis, type BreakRecord } from './expectations';
import { run, runChecked } from './process';

/**
 * The steps every acceptance run shares: try the import, diagnose with the built CLI, repair with it,
 * and check each answer. Exit codes are the documented ones (app/cli/exit-codes.ts): diagnose 3 when
 * it found a problem and 0 when healthy; fix 0 when the import works afterwards.
 */
export const EXIT_OK = 0;
export const EXIT_PROBLEM_FOUND = 3;

export function fail(message: string): never {
  throw new Error(`ACCEPTANCE FAILED: ${message}`);
}

/** The file of an extension module, found without loading it. */
export async function moduleFile(python: string, module: string): Promise<string> {
  const { stdout } = await runChecked(python, ['-c', 'import sys, importlib.util\nprint(importlib.util.find_spec(sys.argv[1]).origin)', module]);
  return stdout.trim();
}

/** True when `import <module>` works in that interpreter; the error text otherwise. */
export async function tryImport(python: string, module: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const result = await run(python, ['-c', 'import importlib, sys\nimportlib.import_module(sys.argv[1])', module], { quiet: true });
  return result.code === 0 ? { ok: true } : { ok: false, error: result.stderr.trim().split('\n').slice(-1)[0] ?? '' };
}

export async function expectImportWorks(python: string, module: string, when: string): Promise<void> {
  const outcome = await tryImport(python, module);
  if (!outcome.ok) fail(`import ${module} fails ${when}: ${outcome.error}`);
  console.log(`ok: import ${module} works ${when}.`);
}

export async function expectImportFails(python: string, module: string): Promise<string> {
  const outcome = await tryImport(python, module);
  if (outcome.ok) fail(`import ${module} still works after breaking it; the break did not take.`);
  // CPython's text for a failed extension load (Python/dynload_win.c): the break must be a loader failure.
  if (process.platform === 'win32' && !outcome.error.includes('DLL load failed')) fail(`import ${module} fails, but not with "DLL load failed": ${outcome.error}`);
  console.log(`ok: import ${module} now fails: ${outcome.error}`);
  return outcome.error;
}

async function diagnose(cli: string, python: string, module: string, workDir: string, name: string): Promise<{ code: number; document: unknown }> {
  const result = await run(process.execPath, [cli, 'diagnose', '--python', python, '--module', module, '--json', '--quiet']);
  await writeFile(path.join(workDir, `${name}.json`), result.stdout);
  let document: unknown;
  try {
    document = JSON.parse(result.stdout);
  } catch {
    fail(`diagnose --json exited ${result.code} and printed no JSON document:\n${result.stdout.slice(-2000)}`);
  }
  return { code: result.code, document };
}

/** Diagnoses the broken environment and checks it names the cause that was made. */
export async function expectDiagnosisNames(cli: string, python: string, record: BreakRecord, workDir: string): Promise<void> {
  const { code, document } = await diagnose(cli, python, record.module, workDir, 'diagnosis-broken');
  if (code !== EXIT_PROBLEM_FOUND) fail(`diagnose exited ${code}, expected ${EXIT_PROBLEM_FOUND} (a problem was found).`);
  const problems = checkProblemDiagnosis(document, record);
  if (problems.length) fail(`the diagnosis does not name the cause we made (${record.how}, ${record.dll}):\n  ${problems.join('\n  ')}`);
  console.log(`ok: the diagnosis names ${record.dll} (${record.expectedCauses.join(' or ')}).`);
}

/** Repairs with `fix --yes`, then checks the import and a fresh diagnosis. */
export async function expectRepairWorks(cli: string, python: string, module: string, workDir: string): Promise<void> {
  const fix = await run(process.execPath, [cli, 'fix', '--python', python, '--module', module, '--yes']);
  process.stdout.write(fix.stdout);
  if (fix.code !== EXIT_OK) fail(`fix exited ${fix.code}, expected ${EXIT_OK}.`);
  await expectImportWorks(python, module, 'after the repair');
  const { code, document } = await diagnose(cli, python, module, workDir, 'diagnosis-repaired');
  const problems = checkHealthyDiagnosis(document);
  if (code !== EXIT_OK || problems.length) fail(`after the repair diagnose exited ${code}: ${problems.join(' ')}`);
  console.log('ok: the repaired environment diagnoses healthy.');
}

/** `pip check`: every installed distribution's requirements are met (a repair must not leave any unmet). */
export async function expectRequirementsMet(python: string): Promise<void> {
  const result = await run(python, ['-m', 'pip', 'check', '--disable-pip-version-check']);
  if (result.code !== 0) fail(`pip check reports unmet requirements after the repair:\n${result.stdout}`);
  console.log('ok: pip check finds every requirement met.');
}

/** The interpreter inside a virtual environment or conda prefix. */
export function interpreterIn(prefix: string, layout: 'venv' | 'conda'): string {
  if (process.platform === 'win32') return layout === 'venv' ? path.join(prefix, 'Scripts', 'python.exe') : path.join(prefix, 'python.exe');
  return path.join(prefix, 'bin', 'python');
}
