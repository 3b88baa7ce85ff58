import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { missingWin32Prerequisite, REPO, startWin32Node, win32Machine, win32Required, windowsPathOf, WINDOWS_USER, type Win32Machine, type Win32Server } from '../wine-win32/support/win32-machine';
import { pasteInto } from './support/paste';

/**
 * The wizard on win32 (issue 23, item 7): browser mode (dist/web.mjs) served by Node for Windows
 * under Wine, so process.platform is win32 and the engine takes C:\users\José Müller for the
 * profile, driven here in Debian's Chromium over 127.0.0.1. The copied Windows case (Pillow 4.1.0
 * on Python 3.6.0, python-pillow/Pillow#2479) lies under AppData\Local\Programs\Python, where the
 * python.org installer puts it; its python.exe is a generated PE file that Windows refuses to start,
 * so the engine examines it from its files (there is no Windows CPython on this machine). From the
 * pasted error to the report, which is saved under %USERPROFILE%\Downloads, where a browser on
 * Windows saves it, and read back to check that no Windows path of the user is left in it.
 */
const missing = missingWin32Prerequisite();
if (missing && !win32Required) console.warn(`win32 wizard skipped: ${missing}. Set CI=true or FIXTURES_REQUIRED=1 to make this a failure.`);

let machine: Win32Machine;
let scenario: WindowsScenario;
let server: Win32Server | null = null;
let url = '';

test.describe('the wizard on win32 (browser mode on Node for Windows under Wine)', () => {
  test.skip(missing !== null && !win32Required, `needs Wine and the built app: ${missing ?? ''}`);
  test.describe.configure({ timeout: 600_000 });

  test.beforeAll(async () => {
    test.setTimeout(900_000);
    if (missing) throw new Error(missing);
    machine = await win32Machine();
    scenario = await buildPillowProcedureScenario(path.join(machine.profile, 'AppData', 'Local', 'Programs', 'Python', `wizard-${process.pid}`));
    // Python 3.6.0's installer put pip 9.0.1 in place (ensurepip).
    const pip = path.join(scenario.prefix, 'Lib', 'site-packages', 'pip-9.0.1.dist-info');
    await mkdir(pip, { recursive: true });
    await writeFile(path.join(pip, 'METADATA'), 'Metadata-Version: 2.0\nName: pip\nVersion: 9.0.1\n');
    await writeFile(path.join(pip, 'INSTALLER'), 'pip\n');
    server = await startWin32Node(machine, [windowsPathOf(machine, path.join(REPO, 'dist', 'web.mjs'))]);
    const until = Date.now() + 240_000;
    while (!url) {
      const m = /Open this address \(it is secret to you\): (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(await server.stdout());
      if (m) url = m[1] ?? '';
      else if (Date.now() > until) throw new Error(`browser mode on win32 did not start:\n${await server.stdout()}\n${await server.stderr()}`);
      else await new Promise((done) => setTimeout(done, 500));
    }
  });

  test.afterAll(async () => {
    await server?.stop();
  });

  test('goes from the pasted error to the report, saved under %USERPROFILE% with the Windows paths redacted', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(url);
    // The traceback as Windows printed it: its paths are the profile's, C:\users\José Müller\...
    const windowsPrefix = windowsPathOf(machine, scenario.prefix);
    const errorText = scenario.errorText.replace(scenario.prefix, windowsPrefix);
    expect(errorText).toContain(`C:\\users\\${WINDOWS_USER}\\AppData\\Local\\Programs\\Python\\wizard-`);
    await pasteInto(page.getByLabel('The error'), errorText);
    const recognised = page.getByRole('status', { name: 'What was recognised' });
    await expect(recognised).toContainText('lacks a function it uses');
    await expect(recognised).toContainText('code 127');
    await page.getByRole('button', { name: 'Next: choose the Python environment' }).click();

    // The traceback's Lib\site-packages path names the environment, found on this machine's C: drive.
    const named = page.getByRole('listitem').filter({ hasText: 'Named in the error' });
    await expect(named).toContainText('Python 3.6', { timeout: 120_000 });
    await expect(named.getByRole('radio')).toBeChecked();
    await page.getByRole('button', { name: 'Next: diagnose' }).click();

    const top = page.getByRole('list', { name: 'Causes, most likely first' }).getByRole('listitem').first();
    await expect(top).toBeVisible({ timeout: 180_000 });
    await expect(top).toContainText('PySlice_AdjustIndices');
    await top.getByText(/^Evidence/).click();
    const tree = top.getByRole('tree', { name: 'Dependency tree' });
    await expect(tree.locator('.tree-bad')).toContainText('python36.dll');

    // The path as Windows writes it, one separator throughout (python36.dll was shown as ...\\Python36/python36.dll).
    await expect(tree).toContainText(`${windowsPrefix}\\python36.dll`);

    // Fix: pip cannot run in an environment whose python.exe does not start, and the wizard says that
    // (not that pip is missing), with what to do.
    await page.getByRole('region', { name: 'Recommended fix' }).getByRole('button', { name: /^Use the recommended fix/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Install pillow 4.1.1 with pip' })).toBeVisible();
    await expect(page.getByText(/python\.exe could not be asked about itself: .*could not be started \(EFTYPE\)/)).toBeVisible({ timeout: 120_000 });
    await expect(page.getByText('Check that this Python starts on its own.')).toBeVisible();
    await expect(page.getByText(/pip could not list/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Run these commands' })).toBeDisabled();

    // The report, from the steps: saved where a browser on Windows saves it, %USERPROFILE%\Downloads.
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /Report/ }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    const saved = path.join(machine.profile, 'Downloads', `wizard-${process.pid}-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    const markdown = await readFile(saved, 'utf8');
    expect(markdown).toContain('PySlice_AdjustIndices');
    expect(markdown).toContain('python36.dll');
    // Redacted for sharing: neither the user's name nor the profile's path is in it, in any spelling.
    expect(markdown).not.toContain(WINDOWS_USER);
    expect(markdown).not.toMatch(/José|Müller|Jos%C3%A9|M%C3%BCller/i);
    expect(markdown).not.toMatch(/C:\\users\\[^\\<>\s]/i);
    expect(markdown).toContain('| Prefix | `~\\AppData\\Local\\Programs\\Python\\wizard-');
    expect(problems).toEqual([]);
  });
});
