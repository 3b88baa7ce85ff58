import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { screenshotStep } from './screenshots';

/** The window sizes and colour schemes every step is checked in. */
export const layouts = [
  { width: 1024, height: 700, colorScheme: 'light' },
  { width: 1024, height: 700, colorScheme: 'dark' },
  { width: 1920, height: 1080, colorScheme: 'light' },
  { width: 1920, height: 1080, colorScheme: 'dark' },
] as const;

/**
 * Checks the step on screen in every layout: axe reports no violation at all, nothing is wider
 * than the window, and the step's main buttons (the sticky footer) are in view. Then the README
 * screenshot at 1280x800, light, and a dark one.
 */
export async function checkStepEverywhere(page: Page, name: string, everyLayout = true): Promise<void> {
  // The Electron window keeps its own size: there, the step is checked as it is (axe only).
  if (!everyLayout) {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help}`), `axe violations, ${name}`).toEqual([]);
    return;
  }
  for (const layout of layouts) {
    await page.setViewportSize({ width: layout.width, height: layout.height });
    await page.emulateMedia({ colorScheme: layout.colorScheme, reducedMotion: 'reduce' });
    const where = `${name} at ${layout.width}x${layout.height} ${layout.colorScheme}`;
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe violations, ${where}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow, ${where}`).toBeLessThanOrEqual(0);
    const footer = page.locator('.step-footer button').first();
    if ((await footer.count()) > 0) await expect(footer, `the step's main button is in view, ${where}`).toBeInViewport();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await screenshotStep(page, name);
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await screenshotStep(page, `${name}-dark`);
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}
