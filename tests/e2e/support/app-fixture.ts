import { test as base, type ConsoleMessage, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEngineHandlers } from '../../../app/api/engine-handlers';
import { appVersion } from '../../../app/version';
import { startWebHost, type WebHost } from '../../../main/web/web-host';

interface AppFixtures {
  /** The built wizard in browser mode, served by the real engine; console errors fail the test. */
  readonly wizard: Page;
  readonly webHost: WebHost;
  /** The environment variables the engine sees (PATH decides which Pythons it finds). */
  readonly hostEnv: NodeJS.ProcessEnv;
}

/**
 * One fixture launches the app for every browser-mode test: a fresh host with a new token on a
 * random port, the page opened at its address, console errors and page errors collected and
 * asserted empty, and everything closed afterwards.
 */
export const test = base.extend<AppFixtures>({
  hostEnv: [process.env, { option: true }],
  webHost: async ({ hostEnv }, use) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'doctor-data-'));
    const host = await startWebHost({
      rendererDir: path.resolve('dist/renderer'),
      handlers: () => createEngineHandlers({ appVersion, host: 'browser', platform: process.platform, arch: process.arch, env: hostEnv, dataDir }),
    });
    await use(host);
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  },
  wizard: async ({ page, webHost }, use, testInfo) => {
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(webHost.url);
    await use(page);
    if (problems.length > 0) await testInfo.attach('browser-problems', { body: problems.join('\n') });
    base.expect(problems, 'the page logged errors').toEqual([]);
  },
});

export const expect = test.expect;
