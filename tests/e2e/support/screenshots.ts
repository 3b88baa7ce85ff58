import type { Page } from '@playwright/test';
import path from 'node:path';

/**
 * Saves a screenshot of a wizard step under docs/screenshots/ when DOCTOR_SCREENSHOTS=1
 * (`npm run screenshots`), so the README's pictures are taken by the same suite that tests the flow.
 * The whole page is taken, so the sticky footer is put back in the flow for the picture.
 */
export async function screenshotStep(page: Page, name: string): Promise<void> {
  if (process.env.DOCTOR_SCREENSHOTS !== '1') return;
  // Through the CSSOM: the page's CSP (style-src 'self') rightly refuses an injected style tag.
  const footers = page.locator('.step-footer');
  await footers.evaluateAll((elements) => elements.forEach((e) => (e as HTMLElement).style.setProperty('position', 'static')));
  // From the top: scrolled, the sticky step list would be drawn halfway down the whole-page picture.
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), fullPage: true, animations: 'disabled' });
  await page.evaluate((y) => window.scrollTo(0, y), scrolled);
  await footers.evaluateAll((elements) => elements.forEach((e) => (e as HTMLElement).style.removeProperty('position')));
}
