import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { expect, type Page } from '@playwright/test';
import type { LinuxScenario } from '../../scenarios/support/linux-scenarios';
import { expectNoSeriousAxeViolations } from './accessibility';
import { screenshotStep } from './screenshots';

/** Saves the report in one format from the report step and returns what was saved. */
export type ReportSaver = (wizard: Page, format: 'HTML' | 'Markdown' | 'JSON') => Promise<string>;

/** Browser mode: the report step hands the rendered report to the browser as a download. */
export const downloadReport: ReportSaver = async (wizard, format) => {
  const [download] = await Promise.all([wizard.waitForEvent('download'), wizard.getByRole('button', { name: `Download ${format}` }).click()]);
  expect(download.suggestedFilename()).toMatch(/^python-dll-doctor-report-.*\.(html|md|json)$/);
  return readFile(await download.path(), 'utf8');
};

/**
 * The whole wizard on the real broken imagelib venv, as a user goes through it: the pasted error,
 * the environment, the diagnosis with its evidence, the downgrade previewed and applied, the import
 * verified, the report exported and read back. Browser mode and Electron run the same steps.
 */
export async function walkRepairFlow(wizard: Page, scenario: LinuxScenario, saveReport: ReportSaver = downloadReport): Promise<void> {
    await wizard.getByLabel('The error').fill(scenario.errorText);
    await expect(wizard.getByRole('status', { name: 'What was recognised' })).toContainText('undefined');
    await screenshotStep(wizard, '1-symptom');
    await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();

    // The error names a file inside the venv, so that environment is chosen already.
    await expect(wizard.getByRole('radio').and(wizard.locator(`[value="${scenario.python}"]`))).toBeChecked();
    await expect(wizard.getByRole('listitem').filter({ hasText: 'The error came from here' })).toContainText(scenario.python);
    await screenshotStep(wizard, '2-environment');
    await wizard.getByRole('button', { name: 'Next: diagnose' }).click();

    const causes = wizard.getByRole('list', { name: 'Causes, most likely first' });
    await expect(causes).toBeVisible({ timeout: 30_000 });
    const top = causes.getByRole('listitem').first();
    await expect(top).toContainText('imagelib');
    await top.getByText(/^Evidence/).click();
    await expect(top.getByText('companion_blend_v2').first()).toBeVisible();
    await screenshotStep(wizard, '3-diagnosis');

    // Fix: the downgrade the diagnosis proposes first, previewed with the exact command.
    await top.getByRole('button', { name: /Choose this fix: Install imagelib 4\.0\.0/ }).click();
    await expect(wizard.getByLabel('Version of imagelib')).toHaveValue('4.0.0');
    await expect(wizard.getByRole('option', { name: /4\.0\.0 \(suggested\)/ })).toHaveCount(1);
    await expect(wizard.getByRole('option', { name: /4\.1\.0 \(installed now\)/ })).toHaveCount(1);
    const commands = wizard.getByRole('list', { name: 'Commands that will run' });
    await expect(commands).toContainText('-m pip --disable-pip-version-check install imagelib==4.0.0');
    await expect(wizard.getByRole('list', { name: 'What changes' })).toContainText('imagelib: 4.1.0 → 4.0.0');
    await expectNoSeriousAxeViolations(wizard);
    await screenshotStep(wizard, '4-fix');

    // Apply: nothing ran before this click; the live log shows pip's own output.
    await wizard.getByRole('button', { name: 'Run these commands' }).click();
    const outcome = wizard.getByRole('status', { name: 'Repair outcome' });
    await expect(outcome).toContainText('the import works now', { timeout: 60_000 });
    await expect(wizard.getByRole('log', { name: 'Output of the repair' })).toContainText('Successfully installed');
    await screenshotStep(wizard, '5-apply');

    // Verify: the import again, beside the first one.
    await wizard.getByRole('button', { name: 'Next: check the import' }).click();
    await expect(wizard.getByRole('status', { name: 'Verification' })).toContainText('Fixed', { timeout: 30_000 });
    await expect(wizard.getByRole('region', { name: 'Import test: before' })).toContainText('fails');
    await expect(wizard.getByRole('region', { name: 'Import test: now' })).toContainText('works');
    await screenshotStep(wizard, '6-verify');

    await wizard.getByRole('button', { name: 'Next: the report' }).click();
    const html = await saveReport(wizard, 'HTML');
    await expect(wizard.getByRole('status', { name: 'Saved report' })).toContainText('are hidden');
    // The headline is the verified outcome, and the pasted error is in the report.
    expect(html).toMatch(/<h1>Fixed<\/h1>/);
    expect(html).toContain('The error as given');
    expect(html).toContain('companion_blend_v2');
    expect(html).toContain('imagelib');
    expect(html).toContain('imagelib==4.0.0');
    expect(html).toContain('passed');
    expect(html).not.toContain(homedir());
    await screenshotStep(wizard, '7-report');
    await expectNoSeriousAxeViolations(wizard);
}
