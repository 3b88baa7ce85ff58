import { mkdtemp, rm } from 'node:fs/promises';
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
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test('a Windows environment copied here is found from a 1.2 MB log file, diagnosed from its files, and reported', async ({ wizard }) => {
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

  await wizard.getByRole('button', { name: 'Export a report' }).click();
  const markdown = await downloadReport(wizard, 'Markdown');
  await expect(wizard.getByRole('status', { name: 'Saved report' })).toBeVisible();
  await checkStepEverywhere(wizard, '7-report-windows');
  expect(markdown).toContain('PySlice_AdjustIndices');
  expect(markdown).toContain('python36.dll');
  // Nothing was repaired: the headline is the diagnosis.
  expect(markdown.split('\n')[0]).toBe('## Problem found — Python DLL Doctor report');
});
