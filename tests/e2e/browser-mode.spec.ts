import { expect, test } from './support/app-fixture';

test.describe('browser mode', () => {
  test('the first screen lists the real Python interpreters from the engine', async ({ wizard }) => {
    await expect(wizard.getByRole('heading', { name: 'Python on this computer' })).toBeVisible();
    const list = wizard.getByRole('list', { name: 'Python interpreters' });
    await expect(list).toBeVisible();
    // /usr/bin/python3 is Debian's Python on every machine of this kind: it must show with its real version.
    const debianPython = list.getByRole('listitem').filter({ hasText: '/usr/bin/python3' });
    await expect(debianPython).toContainText(/CPython 3\.\d+\.\d+/);
    await expect(wizard.getByText('browser mode')).toBeVisible();
  });

  test('the page cannot be loaded without the token', async ({ page, webHost }) => {
    const response = await page.goto(`http://127.0.0.1:${webHost.port}/`);
    expect(response?.status()).toBe(404);
  });
});
