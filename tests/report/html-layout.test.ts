import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../app/diagnosis/types';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { chromiumPath } from '../e2e/support/browser';
import { sampleDiagnosis } from './sample-diagnosis';

/**
 * The HTML report laid out by a real Chromium at 1024 px: no word inside a table cell is split
 * across lines ("Packa ge"), and no table is wider than the page.
 */
const home = 'C:\\Users\\alice';
const prefix = `${home}\\AppData\\Local\\Programs\\Python\\Python36`;

async function longReport(): Promise<string> {
  const diagnosis = await sampleDiagnosis({ home: '/home/alice', errorText: 'ImportError: DLL load failed: The specified procedure could not be found.' });
  const long: Diagnosis = {
    ...diagnosis,
    environment: { ...diagnosis.environment, python: `${prefix}\\python.exe`, prefix },
    modules: [
      { module: 'PIL._imaging', ok: false, message: 'ImportError: DLL load failed while importing _imaging: The specified procedure could not be found.', package: 'Pillow' },
      { module: 'skimage.filters.rank.generic_cy', ok: true, message: null, package: 'scikit-image' },
    ],
    causes: diagnosis.causes.map((c) => ({
      ...c,
      evidence: c.evidence.map((ev) =>
        ev.kind === 'dependency-chain'
          ? {
              ...ev,
              links: [
                { file: `${prefix}\\Lib\\site-packages\\PIL\\_imaging.cp36-win_amd64.pyd`, needs: 'python36.dll', resolvedPath: `${prefix}\\python36.dll`, foundBy: 'application-dir', owner: { path: `${prefix}\\python36.dll`, package: 'Pillow', version: '4.1.0', manager: 'pip' } },
                { file: `${prefix}\\Lib\\site-packages\\PIL\\_imaging.cp36-win_amd64.pyd`, needs: 'api-ms-win-crt-runtime-l1-1-0.dll', resolvedPath: null, foundBy: null, owner: null },
              ],
            }
          : ev,
      ),
    })),
  };
  return renderHtml(buildReport({ diagnosis: long, appVersion: '0.1.0', now: () => new Date('2026-11-24T10:00:05Z') }), { redact: false, locale: 'en-US', timeZone: 'UTC' });
}

/**
 * Runs in the page: every word of every table cell that lies on more than one line. A word ends at
 * a space, after a hyphen and at a <wbr> (a text node ends there): the places a line may break.
 */
function brokenWords(): string[] {
  const broken: string[] = [];
  for (const cell of document.querySelectorAll('td, th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/[^\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}

// The Windows workflow (npm run test:windows) has no Debian Chromium; everywhere else one is required.
const noChromium = process.platform === 'win32' && !process.env.CHROMIUM_PATH;
if (noChromium) console.log('HTML layout test skipped: no Chromium on Windows unless CHROMIUM_PATH names one.');

describe.skipIf(noChromium)('the HTML report in Chromium at 1024 px', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath() });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('breaks no word inside a table cell, and no table is wider than the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
    await page.setContent(await longReport());
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(5);
    expect(await page.evaluate(brokenWords)).toEqual([]);
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().right > document.body.getBoundingClientRect().right + 1).length);
    expect(overflowing).toBe(0);
    if (process.env.REPORT_SCREENSHOT) await page.screenshot({ path: process.env.REPORT_SCREENSHOT, fullPage: true });
    await page.close();
  });
});
