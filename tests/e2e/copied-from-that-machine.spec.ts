import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { expect, test } from './support/app-fixture';
import { pasteInto } from './support/paste';
import { checkAt1024 } from './support/small-window';

/**
 * Issue 26, findings 5 to 7, as a user meets them: the traceback as the Windows machine printed it
 * (`C:\Users\Ana Lee\...\Python36`, python-pillow/Pillow#2479), its folder copied to this computer
 * and added where the wizard asks for it, diagnosed, given commands for that machine and reported.
 * In English and German, each step checked light and dark at 1024x700.
 */
const HOME = 'C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36';
/** Field names and codes that belong to the JSON report only (finding 6). */
const INTERNAL = [/\bkind: /, /\bautomatic: (true|false)/, /recommendedBecause/, /\bprocedure-not-found\b/, /\bmissing-symbol\b/, /\bpip-install-version\b/, /Message language: —/];

let dir: string;
let copy: WindowsScenario;
/** The traceback as that machine printed it: its paths are that machine's, not this one's. */
let errorThere: string;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor copied '));
  copy = await buildPillowProcedureScenario(dir);
  errorThere = copy.errorText.replace(copy.prefix, HOME);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

/** The red, green and blue of a CSS colour as getComputedStyle gives it (rgb() or color(srgb ...)). */
async function rgbOf(element: Locator, property: 'background-color' | 'border-left-color'): Promise<number[]> {
  const value = await element.evaluate((e, p) => getComputedStyle(e).getPropertyValue(p), property);
  const numbers = (value.match(/[\d.]+/g) ?? []).map(Number);
  return value.startsWith('color(') ? numbers.slice(0, 3).map((n) => n * 255) : numbers.slice(0, 3);
}

/** In dark mode a success notice is green, border and background, not the yellow-brown of a warning (finding 7). */
async function expectGreenInDark(page: Page, notice: Locator): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  for (const property of ['border-left-color', 'background-color'] as const) {
    const [r = 0, g = 0, b = 0] = await rgbOf(notice, property);
    expect(g > r && g > b, `dark ${property} of a success notice is green: rgb(${r}, ${g}, ${b})`).toBe(true);
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}

