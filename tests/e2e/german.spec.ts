import { expectNoSeriousAxeViolations } from './support/accessibility';
import { expect, test } from './support/app-fixture';

test.describe('in German', () => {
  test.use({ locale: 'de-DE' });

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
});
