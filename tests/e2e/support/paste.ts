import type { Locator } from '@playwright/test';

/**
 * Pastes text into a text box the way the browser does: the value changes at once and one input
 * event (insertFromPaste) follows. Playwright's fill() and insertText() take minutes on a log of
 * thousands of lines (they are slow per line), the page itself takes well under a second.
 */
export async function pasteInto(box: Locator, text: string): Promise<void> {
  await box.focus();
  await box.evaluate((element, value) => {
    const area = element as HTMLTextAreaElement;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(area, value);
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, text);
}
