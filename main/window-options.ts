import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';

/**
 * The options of the app's one window, with every security-relevant webPreferences value written
 * out, even where it is Electron's default.
 *
 * Written out so that a reader, Electronegativity and tests/ship/window-options.test.ts all see the
 * value instead of trusting a default that a future Electron might change. Each line follows the
 * Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security
 * (items 2 node integration, 3 context isolation, 4 sandbox, 6 webSecurity, 8 insecure content,
 * 9 experimental features, 10 enableBlinkFeatures, 12 webviews).
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  if (!path.isAbsolute(preloadPath) || !/\.c?js$/.test(preloadPath)) {
    throw new Error(`The preload must be an absolute path to the built .cjs/.js file, not ${JSON.stringify(preloadPath)}.`);
  }
  return {
    width: 1100,
    height: 760,
    minWidth: 900,
    minHeight: 600,
    title: 'Python DLL Doctor',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // enableBlinkFeatures is deliberately absent: it switches on Chromium features the web has not.
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  };
}
