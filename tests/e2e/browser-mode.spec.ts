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

  test('the page cannot be loaded without the token', async ({ page, webHost }) => {
    const response = await page.goto(`http://127.0.0.1:${webHost.port}/`);
    expect(response?.status()).toBe(404);
  });
});
