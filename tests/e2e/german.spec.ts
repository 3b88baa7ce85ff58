import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPillowProcedureScenario } from '../scenarios/support/windows-scenarios';
import { expectNoSeriousAxeViolations } from './support/accessibility';
import { expect, test } from './support/app-fixture';
import { englishEngineFragments } from './support/english-engine-sentences';

test.describe('in German', () => {
  test.use({ locale: 'de-DE', viewport: { width: 1024, height: 700 } });

  test('the wizard follows the system language', async ({ wizard }) => {
    await expect(wizard.getByRole('heading', { name: 'Was ist schiefgegangen?' })).toBeVisible();
    await expect(wizard.locator('html')).toHaveAttribute('lang', 'de');
    await wizard.getByLabel('Der Fehler').fill('ImportError: DLL load failed while importing _imaging: Die angegebene Prozedur wurde nicht gefunden.');
    const recognised = wizard.getByRole('status', { name: 'Was erkannt wurde' });
    await expect(recognised).toContainText('ihr fehlt eine Funktion');
    await expect(recognised).toContainText('Deutsch');
    await wizard.getByRole('button', { name: 'Weiter: Python-Umgebung wählen' }).click();
    await expect(wizard.getByRole('heading', { name: 'Welches Python zeigt den Fehler?' })).toBeFocused();
    await expect(wizard.getByRole('button', { name: 'Weiter: Diagnose' })).toBeVisible();
    await expectNoSeriousAxeViolations(wizard);
  });

  test('the copied Windows case is diagnosed and reported in German, with no English engine sentence on the page or in the report', async ({ wizard }) => {
    test.setTimeout(180_000);
    const dir = await mkdtemp(path.join(tmpdir(), 'doctor deutsch '));
    try {
      // Pillow 4.1.0 on CPython 3.6.0: "The specified procedure could not be found." (python-pillow/Pillow#2479).
      const scenario = await buildPillowProcedureScenario(dir);
      await wizard.getByLabel('Der Fehler').fill(scenario.errorText);
      await wizard.getByRole('button', { name: 'Weiter: Python-Umgebung wählen' }).click();
      const named = wizard.getByRole('listitem').filter({ hasText: 'Im Fehler genannt' });
      await expect(named.getByRole('radio')).toBeChecked({ timeout: 30_000 });
      await wizard.getByRole('button', { name: 'Weiter: Diagnose' }).click();

      const top = wizard.getByRole('list', { name: 'Ursachen, die wahrscheinlichste zuerst' }).getByRole('listitem').first();
      await expect(top).toBeVisible({ timeout: 30_000 });
      await expect(top.getByRole('heading', { level: 3 })).toContainText('braucht die Funktionen PySlice_AdjustIndices');
      // Every detail opened, so the evidence and the checks are on the page too.
      const closed = wizard.locator('main details:not([open]) > summary');
      for (let opened = 0; opened < 40 && (await closed.count()) > 0; opened++) await closed.first().click();
      const fragments = englishEngineFragments();
      expect(fragments.length).toBeGreaterThan(100);
      const page = await wizard.locator('main').innerText();
      expect(fragments.filter((f) => page.includes(f))).toEqual([]);

      await wizard.getByRole('button', { name: 'Bericht exportieren' }).click();
      const preview = wizard.getByLabel('Vorschau des Berichts');
      await expect(preview).toContainText('Was geprüft wurde', { timeout: 30_000 });
      const report = await preview.innerText();
      expect(fragments.filter((f) => report.includes(f))).toEqual([]);

      // The fix for that machine: where to run it, its warning, and the report's section of it, in German too.
      await wizard.getByRole('button', { name: '3. Diagnose' }).click();
      await wizard.getByRole('button', { name: /^Empfohlene Lösung verwenden/ }).first().click();
      await expect(wizard.getByLabel('Befehle für jenen Rechner')).toContainText('pip install pillow==4.1.1', { timeout: 30_000 });
      await expect(wizard.getByText(/^Öffnen Sie auf dem Windows-Rechner, von dem diese Umgebung stammt/)).toBeVisible();
      const fixPage = await wizard.locator('main').innerText();
      expect(fragments.filter((f) => fixPage.includes(f))).toEqual([]);
      await wizard.getByRole('button', { name: 'Weiter: der Bericht' }).click();
      await expect(preview).toContainText('pip install pillow==4.1.1', { timeout: 30_000 });
      const withFix = await preview.innerText();
      expect(withFix).toContain('Öffnen Sie auf dem Windows-Rechner');
      expect(fragments.filter((f) => withFix.includes(f))).toEqual([]);
      // The same report in English, for the package's bug tracker.
      await wizard.getByLabel('Den Bericht auf Englisch schreiben (für einen Fehlerbericht an das Projekt)').check();
      await expect(preview).toContainText('What was checked', { timeout: 30_000 });
      await expectNoSeriousAxeViolations(wizard);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
