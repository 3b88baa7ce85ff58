import { _electron as electron, expect, test } from '@playwright/test';
import path from 'node:path';
import { electronBinary } from './support/electron-binary';

const binary = electronBinary();
if ('missing' in binary) console.log(`Electron tests skipped: ${binary.missing}.`);

test.describe('Electron', () => {
  test.skip('missing' in binary, `Skipped: ${'missing' in binary ? binary.missing : ''}`);

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
