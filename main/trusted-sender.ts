import type { BrowserWindow, IpcMainEvent, IpcMainInvokeEvent, WebFrameMain } from 'electron';

/** The parts of an IPC event this check reads (IpcMainInvokeEvent and IpcMainEvent both have them). */
export type IpcSenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>;
/** The parts of our window this check reads. */
export type TrustedWindow = Pick<BrowserWindow, 'isDestroyed'> & { readonly webContents: Pick<BrowserWindow['webContents'], 'id' | 'mainFrame'> };
type FrameLike = Pick<WebFrameMain, 'url' | 'parent'>;

/**
 * True only when an IPC message comes from our window's top frame, showing a page of our own origin.
 *
 * Any frame (an iframe, a page after a navigation that slipped through) can send IPC; only our own
 * page in our own window may drive the engine. Checks, in order: the window still exists, the sender
 * is its webContents, the frame is still attached (Electron gives null once it navigated or died),
 * it is the main frame and has no parent, and its URL has exactly our app:// origin.
 * Patterns: GitHub Desktop app/src/main-process/trusted-ipc-sender.ts, VS Code
 * src/vs/base/parts/ipc/electron-main/ipcMain.ts, Electron checklist item 17
 * (https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages).
 */
export function isTrustedSender(event: IpcSenderEvent, window: TrustedWindow | null | undefined, appOrigin: string): boolean {
  if (!window || window.isDestroyed()) return false;
  if (event.sender.id !== window.webContents.id) return false;
  const frame: FrameLike | null = event.senderFrame;
  if (!frame || frame !== window.webContents.mainFrame || frame.parent !== null) return false;
  return hasOrigin(frame.url, appOrigin);
}

/** Exact origin comparison on parsed URLs; a string prefix test would accept app://doctor.evil. */
function hasOrigin(url: string, expected: string): boolean {
  let actual: URL;
  let wanted: URL;
  try {
    actual = new URL(url);
    wanted = new URL(expected);
  } catch {
    return false;
  }
  return actual.protocol === wanted.protocol && actual.host === wanted.host && actual.username === '' && actual.password === '';
}
