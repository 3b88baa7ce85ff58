import { defineConfig } from '@playwright/test';
import { chromiumPath } from './tests/e2e/support/browser';

/**
 * End-to-end tests: the wizard in Debian's Chromium (browser mode), and in Electron where its
 * binary is present. Playwright never downloads a browser here.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    launchOptions: {
      executablePath: chromiumPath(),
      // As root Chromium needs --no-sandbox; the rest stops it calling out to a network we do not have.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
});
