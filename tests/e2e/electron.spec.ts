import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { electronBinary } from './support/electron-binary';
import { readFile } from 'node:fs/promises';
import type { ElectronApplication } from '@playwright/test';
import { walkRepairFlow, type ReportSaver } from './support/repair-flow-steps';

const binary = electronBinary();

/** The desktop app saves with the system dialog; the test answers it from the main process. */
function saveWithStubbedDialog(app: ElectronApplication, folder: string): ReportSaver {
  return async (wizard, format) => {
    const file = path.join(folder, `report.${format.toLowerCase()}`);
    await app.evaluate(({ dialog }, target) => {
      dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
    }, file);
    await wizard.getByRole('button', { name: `Save as ${format}…` }).click();
    await expect(wizard.getByRole('status', { name: 'Saved report' }).locator('[data-full-path]')).toHaveAttribute('data-full-path', file);
    return readFile(file, 'utf8');
  };
}
if ('missing' in binary) console.log(`Electron tests skipped: ${binary.missing}.`);

test.describe('Electron', () => {
  let dir = '';
  let scenario: LinuxScenario | undefined;
  test.beforeAll(async () => {
    if ('missing' in binary) return;
    dir = await mkdtemp(path.join(tmpdir(), 'doctor electron '));
    scenario = await buildImagelibScenario(dir);
  });
  test.afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test.skip('missing' in binary, `Skipped: ${'missing' in binary ? binary.missing : ''}`);

  test('the same repair flow works in the desktop window, over IPC', async () => {
    if (!('path' in binary) || !scenario) return;
    test.setTimeout(180_000);
    const app = await electron.launch({
      executablePath: binary.path,
      args: [path.resolve('dist/main.cjs'), `--user-data-dir=${path.join(dir, 'profile')}`],
      env: { ...process.env, ...scenario.env, PATH: `${path.dirname(scenario.python)}:${process.env.PATH}` } as Record<string, string>,
    });
    try {
      await walkRepairFlow(await app.firstWindow(), scenario, saveWithStubbedDialog(app, dir), false);
    } finally {
      await app.close();
    }
  });

  test('the page runs isolated: no Node, only the named functions of the preload', async () => {
    if (!('path' in binary)) return;
    const app = await electron.launch({ executablePath: binary.path, args: [path.resolve('dist/main.cjs'), `--user-data-dir=${path.join(dir, 'profile-prefs')}`] });
    try {
      const page = await app.firstWindow();
      const seen = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        ipc: typeof (window as unknown as { doctor?: { invoke?: unknown } }).doctor?.invoke,
        api: typeof (window as unknown as { doctor?: { diagnose?: unknown } }).doctor?.diagnose,
        origin: window.location.origin,
      }));
      expect(seen).toEqual({ require: 'undefined', process: 'undefined', ipc: 'undefined', api: 'function', origin: 'app://doctor' });
    } finally {
      await app.close();
    }
  });

  test('the window shows the environments from the engine over IPC', async () => {
    if (!('path' in binary)) return;
    const app = await electron.launch({ executablePath: binary.path, args: [path.resolve('dist/main.cjs')] });
    try {
      const window = await app.firstWindow();
      await window.getByRole('button', { name: 'I have no error: check all environments' }).click();
      await expect(window.getByRole('list', { name: 'Python environments' })).toBeVisible();
      await expect(window.getByText('desktop')).toBeVisible();
    } finally {
      await app.close();
    }
  });
});
