import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { de } from '../../renderer/i18n/de';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { expect, test } from './support/app-fixture';
import { englishEngineFragments } from './support/english-engine-sentences';
import { checkAt1024 } from './support/small-window';
import { watchNextWhileVerifying } from './support/verify-watch';

let dir: string;
let scenario: LinuxScenario;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor deutsch reparatur '));
  scenario = await buildImagelibScenario(dir);
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

/** A wizard word in German, from the renderer's own catalog (so a renamed label fails here, not silently). */
const w = (key: string, values: Readonly<Record<string, string>> = {}): string => {
  const found = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], de);
  if (typeof found !== 'string') throw new Error(`no German word ${key}`);
  return found.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => values[name] ?? '');
};

/**
 * The step's whole text, every detail opened, must hold no fixed words of an English engine
 * sentence (englishEngineFragments). With DOCTOR_REVIEW_DIR set, the step is also saved there as a
 * picture for the screenshot review (never into the repository).
 */
async function expectGerman(page: Page, name: string, fragments: readonly string[]): Promise<void> {
  const closed = page.locator('main details:not([open]) > summary');
  for (let opened = 0; opened < 60 && (await closed.count()) > 0; opened++) await closed.first().click();
  const text = await page.locator('main').innerText();
  expect(fragments.filter((f) => text.includes(f)), `English engine sentences on the ${name} step`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `horizontal overflow on the ${name} step`).toBeLessThanOrEqual(0);
  const review = process.env.DOCTOR_REVIEW_DIR;
  if (review) {
    await mkdir(review, { recursive: true });
    await page.screenshot({ path: path.join(review, `de-dark-${name}.png`), fullPage: true, animations: 'disabled' });
  }
}

test.describe('in German, at 1024x700 in dark mode', () => {
  test.use({ locale: 'de-DE', viewport: { width: 1024, height: 700 }, colorScheme: 'dark' });
  // eslint-disable-next-line no-empty-pattern
  test.use({ hostEnv: async ({}, use) => use({ ...process.env, ...scenario.env }) });

  test('a real repair goes from the pasted error to the report with no English engine sentence on any step or in the report', async ({ wizard }) => {
    test.setTimeout(300_000);
    const fragments = englishEngineFragments();
    // The repair's sentences are among them: the walk below would show them in English if they were not translated.
    // So are the progress line and the lines the engine writes into the live log (issue 26's leftovers).
    for (const sentence of ['The commands ran and the import works now.', 'Put back as it was before:', 'Remove what the repair added', 'Reinstall the versions recorded in the snapshot', 'Taking a snapshot of the installed packages', 'packages recorded.', 'Done, but the import still fails']) {
      expect(fragments.some((f) => f.includes(sentence) || sentence.includes(f)), sentence).toBe(true);
    }

    await wizard.getByLabel(w('symptom.errorLabel')).fill(scenario.errorText);
    await expect(wizard.getByRole('status', { name: w('symptom.recognisedLabel') })).toContainText('companion_blend_v2');
    await expectGerman(wizard, '1-symptom', fragments);
    await wizard.getByRole('button', { name: w('symptom.next') }).click();

    const fromError = wizard.getByRole('listitem').filter({ hasText: w('environment.fromError') });
    await expect(fromError.getByRole('radio')).toBeChecked({ timeout: 30_000 });
    await expectGerman(wizard, '2-environment', fragments);
    await wizard.getByRole('button', { name: w('environment.next') }).click();

    const top = wizard.getByRole('list', { name: w('diagnosis.causesLabel') }).getByRole('listitem').first();
    await expect(top).toContainText('imagelib', { timeout: 30_000 });
    await expectGerman(wizard, '3-diagnosis', fragments);
    await top.getByRole('button', { name: `${w('diagnosis.chooseNamed')}imagelib 4.0.0 mit pip installieren` }).click();

    const commands = wizard.getByRole('list', { name: w('fix.commandsLabel') });
    await expect(commands).toContainText('install imagelib==4.0.0', { timeout: 60_000 });
    // The step's title is the German one of the same message.
    await expect(commands).toContainText('imagelib 4.0.0 mit pip installieren');
    await expectGerman(wizard, '4-fix', fragments);
    await wizard.getByRole('button', { name: w('fix.run') }).click();

    const outcome = wizard.getByRole('status', { name: w('apply.outcomeLabel') });
    await expect(outcome).toContainText('Die Befehle liefen, und der Import funktioniert jetzt.', { timeout: 90_000 });
    await expect(outcome).toContainText('imagelib 4.0.0 mit pip installieren');
    // Done, and the heading says so (issue 26: "Applying the fix" stayed).
    await expect(wizard.getByRole('heading', { level: 2 })).toHaveText(w('apply.titleDone'));
    await expectGerman(wizard, '5-apply', fragments);
    await checkAt1024(wizard, 'de-repair-5-apply');
    const watched = await watchNextWhileVerifying(wizard, w('verify.checking'), w('verify.next'));
    await wizard.getByRole('button', { name: w('apply.next') }).click();

    await expect(wizard.getByRole('status', { name: w('verify.label') })).toContainText(w('verify.fixed'), { timeout: 60_000 });
    // The versions are read from the environment itself (issue 26, finding 4: "could not be read" under "Fixed").
    const versions = wizard.getByRole('table', { name: w('verify.versionsLabel') }).getByRole('row', { name: /imagelib/ });
    await expect(versions).toContainText('4.1.0', { timeout: 30_000 });
    await expect(versions).toContainText('4.0.0');
    expect(await watched()).toEqual({ sawChecking: true, enabledWhileChecking: false });
    await expectGerman(wizard, '6-verify', fragments);
    await checkAt1024(wizard, 'de-repair-6-verify');
    await wizard.emulateMedia({ colorScheme: 'dark' });
    await wizard.getByRole('button', { name: w('verify.next') }).click();

    const preview = wizard.getByLabel(w('report.previewLabel'));
    await expect(preview).toContainText('Die Befehle liefen, und der Import funktioniert jetzt.', { timeout: 30_000 });
    await expectGerman(wizard, '7-report', fragments);
    const report = await preview.innerText();
    expect(fragments.filter((f) => report.includes(f)), 'English engine sentences in the report preview').toEqual([]);
  });
});
