import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { expectNoSeriousAxeViolations } from './support/accessibility';
import { expect, test } from './support/app-fixture';
import { downloadReport } from './support/repair-flow-steps';
import { screenshotStep } from './support/screenshots';

let dir: string;
let scenario: WindowsScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor windows ünï '));
  scenario = await buildPillowProcedureScenario(dir);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test('a Windows environment copied to this machine is diagnosed from its files, and reported', async ({ wizard }) => {
  await wizard.getByLabel('The error').fill(scenario.errorText);
  await expect(wizard.getByRole('status', { name: 'What was recognised' })).toContainText('127');
  await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();

  await wizard.getByLabel('Add an environment by path').fill(scenario.prefix);
  await wizard.getByRole('button', { name: 'Add', exact: true }).click();
  const added = wizard.getByRole('list', { name: 'Python environments' }).getByRole('listitem').filter({ hasText: 'added by you' });
  await expect(added).toContainText('Windows Python 3.6');
  await expect(added).toContainText('Examined from files');
  await expect(added.getByRole('radio')).toBeChecked();
  await wizard.getByRole('button', { name: 'Next: diagnose' }).click();

  const top = wizard.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
  await expect(top).toBeVisible({ timeout: 30_000 });
  await top.getByText(/^Evidence/).click();
  await expect(top.getByText('PySlice_AdjustIndices').first()).toBeVisible();
  await expect(top.getByRole('button', { name: /Choose this fix: .*4\.0\.0/ }).or(top.getByText(/4\.0\.0/).first()).first()).toBeVisible();
  await expectNoSeriousAxeViolations(wizard);
  await screenshotStep(wizard, '3-diagnosis-windows');

  await wizard.getByRole('button', { name: 'Export a report' }).click();
  const markdown = await downloadReport(wizard, 'Markdown');
  await expect(wizard.getByRole('status', { name: 'Saved report' })).toBeVisible();
  expect(markdown).toContain('PySlice_AdjustIndices');
  expect(markdown).toContain('python36.dll');
  // Nothing was repaired: the headline is the diagnosis.
  expect(markdown.split('\n')[0]).toBe('## Problem found — Python DLL Doctor report');
});
