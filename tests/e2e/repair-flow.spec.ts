import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { expectNoSeriousAxeViolations } from './support/accessibility';
import { expect, test } from './support/app-fixture';
import { screenshotStep } from './support/screenshots';

let dir: string;
let scenario: LinuxScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor e2e '));
  scenario = await buildImagelibScenario(dir);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

test.describe('the wizard on a real broken Linux environment', () => {
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use({ ...process.env, ...scenario.env, PATH: `${path.dirname(scenario.python)}:${process.env.PATH}` }) });

  test('recognises the pasted error, diagnoses the environment and shows the cause with its evidence', async ({ wizard }) => {
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
    await wizard.getByRole('button', { name: 'Save as HTML' }).click();
    const saved = wizard.getByRole('status', { name: 'Saved report' });
    await expect(saved).toContainText('are hidden');
    const reportPath = await saved.locator('[data-full-path]').getAttribute('data-full-path');
    const html = await readFile(reportPath ?? '', 'utf8');
    expect(html).toContain('companion_blend_v2');
    expect(html).toContain('imagelib');
    expect(html).toContain('imagelib==4.0.0');
    expect(html).toContain('passed');
    expect(html).not.toContain(homedir());
    await screenshotStep(wizard, '7-report');
    await expectNoSeriousAxeViolations(wizard);
  });
});
