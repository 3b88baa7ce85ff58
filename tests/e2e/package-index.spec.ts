import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { de } from '../../renderer/i18n/de';
import { en } from '../../renderer/i18n/en';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { expect, test } from './support/app-fixture';
import { checkAt1024 } from './support/small-window';

/**
 * Issue 26, finding 3: with `PIP_INDEX_URL=file:///...` (which pip reads) the Fix step said "The
 * package index null could not be reached (fetch failed)", with a stack trace holding browser
 * mode's secret address in its details. The imagelib venv (real pip, real wheels) with its wheels
 * served as a PEP 503 `file:` index, and with an HTTP index that does not answer (a missing `file:`
 * folder is no error: pip only warns and reads the other places); in English and German, light and
 * dark at 1024x700. (find-links with --no-index is walked by the repair walks.)
 */
/** An index URL with a password in it, as a private index's token often is, on a port nothing listens on. */
const DEAD_INDEX = 'http://doctor:s3cret-index-token@127.0.0.1:9/simple';
let dir: string;
let scenario: LinuxScenario;
let simple: string;

test.beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'doctor index '));
  scenario = await buildImagelibScenario(dir);
  // The wheel folder as a PEP 503 index on disk: one folder per project with an index.html of links.
  simple = path.join(dir, 'simple');
  const wheels = await readdir(scenario.wheelDir);
  for (const project of new Set(wheels.map((w) => w.split('-')[0]!.toLowerCase()))) {
    await mkdir(path.join(simple, project), { recursive: true });
    const links = wheels.filter((w) => w.toLowerCase().startsWith(`${project}-`)).map((w) => `<a href="${pathToFileURL(path.join(scenario.wheelDir, w)).href}">${w}</a>`);
    await writeFile(path.join(simple, project, 'index.html'), `<!DOCTYPE html><html><body>${links.join('\n')}</body></html>\n`);
  }
});
test.afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * The environment of pip with this index as the only place to look: not the scenario's find-links
 * folder, no --no-index, and no pip config file (PIP_CONFIG_FILE=/dev/null, as pip documents it:
 * this machine's config adds find-links and extra indexes).
 */
function indexEnv(url: string): NodeJS.ProcessEnv {
  const { PIP_NO_INDEX: _noIndex, PIP_FIND_LINKS: _findLinks, PIP_EXTRA_INDEX_URL: _extra, ...rest } = scenario.env;
  return { ...rest, PIP_INDEX_URL: url, PIP_CONFIG_FILE: '/dev/null' };
}

for (const [code, locale, t] of [['en', 'en-US', en], ['de', 'de-DE', de]] as const) {
  test.describe(`a file: package index (${code})`, () => {
    test.use({ locale, viewport: { width: 1024, height: 700 } });

    /** From the pasted error to the Fix step of the recommended fix. */
    async function toFix(wizard: Page, anyAutomatic = false): Promise<void> {
      await wizard.getByLabel(t.symptom.errorLabel).fill(scenario.errorText);
      await wizard.getByRole('button', { name: t.symptom.next }).click();
      await expect(wizard.getByRole('listitem').filter({ hasText: t.environment.fromError }).getByRole('radio')).toBeChecked({ timeout: 30_000 });
      await wizard.getByRole('button', { name: t.environment.next }).click();
      const recommended = wizard.getByRole('region', { name: t.diagnosis.recommendedTitle });
      await expect(recommended).toBeVisible({ timeout: 60_000 });
      // With no index to read, the recommended fix is one to do by hand: the fix that runs here is chosen instead.
      if (anyAutomatic) await wizard.getByRole('button', { name: new RegExp(`^${t.diagnosis.chooseNamed.split('{{')[0]}`) }).first().click();
      else await recommended.getByRole('button', { name: new RegExp(`^${t.diagnosis.useRecommended}`) }).click();
    }

    test.describe('that pip can read', () => {
      // eslint-disable-next-line no-empty-pattern
      test.use({ hostEnv: async ({}, use) => use(indexEnv(pathToFileURL(simple).href)) });

      test('offers the versions it holds, with no error', async ({ wizard }) => {
        test.setTimeout(120_000);
        await toFix(wizard);
        const picker = wizard.getByLabel(t.fix.versionOf.replace('{{package}}', 'imagelib'));
        await expect(picker).toHaveValue('4.0.0', { timeout: 60_000 });
        await expect(picker.getByRole('option', { name: `4.0.0 ${t.fix.suggested}` })).toHaveCount(1);
        await expect(picker.getByRole('option', { name: `4.1.0 ${t.fix.installedNow}` })).toHaveCount(1);
        await expect(wizard.getByRole('alert')).toHaveCount(0);
        await expect(wizard.getByRole('list', { name: t.fix.commandsLabel })).toContainText('install imagelib==4.0.0', { timeout: 60_000 });
        await checkAt1024(wizard, `${code}-index-4-fix-file-index`);
      });
    });

    test.describe('over HTTP that does not answer', () => {
      // eslint-disable-next-line no-empty-pattern
      test.use({ hostEnv: async ({}, use) => use(indexEnv(DEAD_INDEX)) });

      test('is named by its host and port, in words, with details that hold no token and no stack trace', async ({ wizard, webHost }) => {
        test.setTimeout(120_000);
        await toFix(wizard, true);
        const alert = wizard.getByRole('alert').first();
        await expect(alert).toContainText('127.0.0.1:9', { timeout: 60_000 });
        await expect(alert).not.toContainText('s3cret');
        const details = alert.locator('details');
        if ((await details.count()) > 0) await details.locator('summary').click();
        const text = await alert.innerText();
        expect(text).not.toContain(webHost.token);
        expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        await checkAt1024(wizard, `${code}-index-4-fix-dead-index`);
      });
    });
  });
}
