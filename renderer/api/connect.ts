import type { DoctorApi, WireApi } from '../../app/contract/contract';
import { createDoctorApi } from './client';
import { connectSocketTransport } from './socket-transport';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    readonly doctor?: WireApi;
  }
}

/** The engine API for this page: the preload's in Electron, the local socket in browser mode. */
export function connectToEngine(): DoctorApi {
  return createDoctorApi(window.doctor ?? connectSocketTransport(window.location.href));
}
