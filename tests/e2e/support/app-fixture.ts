import { test as base, type ConsoleMessage, type Page } from '@playwright/test';
import path from 'node:path';
import { createEngineHandlers } from '../../../app/api/engine-handlers';
import { appVersion } from '../../../app/version';
import { startWebHost, type WebHost } from '../../../main/web/web-host';

interface AppFixtures {
  /** The built wizard in browser mode, served by the real engine; console errors fail the test. */
  readonly wizard: Page;
  readonly webHost: WebHost;
}

/**
 * One fixture launches the app for every browser-mode test: a fresh host with a new token on a
 * random port, the page opened at its address, console errors and page errors collected and
 * asserted empty, and everything closed afterwards.
 */
export const test = base.extend<AppFixtures>({
  // eslint-disable-next-line no-empty-pattern
  webHost: async ({}, use) => {
    const host = await startWebHost({
      rendererDir: path.resolve('dist/renderer'),
      handlers: () => createEngineHandlers({ appVersion, host: 'browser', platform: process.platform, arch: process.arch, env: process.env }),
    });
    await use(host);
    await host.close();
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
