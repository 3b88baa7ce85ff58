import { ipcMain, type BrowserWindow } from 'electron';
import { ipcChannel, ipcEventChannel, operationNames, type EventName, type EventPayload } from '../app/contract/contract';
import { dispatch, type Handlers } from '../app/contract/dispatch';
import { APP_ORIGIN } from './app-protocol';
import { isTrustedSender } from './trusted-sender';

/**
 * Registers one IPC handler per contract operation, each validating its request (in dispatch)
 * after checking that the message comes from our window's top frame showing our own page.
 * See GitHub Desktop's trusted-ipc-sender.ts and the Electron checklist, item 17.
 */
export function registerIpcHandlers(window: BrowserWindow, createHandlers: (emit: EventSender) => Handlers): () => void {
  const emit: EventSender = (name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel(name), payload);
  };
  const handlers = createHandlers(emit);
  const jobs = new AbortController();
  for (const name of operationNames) {
    ipcMain.handle(ipcChannel(name), async (event, request: unknown) => {
      if (!isTrustedSender(event, window, APP_ORIGIN)) {
        return { ok: false, error: { code: 'untrusted-sender', message: 'Refused a request that did not come from the app window.' } };
      }
      return dispatch(handlers, name, request, { emit, signal: jobs.signal });
    });
  }
  return () => {
    jobs.abort();
    for (const name of operationNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

export type EventSender = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
