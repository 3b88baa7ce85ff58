import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { expect, type Page } from '@playwright/test';
import type { LinuxScenario } from '../../scenarios/support/linux-scenarios';
import { checkStepEverywhere } from './layouts';
import { pasteInto } from './paste';
import { watchNextWhileVerifying } from './verify-watch';

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
export async function walkRepairFlow(wizard: Page, scenario: LinuxScenario, saveReport: ReportSaver = downloadReport, everyLayout = true): Promise<void> {
    const check = (name: string) => checkStepEverywhere(wizard, name, everyLayout);
    // A pasted log longer than the engine reads (300 KB): its end, with the traceback, is read.
    await pasteInto(wizard.getByLabel('The error'), `${'DEBUG: collecting build requirements\n'.repeat(8_500)}${scenario.errorText}`);
    await expect(wizard.getByRole('status', { name: 'Only the end of the log is read' })).toContainText('only its last 256 kB');
    const recognised = wizard.getByRole('status', { name: 'What was recognised' });
    await expect(recognised).toContainText('A library it needs lacks a function it uses');
    await expect(recognised).toContainText('companion_blend_v2');
    await expect(recognised).not.toContainText('undefined-symbol');
    await check('1-symptom');
    await wizard.getByRole('button', { name: 'Next: choose the Python environment' }).click();

    // The error names a file inside the venv, so that environment is chosen already.
    const fromError = wizard.getByRole('listitem').filter({ hasText: 'The error came from here' });
    await expect(fromError).toContainText(scenario.venv, { timeout: 30_000 });
    await expect(fromError.getByRole('radio')).toBeChecked();
    await check('2-environment');
    await wizard.getByRole('button', { name: 'Next: diagnose' }).click();

    const causes = wizard.getByRole('list', { name: 'Causes, most likely first' });
    await expect(causes).toBeVisible({ timeout: 30_000 });
    const top = causes.getByRole('listitem').first();
    await expect(top).toContainText('imagelib');
    await top.getByText(/^Evidence/).click();
    // The library that lacks the function is marked on its own node, with the function under it.
    const tree = top.getByRole('tree', { name: 'Dependency tree' });
    await expect(tree.locator('.tree-bad')).toContainText('libcompanion.so.1');
    await expect(tree.getByText('companion_blend_v2')).toBeVisible();
    // The error line is shown once, not under its summary again.
    await expect(top.getByText(/undefined symbol: companion_blend_v2/)).toHaveCount(1);
    await expect(wizard.getByRole('region', { name: 'Recommended fix' })).toContainText('Install imagelib 4.0.0');
    // The whole graph on request: every library, each with the step of the search that found it.
    await top.getByRole('button', { name: 'Show every library it loads' }).click();
    const all = top.getByRole('tree', { name: 'Every library it loads' });
    await expect(all.locator('.tree-bad')).toContainText('libcompanion.so.1');
    await expect(all.locator('.tree-bad')).toContainText('RUNPATH');
    await expect(all.getByText('companion_blend_v2')).toBeVisible();
    await expect(top.getByText(/^Where the loader looks, in order/)).toBeVisible();
    await check('3-diagnosis');

    // Fix: the downgrade the diagnosis proposes first, previewed with the exact command.
    await top.getByRole('button', { name: /Choose this fix: Install imagelib 4\.0\.0/ }).click();
    await expect(wizard.getByLabel('Version of imagelib')).toHaveValue('4.0.0');
    await expect(wizard.getByRole('option', { name: /4\.0\.0 \(suggested\)/ })).toHaveCount(1);
    await expect(wizard.getByRole('option', { name: /4\.1\.0 \(installed now\)/ })).toHaveCount(1);
    const commands = wizard.getByRole('list', { name: 'Commands that will run' });
    await expect(commands).toContainText('-I -u -m pip --disable-pip-version-check install imagelib==4.0.0');
    await expect(wizard.getByRole('list', { name: 'What changes' })).toContainText('imagelib: 4.1.0 → 4.0.0');
    await check('4-fix');

    // Apply: nothing ran before this click; the live log shows pip's own output.
    await wizard.getByRole('button', { name: 'Run these commands' }).click();
    const outcome = wizard.getByRole('status', { name: 'Repair outcome' });
    await expect(outcome).toContainText('the import works now', { timeout: 60_000 });
    await expect(wizard.getByRole('log', { name: 'Output of the repair' })).toContainText('Successfully installed');
    await expect(wizard.getByRole('list', { name: 'What changed' })).toContainText('imagelib: 4.1.0 → 4.0.0');
    // Done, and the heading says so (issue 26: "Applying the fix" stayed).
    await expect(wizard.getByRole('heading', { level: 2 })).toHaveText('The fix was applied');
    await check('5-apply');

    // Verify: the import again, beside the first one; the report waits until it is done.
    const watched = await watchNextWhileVerifying(wizard, 'Importing again in a fresh interpreter', 'Next: the report');
    await wizard.getByRole('button', { name: 'Next: check the import' }).click();
    await expect(wizard.getByRole('status', { name: 'Verification' })).toContainText('Fixed', { timeout: 30_000 });
    await expect(wizard.getByRole('region', { name: 'Import test: before' })).toContainText('fails');
    await expect(wizard.getByRole('region', { name: 'Import test: now' })).toContainText('works');
    const versions = wizard.getByRole('table', { name: 'Versions before and now' }).getByRole('row', { name: /imagelib/ });
    await expect(versions).toContainText('4.1.0', { timeout: 30_000 });
    await expect(versions).toContainText('4.0.0');
    expect(await watched()).toEqual({ sawChecking: true, enabledWhileChecking: false });
    await check('6-verify');

    await wizard.getByRole('button', { name: 'Next: the report' }).click();
    const html = await saveReport(wizard, 'HTML');
    await expect(wizard.getByRole('status', { name: 'Saved report' })).toContainText('are hidden');
    // The headline is the verified outcome, and the pasted error is in the report.
    expect(html).toMatch(/<h1>Fixed<\/h1>/);
    expect(html).toContain('The error as given');
    expect(html).toContain('companion_blend_v2');
    expect(html).toContain('imagelib');
    expect(html).toContain('imagelib==4.0.0');
    expect(html).toContain('Passed'); // the verification's result as a word of the report's language, not its code
    expect(html).not.toContain(homedir());
    await check('7-report');
}
