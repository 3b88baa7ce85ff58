import type { WireResult } from './errors';

/** Browser mode: what the page sends over the WebSocket. */
export interface SocketRequest {
  readonly id: number;
  readonly operation: string;
  readonly request: unknown;
}

/** Browser mode: what the host sends back, an answer to a request or an event. */
export type SocketMessage =
  | { readonly kind: 'result'; readonly id: number; readonly result: WireResult<unknown> }
  | { readonly kind: 'event'; readonly name: string; readonly payload: unknown };
