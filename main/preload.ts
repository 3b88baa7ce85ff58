import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { WireApi } from '../app/contract/contract';
import { eventNames, ipcChannel, ipcEventChannel, operationNames, type EventName } from '../app/contract/operation-names';

/**
 * Exposes the contract to the page as `window.doctor`: one named function per operation and an
 * event subscription that returns its own unsubscribe. ipcRenderer itself never reaches the page
 * (https://www.electronjs.org/docs/latest/tutorial/context-isolation#security-considerations).
 */
const api: Record<string, unknown> = {};
for (const name of operationNames) {
  api[name] = (request: unknown) => ipcRenderer.invoke(ipcChannel(name), request);
}
api.on = (name: EventName, listener: (payload: unknown) => void) => {
  if (!eventNames.includes(name)) throw new Error(`There is no event called ${String(name)}.`);
  const channel = ipcEventChannel(name);
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
};

contextBridge.exposeInMainWorld('doctor', api as WireApi);
