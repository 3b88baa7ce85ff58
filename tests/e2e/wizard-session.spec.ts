import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { buildDllNotFoundScenario, buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { expect, test } from './support/app-fixture';
import { pasteInto } from './support/paste';
import { checkAt1024 } from './support/small-window';

let dir: string;
let pillow: WindowsScenario;
let geos: WindowsScenario;
/** The second error: a traceback whose path names the second copied folder. */
let geosError: string;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor session '));
  pillow = await buildPillowProcedureScenario(dir);
  geos = await buildDllNotFoundScenario(dir);
  geosError = `Traceback (most recent call last):\n  File "${geos.prefix}\\Lib\\site-packages\\geopkg\\__init__.py", line 3, in <module>\n    from ._geos import version\n${geos.errorText}\n`;
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

const languages = [
  { locale: 'en-US', code: 'en', t: en },
  { locale: 'de-DE', code: 'de', t: de },
] as const;

for (const { locale, code, t } of languages) {
  test.describe(`going back and changing (${code})`, () => {
    test.use({ locale, viewport: { width: 1024, height: 700 } });

    test('a new error after choosing a fix clears the old environment, diagnosis and fix; another environment is said to be another', async ({ wizard }) => {
      test.setTimeout(180_000);
      await wizard.setViewportSize({ width: 1024, height: 700 });
      const nav = wizard.getByRole('navigation', { name: t.nav.label });
      const navButton = (step: keyof typeof t.steps, number: number) => nav.getByRole('button', { name: `${number}. ${t.steps[step]}` });

      // First walk: the Pillow error, its copied Python 3.6.0, the diagnosis and the recommended fix.
      await pasteInto(wizard.getByLabel(t.symptom.errorLabel), pillow.errorText);
      await wizard.getByRole('button', { name: t.symptom.next }).click();
      await expect(wizard.locator(`[data-python="${pillow.python}"]`).getByRole('radio')).toBeChecked({ timeout: 30_000 });
      await wizard.getByRole('button', { name: t.environment.next }).click();
      const recommended = wizard.getByRole('region', { name: t.diagnosis.recommendedTitle });
      await expect(recommended).toBeVisible({ timeout: 60_000 });
      await recommended.getByRole('button', { name: new RegExp(`^${t.diagnosis.useRecommended}`) }).click();
      await expect(navButton('fix', 4)).toHaveAttribute('aria-current', 'step');

      // Back to the symptom, and another error: a DLL missing from another copied folder.
      await navButton('symptom', 1).click();
      await pasteInto(wizard.getByLabel(t.symptom.errorLabel), geosError);
      await expect(wizard.getByRole('status', { name: t.symptom.recognisedLabel })).toContainText('_geos');
      await wizard.getByRole('button', { name: t.symptom.next }).click();

      // The environment the new error names is chosen, the old one is not; the fix and report made for the old error are gone.
      const geosRow = wizard.locator(`[data-python="${geos.python}"]`);
      await expect(geosRow.getByRole('radio')).toBeChecked({ timeout: 30_000 });
      await expect(wizard.locator(`[data-python="${pillow.python}"]`).getByRole('radio')).not.toBeChecked();
      await expect(geosRow).toContainText(t.environment.fromError);
      await expect(wizard.locator(`[data-python="${pillow.python}"]`)).not.toContainText(t.environment.fromError);
      await expect(navButton('fix', 4)).toHaveCount(0);
      await expect(navButton('report', 7)).toHaveCount(0);
      await expect(navButton('diagnosis', 3)).toBeVisible();
      // A copied folder is filed as copied, not as installed for the system.
      await expect(geosRow).toContainText(t.environment.kind.copied);
      await checkAt1024(wizard, `${code}-2-environment-new-error`);

      // Its diagnosis is of the new error: the missing geos_c.dll, not Pillow's missing function.
      await wizard.getByRole('button', { name: t.environment.next }).click();
      const causes = wizard.getByRole('list', { name: t.diagnosis.causesLabel });
      await expect(causes).toContainText('geos_c.dll', { timeout: 60_000 });
      await expect(causes).not.toContainText('PySlice_AdjustIndices');
      await checkAt1024(wizard, `${code}-3-diagnosis-new-error`);

      // The report, previewed before anything is saved: the new traceback under the new cause, nothing of the old.
      await navButton('report', 7).click();
      const preview = wizard.getByLabel(t.report.previewLabel);
      await expect(preview).toContainText('geos_c.dll', { timeout: 30_000 });
      await expect(preview).toContainText('_geos');
      await expect(preview).not.toContainText('PySlice_AdjustIndices');
      await expect(preview).not.toContainText('Image.py');
      // Issue 26, finding 6: the environment's type in words with its one package, not "Kind: system, 1 packages".
      await expect(preview).toContainText(code === 'de' ? /Python-Installation, 1 Paket\b/ : /Python installation, 1 package\b/);
      await expect(preview).not.toContainText(/\b1 (packages|Pakete)\b|Kind: system|Art: system/);
      await checkAt1024(wizard, `${code}-7-report-preview`);

      // Choosing the other environment: the banner says the error came from elsewhere, and the diagnosis is cleared.
      await navButton('environment', 2).click();
      await wizard.locator(`[data-python="${pillow.python}"]`).getByRole('radio').check();
      await expect(wizard.getByRole('status').filter({ hasText: t.environment.namedOther.split('{{')[0]!.trim() })).toBeVisible();
      await expect(wizard.locator('.notice-ok').filter({ hasText: t.environment.namedFound.split('{{')[0]!.trim() })).toHaveCount(0);
      await expect(navButton('report', 7)).toHaveCount(0);
      await checkAt1024(wizard, `${code}-2-environment-other-chosen`);
    });

    test('a 2 MB paste is read from its end, and the page says so', async ({ wizard }) => {
      const log = `${'Collecting pillow\n'.repeat(120_000)}${pillow.errorText}`;
      expect(log.length).toBeGreaterThan(2_000_000);
      await pasteInto(wizard.getByLabel(t.symptom.errorLabel), log);
      await expect(wizard.getByRole('status', { name: t.symptom.cutLabel })).toBeVisible();
      await expect(wizard.getByRole('status', { name: t.symptom.recognisedLabel })).toContainText('PIL._imaging');
    });

    test('the environment list is one tab stop: from the list, one Tab reaches the next control, not a button per row', async ({ wizard }) => {
      await wizard.getByRole('button', { name: t.symptom.checkAll }).click();
      const radios = wizard.getByRole('radio');
      await expect(radios.first()).toBeVisible({ timeout: 30_000 });
      await radios.first().check();
      await radios.first().focus();
      await wizard.keyboard.press('Tab');
      // The next stop after the list is the one "remove the chosen one" button.
      const label = (await radios.first().locator('xpath=following-sibling::strong').textContent()) ?? '';
      await expect(wizard.locator(':focus')).toHaveText(t.environment.removeChosen.replace('{{label}}', label));
    });
  });
}
