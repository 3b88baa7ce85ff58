import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { expect, test } from './support/app-fixture';
import { downloadReport } from './support/repair-flow-steps';
import { checkStepEverywhere } from './support/layouts';

let dir: string;
let scenario: WindowsScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor windows ünï '));
  scenario = await buildPillowProcedureScenario(dir);
  // Python 3.6.0's installer put pip 9.0.1 in place (ensurepip), a pip without "install --dry-run".
  const pip = path.join(scenario.prefix, 'Lib', 'site-packages', 'pip-9.0.1.dist-info');
  await mkdir(pip, { recursive: true });
  await writeFile(path.join(pip, 'METADATA'), 'Metadata-Version: 2.0\nName: pip\nVersion: 9.0.1\n');
  await writeFile(path.join(pip, 'INSTALLER'), 'pip\n');
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test('a Windows environment copied here is found from a 1.2 MB log file, diagnosed from its files, given commands for its own machine, and reported', async ({ wizard }) => {
  test.setTimeout(180_000);
  // A long install log with the traceback at its end, opened as a file: only its end is read.
  const log = `${'Collecting pillow==4.1.0\n  Using cached Pillow-4.1.0-cp36-cp36m-win_amd64.whl\n'.repeat(16_000)}${scenario.errorText}`;
  expect(log.length).toBeGreaterThan(1024 * 1024);
  await wizard.getByLabel('Or open a log file:').setInputFiles({ name: 'pip-install.log', mimeType: 'text/plain', buffer: Buffer.from(log) });
  await expect(wizard.getByRole('status', { name: 'Only the end of the log is read' })).toContainText('last 256 kB');
  const recognised = wizard.getByRole('status', { name: 'What was recognised' });
  await expect(recognised).toContainText('lacks a function it uses');
  await expect(recognised).toContainText('code 127');
  await expect(recognised).not.toContainText('procedure-not-found');
  await checkStepEverywhere(wizard, '1-symptom-windows');
  await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();

  // No path typed: the traceback's Lib\site-packages path names the copied folder.
  const named = wizard.getByRole('listitem').filter({ hasText: 'Named in the error' });
  await expect(named).toContainText('Windows Python 3.6', { timeout: 30_000 });
  await expect(named).toContainText('Examined from files');
  await expect(named.getByRole('radio')).toBeChecked();
  await checkStepEverywhere(wizard, '2-environment-windows');
  await wizard.getByRole('button', { name: 'Next: diagnose' }).click();

  const top = wizard.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
  await expect(top).toBeVisible({ timeout: 30_000 });
  await expect(wizard.getByRole('region', { name: 'Recommended fix' })).toBeVisible();
  await top.getByText(/^Evidence/).click();
  // The tree marks the library that lacks the function, and names the function on it.
  const tree = top.getByRole('tree', { name: 'Dependency tree' });
  await expect(tree.locator('.tree-bad')).toContainText('python36.dll');
  await expect(tree.getByText('PySlice_AdjustIndices').first()).toBeVisible();
  await checkStepEverywhere(wizard, '3-diagnosis-windows');

  // Fix: the recommended fix, as commands for the machine the folder came from; nothing runs here.
  await wizard.getByRole('region', { name: 'Recommended fix' }).getByRole('button', { name: /^Use the recommended fix/ }).click();
  await expect(wizard.getByRole('heading', { level: 2, name: 'Install pillow 4.1.1 with pip' })).toBeVisible();
  const there = wizard.getByLabel('Commands for that machine');
  await expect(there).toContainText('python.exe -m pip install pillow==4.1.1', { timeout: 30_000 });
  // That environment's pip 9.0.1 has no --dry-run: no preview line it would refuse, and the reason is said.
  await expect(there).not.toContainText('--dry-run');
  await expect(wizard.getByText(/Its pip 9\.0\.1 has no "--dry-run"/)).toBeVisible();
  await expect(wizard.getByText(/open a Command Prompt in the environment’s folder|open a Command Prompt in the environment's folder/)).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Copy the commands' })).toBeEnabled();
  // Its Python does not run here, so no version list is asked of it (that failed with a pip error).
  await expect(wizard.getByRole('alert')).toHaveCount(0);
  await expect(wizard.getByText(/pip could not list/)).toHaveCount(0);
  // What changes comes from the folder's own records here, not from a dry run on this machine.
  await expect(wizard.getByRole('list', { name: 'What changes' })).toContainText('pillow: 4.1.0 → 4.1.1');
  await expect(wizard.getByText('From the environment’s own records (its .dist-info folders): no package manager ran here.')).toBeVisible();
  // Nothing to run here: no Run button, the reason is said, and the next step is the report.
  await expect(wizard.getByRole('button', { name: 'Run these commands' })).toHaveCount(0);
  await expect(wizard.locator('.step-footer .hint')).toContainText('Nothing runs here');
  await expect(wizard.locator('.step-footer .hint')).toContainText('import PIL._imaging');
  await expect(wizard.getByText(/snapshot is taken first/)).toHaveCount(0);
  // Apply and verify cannot happen on this machine: they stay closed.
  const nav = wizard.getByRole('navigation', { name: 'Steps' });
  await expect(nav.getByRole('button', { name: /Apply/ })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: /Verify/ })).toHaveCount(0);
  await checkStepEverywhere(wizard, '4-fix-windows');

  // Issue 26, finding 5: this traceback names the copy's folder, not one on that machine, so the
  // field is empty and the commands run inside the folder; the folder given there makes them
  // runnable from anywhere, quoted, with the check to paste afterwards.
  const home = wizard.getByLabel('The environment’s folder on that machine');
  await expect(home).toHaveValue('');
  await home.fill('C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36');
  await wizard.getByRole('button', { name: 'Use this folder' }).click();
  await expect(there).toContainText('"C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36\\python.exe" -m pip install pillow==4.1.1', { timeout: 30_000 });
  await expect(wizard.getByLabel('The check to run afterwards on that machine')).toHaveText('"C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36\\python.exe" -c "import PIL._imaging"');
  await expect(wizard.getByRole('button', { name: 'Copy the check' })).toBeEnabled();
  await expect(wizard.getByText(/In PowerShell, put "& " before each line/)).toBeVisible();
  // A folder either shell would expand is refused with the reason, and the field stays to correct it.
  await home.fill('C:\\Users\\%USERNAME%\\Python36');
  await wizard.getByRole('button', { name: 'Use this folder' }).click();
  await expect(wizard.getByRole('alert')).toContainText('may not contain "%"');
  await home.fill('C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36');
  await wizard.getByRole('button', { name: 'Use this folder' }).click();
  await expect(there).toContainText('Python36\\python.exe" -m pip install pillow==4.1.1', { timeout: 30_000 });

  await wizard.locator('.step-footer').getByRole('button', { name: 'Next: the report' }).click();
  const markdown = await downloadReport(wizard, 'Markdown');
  await expect(wizard.getByRole('status', { name: 'Saved report' })).toBeVisible();
  await checkStepEverywhere(wizard, '7-report-windows');
  expect(markdown).toContain('PySlice_AdjustIndices');
  expect(markdown).toContain('python36.dll');
  // Nothing was repaired: the headline is the diagnosis, and it says the fix runs on the other machine.
  expect(markdown.split('\n')[0]).toBe('## Problem found — Python DLL Doctor report');
  expect(markdown).toMatch(/Nothing was changed: this environment was examined from its files/);
  // The commands the Fix step showed are in the report, for whoever runs them on that machine.
  expect(markdown).toContain('### The fix, to run on its own machine');
  // Redacted by default: the user name in that machine's folder is left out of what is shared.
  expect(markdown).toContain('"C:\\Users\\<user>\\AppData\\Local\\Programs\\Python\\Python36\\python.exe" -m pip install pillow==4.1.1');
  expect(markdown).not.toContain('Ana Lee');
  expect(markdown).not.toContain('install --dry-run');
});
