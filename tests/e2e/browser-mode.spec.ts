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
    await expect(recognised).toContainText('code 127');
    // Facts in plain words, the message's language by name, no raw codes.
    await expect(recognised).toContainText('lacks a function it uses');
    await expect(recognised).toContainText('German');
    await expect(recognised).not.toContainText('procedure-not-found');
    await expectNoSeriousAxeViolations(wizard);
  });

  test('"Next" says why it is disabled', async ({ wizard }) => {
    const next = wizard.getByRole('button', { name: 'Next: choose the Python environment' });
    await expect(next).toBeDisabled();
    await expect(next).toHaveAccessibleDescription('Paste an error or open a log file first.');
    await wizard.getByLabel('The error').fill('hello');
    await expect(next).toHaveAccessibleDescription(/Next needs an error we recognise/);
  });

  test('a path that is no Python environment is refused in a sentence, and leaves no card', async ({ wizard }) => {
    await wizard.getByRole('button', { name: 'I have no error: check all environments' }).click();
    const environments = wizard.getByRole('group', { name: 'Python environments' });
    await expect(environments).toBeVisible({ timeout: 30_000 });
    const cards = await environments.getByRole('listitem').count();
    for (const path of ['/etc/passwd', '/tmp']) {
      await wizard.getByLabel('Add an environment by path').fill(path);
      await wizard.getByRole('button', { name: 'Add', exact: true }).click();
      await expect(wizard.getByRole('alert')).toContainText(`${path} is not a Python environment.`);
    }
    await expect(environments.getByRole('listitem')).toHaveCount(cards);
    await expect(environments).not.toContainText('/etc/passwd');
    await expect(environments.locator('[data-python="/tmp"]')).toHaveCount(0);
  });

  test('an environment added by path is scrolled to, announced and selected; one can be removed', async ({ wizard }) => {
    await wizard.setViewportSize({ width: 1024, height: 700 });
    await wizard.getByRole('button', { name: 'I have no error: check all environments' }).click();
    await wizard.getByLabel('Add an environment by path').fill('/usr/bin/python3');
    await wizard.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(wizard.getByRole('status').filter({ hasText: /^Added CPython 3\.\d+\.\d+ and selected it\.$/ })).toBeAttached();
    const card = wizard.locator('[data-python="/usr/bin/python3"]');
    await expect(card.getByRole('radio')).toBeChecked();
    await expect(card).toBeInViewport();
    // One remove button, for the chosen environment (the list itself is one tab stop).
    await wizard.getByRole('button', { name: /^Remove CPython .* from the list$/ }).click();
    await expect(card).toHaveCount(0);
    await expect(wizard.getByRole('button', { name: 'Next: diagnose' })).toHaveAccessibleDescription('Choose an environment first.');
  });

  test('the environment step lists the real Python environments from the engine', async ({ wizard }) => {
    await wizard.getByRole('button', { name: 'I have no error: check all environments' }).click();
    const list = wizard.getByRole('group', { name: 'Python environments' });
    await expect(list).toBeVisible({ timeout: 30_000 });
    // /usr/bin/python3 is Debian's Python on every machine of this kind: it must show with its real version.
    // Its row shows its folder (/usr); the interpreter is the row's key.
    await expect(list.locator('[data-python="/usr/bin/python3"]')).toContainText(/CPython 3\.\d+\.\d+/);
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