for (const [code, locale, t] of [['en', 'en-US', en], ['de', 'de-DE', de]] as const) {
  test.describe(`a copied Windows environment and its own machine's traceback (${code})`, () => {
    test.use({ locale, viewport: { width: 1024, height: 700 } });

    test('the folder is asked for where the error is, added, diagnosed with high confidence, given quoted commands and a copyable check for that machine, and reported for people', async ({ wizard, context }) => {
      test.setTimeout(180_000);
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      await pasteInto(wizard.getByLabel(t.symptom.errorLabel), errorThere);
      await wizard.getByRole('button', { name: t.symptom.next }).click();

      // The error names a folder that is not here: the notice says which, and the field to add it is right under it, in view.
      const asking = wizard.getByRole('status').filter({ hasText: t.environment.namedElsewhere_one });
      await expect(asking).toContainText(HOME, { timeout: 30_000 });
      const field = wizard.getByLabel(t.environment.addLabel);
      // In view once the machine's environments are listed too (the list would push a field below it off the screen).
      await expect(wizard.getByRole('radio').first()).toBeVisible({ timeout: 30_000 });
      await expect(field).toBeInViewport();
      expect(await asking.evaluate((notice) => notice.parentElement?.nextElementSibling?.querySelector('input') !== null), 'the add field follows the notice').toBe(true);
      await checkAt1024(wizard, `${code}-copied-2-environment-asks`);

      // Added: filed as a copied folder, not as installed for the system; the question is answered and the notice gone.
      await field.fill(copy.prefix);
      await wizard.getByRole('button', { name: t.environment.add, exact: true }).click();
      const row = wizard.locator(`[data-python="${copy.python}"]`);
      await expect(row.getByRole('radio')).toBeChecked({ timeout: 30_000 });
      await expect(row.locator('.env-kind')).toContainText(t.environment.kind.copied);
      await expect(row).toContainText(t.environment.fromError);
      await expect(asking).toHaveCount(0);
      const found = wizard.locator('.notice-ok').filter({ hasText: t.environment.namedFound.split('{{')[0]!.trim() });
      await expect(found).toBeVisible();
      await expectGreenInDark(wizard, found);
      await checkAt1024(wizard, `${code}-copied-2-environment-added`);
      await wizard.getByRole('button', { name: t.environment.next }).click();

      // Proved by the export table: high confidence; the upstream fix release recommended over the downgrade, no near-duplicate.
      const top = wizard.getByRole('list', { name: t.diagnosis.causesLabel }).getByRole('listitem').first();
      await expect(top).toContainText(t.diagnosis.confidence.high, { timeout: 60_000 });
      const recommended = wizard.getByRole('region', { name: t.diagnosis.recommendedTitle });
      await expect(recommended).toContainText('4.1.1');
      await expect(top).not.toContainText('<4.1.0');
      // How to read that machine's facts never names the copy's path on this one.
      const closed = wizard.locator('main details:not([open]) > summary');
      for (let opened = 0; opened < 40 && (await closed.count()) > 0; opened++) await closed.first().click();
      const diagnosisText = await wizard.locator('main').innerText();
      expect(diagnosisText).not.toContain(`--python ${copy.prefix}`);
      // It names that machine's python.exe in the folder the traceback gave, quoted.
      expect(diagnosisText).toContain(`--python "${HOME}\\python.exe"`);
      await checkAt1024(wizard, `${code}-copied-3-diagnosis`);

      // Fix: the folder the traceback gave, in a field to confirm; the commands and the check use it, quoted.
      await recommended.getByRole('button', { name: new RegExp(`^${t.diagnosis.useRecommended}`) }).click();
      await expect(wizard.getByLabel(t.fix.homeLabel)).toHaveValue(HOME, { timeout: 30_000 });
      const there = wizard.getByLabel(t.fix.elsewhereLabel);
      const install = `"${HOME}\\python.exe" -m pip install pillow==4.1.1`;
      await expect(there).toHaveText(install);
      await expect(wizard.getByLabel(t.fix.checkCommandLabel)).toHaveText(`"${HOME}\\python.exe" -c "import PIL._imaging"`);
      await expect(wizard.locator('main')).toContainText('"& "');
      // Copied, and said so.
      await wizard.getByRole('button', { name: t.fix.copyCommands }).click();
      await expect(wizard.getByRole('status').filter({ hasText: t.common.copied })).toBeVisible();
      expect((await wizard.evaluate(() => navigator.clipboard.readText())).trim()).toBe(install);
      // Nothing runs here: no run button, no snapshot, no dry run spoken of (this folder has no pip records).
      await expect(wizard.getByRole('button', { name: t.fix.run })).toHaveCount(0);
      const fixText = await wizard.locator('main').innerText();
      expect(fixText).not.toContain('dry-run');
      expect(fixText).not.toContain(t.fix.runNote);
      await checkAt1024(wizard, `${code}-copied-4-fix`);

      // Report: previewed before saving; the Markdown and the HTML are for people.
      await wizard.locator('.step-footer').getByRole('button', { name: t.fix.toReport }).click();
      const preview = wizard.getByLabel(t.report.previewLabel);
      await expect(preview).toContainText('pillow==4.1.1', { timeout: 30_000 });
      await checkAt1024(wizard, `${code}-copied-7-report`);
      const markdown = await download(wizard, t.report.download.markdown);
      const html = await download(wizard, t.report.download.html);
      const mark = code === 'de' ? 'Empfohlen' : 'Recommended';
      expect(markdown).toMatch(new RegExp(`^1\\. \\*\\*${mark}:\\*\\* \\*\\*[^*]*4\\.1\\.1`, 'm'));
      expect(html).toContain(mark);
      for (const [format, text] of [['Markdown', markdown], ['HTML', html]] as const) {
        expect(INTERNAL.filter((r) => r.test(text)).map(String), `internal names in the ${format} report`).toEqual([]);
        // Every "how to check" names that machine's python, never the copy on this one.
        expect(text, `this machine's path for --python in the ${format} report`).not.toMatch(/--python (\/|~\/|&lt;user|<user)/);
        expect(text).toContain(format === 'HTML' ? 'C:\\Users\\&lt;user&gt;\\AppData' : 'C:\\Users\\<user>\\AppData');
        // ... and, from the folder the traceback gave, that machine's python.exe quoted as the Fix step quotes it (Markdown's escapes and HTML's entities off).
        expect(text.replace(/\\([\\_<>])/g, '$1').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).toContain('diagnose --python "C:\\Users\\<user>\\AppData\\Local\\Programs\\Python\\Python36\\python.exe"');
        expect(text).not.toContain('Ana Lee');
      }
    });

    test('Python 2.7 is named by its version in the list, not as "python"', async ({ wizard }) => {
      const pyenv = path.join(process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv'), 'versions');
      const version = existsSync(pyenv) ? readdirSync(pyenv).find((v) => /^2\.7\.\d+$/.test(v)) : undefined;
      test.skip(!version, `no Python 2.7 under ${pyenv} on this machine`);
      await wizard.getByRole('button', { name: t.symptom.checkAll }).click();
      const row = wizard.locator(`[data-python="${path.join(pyenv, version!, 'bin', 'python')}"]`);
      await expect(row.locator('strong')).toHaveText(`Python ${version!}`, { timeout: 30_000 });
    });
  });
}

/** The report as the browser downloads it. */
async function download(wizard: Page, button: string): Promise<string> {
  const [file] = await Promise.all([wizard.waitForEvent('download'), wizard.getByRole('button', { name: button }).click()]);
  return readFile(await file.path(), 'utf8');
}
