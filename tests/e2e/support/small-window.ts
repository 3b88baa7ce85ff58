import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';

/**
 * The step on screen at 1024x700, light and then dark: axe finds nothing, nothing is wider than the
 * window, the step's main button is in view. With WIZARD_SHOTS set, a picture of each goes there
 * for review (never into the repository). Light is put back afterwards.
 */
export async function checkAt1024(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 700 });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), `axe, ${name} ${colorScheme}`).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `horizontal overflow, ${name} ${colorScheme}`).toBeLessThanOrEqual(0);
    const footer = page.locator('.step-footer button').first();
    if ((await footer.count()) > 0) await expect(footer, `the main button is in view, ${name} ${colorScheme}`).toBeInViewport();
    if (process.env.WIZARD_SHOTS) await page.screenshot({ path: path.join(process.env.WIZARD_SHOTS, `${name}-${colorScheme}.png`), animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}
