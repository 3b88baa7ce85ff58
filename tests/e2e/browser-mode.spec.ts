import { expectNoSeriousAxeViolations } from './support/accessibility';
import { expect, test } from './support/app-fixture';

test.describe('browser mode', () => {
  test('the engine reads a pasted error at once', async ({ wizard }) => {
    await expect(wizard.getByRole('heading', { name: 'What went wrong?' })).toBeVisible();
    // The first screen already shows the real Pythons the engine found: Debian's is on every machine here.
    await wizard.getByText(/Python on this computer: \d+ found/).click();
    await expect(wizard.getByRole('list', { name: 'Python on this computer' })).toContainText('/usr/bin/python3');
    await wizard.getByLabel('The error').fill('ImportError: DLL load failed while importing _imaging: Die angegebene Prozedur wurde nicht gefunden.');
    const recognised = wizard.getByRole('status', { name: 'What was recognised' });
    await expect(recognised).toContainText('_imaging');
    await expect(recognised).toContainText('127');
    await expectNoSeriousAxeViolations(wizard);
  });

  test('the environment step lists the real Python environments from the engine', async ({ wizard }) => {
    await wizard.getByRole('button', { name: 'I have no error: check all environments' }).click();
    const list = wizard.getByRole('list', { name: 'Python environments' });
    await expect(list).toBeVisible();
    // /usr/bin/python3 is Debian's Python on every machine of this kind: it must show with its real version.
    await expect(list.getByRole('listitem').filter({ hasText: '/usr/bin/python3' })).toContainText(/CPython 3\.\d+\.\d+/);
    await expect(wizard.getByText('browser mode')).toBeVisible();
  });

  test('works from the keyboard alone, and focus follows the step', async ({ wizard }) => {
    await wizard.getByLabel('The error').focus();
    await wizard.keyboard.type('ImportError: DLL load failed: The specified module could not be found.');
    const next = wizard.getByRole('button', { name: 'Next: choose the Python environment' });
    await expect(next).toBeEnabled();
    for (let i = 0; i < 10 && !(await next.evaluate((el) => el === document.activeElement)); i++) await wizard.keyboard.press('Tab');
    await wizard.keyboard.press('Enter');
    await expect(wizard.getByRole('heading', { name: 'Which Python shows the error?' })).toBeFocused();
    const first = wizard.getByRole('radio', { disabled: false }).first();
    await first.focus();
    await wizard.keyboard.press('Space');
    await expect(first).toBeChecked();
  });

  test('the page cannot be loaded without the token', async ({ page, webHost }) => {
    const response = await page.goto(`http://127.0.0.1:${webHost.port}/`);
    expect(response?.status()).toBe(404);
  });
});
