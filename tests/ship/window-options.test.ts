import type { WebPreferences } from 'electron';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../main/window-options';

const preload = path.resolve('/opt/python-dll-doctor/resources/app.asar/dist/preload.cjs');

/** The Electron security checklist, as values (https://www.electronjs.org/docs/latest/tutorial/security). */
const REQUIRED: Required<Pick<WebPreferences,
  'contextIsolation' | 'sandbox' | 'nodeIntegration' | 'nodeIntegrationInWorker' | 'nodeIntegrationInSubFrames' | 'webSecurity' |
  'allowRunningInsecureContent' | 'experimentalFeatures' | 'webviewTag' | 'spellcheck' | 'navigateOnDragDrop' | 'safeDialogs'>> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
};

describe('mainWindowOptions', () => {
  it('writes every security-relevant webPreferences value explicitly, with the safe value', () => {
    const prefs = mainWindowOptions(preload).webPreferences ?? {};

    for (const [key, value] of Object.entries(REQUIRED)) {
      expect(Object.hasOwn(prefs, key), `${key} is written out`).toBe(true);
      expect(prefs[key as keyof WebPreferences], key).toBe(value);
    }
  });

  it('never switches on Blink features or extra privileges', () => {
    const prefs = mainWindowOptions(preload).webPreferences ?? {};

    expect(Object.hasOwn(prefs, 'enableBlinkFeatures')).toBe(false);
    expect(Object.hasOwn(prefs, 'additionalArguments')).toBe(false);
    expect(Object.hasOwn(prefs, 'plugins') && prefs.plugins).toBeFalsy();
    expect(Object.hasOwn(prefs, 'partition')).toBe(false);
  });

  it('loads exactly the preload it is given', () => {
    expect(mainWindowOptions(preload).webPreferences?.preload).toBe(preload);
  });

  it('refuses a relative or non-script preload path, which Electron would silently ignore', () => {
    expect(() => mainWindowOptions('dist/preload.cjs')).toThrow(/absolute path/);
    expect(() => mainWindowOptions(path.resolve('/tmp/preload.ts'))).toThrow(/\.cjs\/\.js/);
  });

  it('starts hidden, so the window shows only once its page is ready', () => {
    expect(mainWindowOptions(preload).show).toBe(false);
  });
});
