import type { Page } from '@playwright/test';

/** What the page showed while the import was being checked again. */
export interface VerifyWatch {
  /** The "checking" line was on the page at least once (so the watch saw the verification run). */
  readonly sawChecking: boolean;
  /** The button to the report could be pressed while that line was there. */
  readonly enabledWhileChecking: boolean;
}

/**
 * Watches every change of the page, from now until the returned function is called, for the
 * button to the report being enabled while verification still runs (issue 26, finding 7). A
 * MutationObserver sees each state React commits, however short, where polling could miss it.
 */
export async function watchNextWhileVerifying(page: Page, checking: string, next: string): Promise<() => Promise<VerifyWatch>> {
  await page.evaluate(([checkingText, nextText]) => {
    const seen = { sawChecking: false, enabledWhileChecking: false };
    (window as unknown as { verifyWatch: VerifyWatch }).verifyWatch = seen;
    const look = () => {
      if (![...document.querySelectorAll('[role="status"]')].some((e) => e.textContent?.includes(checkingText))) return;
      seen.sawChecking = true;
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === nextText);
      if (button && !button.disabled) seen.enabledWhileChecking = true;
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, [checking, next] as const);
  return () => page.evaluate(() => (window as unknown as { verifyWatch: VerifyWatch }).verifyWatch);
}
