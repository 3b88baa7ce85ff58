import type { EventName, EventPayload, WireApi } from '../../app/contract/contract';
import type { WireResult } from '../../app/contract/errors';
import type { SocketMessage, SocketRequest } from '../../app/contract/socket-messages';
import { english, message } from '../../app/messages';
import { EngineError } from './client';

/**
 * Browser mode: the same WireApi as the preload's, over a WebSocket to the local host.
 *
 * The page was served from http://127.0.0.1:PORT/TOKEN/, so the socket's address is derived from
 * the page's own: the token never has to be typed or stored.
 */
export function connectSocketTransport(pageUrl: string): WireApi {
  const url = new URL('api', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new EngineError({ code: 'engine-unreachable', message: english(message('error.engine-unreachable')), messages: { message: message('error.engine-unreachable') } })), { once: true });
  });
  const pending = new Map<number, (result: WireResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as SocketMessage;
    if (message.kind === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      const messages = { message: message('error.disconnected'), whatToDo: message('error.disconnected.what') };
      resolve({ ok: false, error: { code: 'disconnected', message: english(messages.message), whatToDo: english(messages.whatToDo), messages } });
    }
    pending.clear();
  });

  const invoke = async (operation: string, request: unknown): Promise<WireResult<unknown>> => {
    await opened;
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, operation, request } satisfies SocketRequest));
    });
  };
  const on = <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    const untyped = listener as (payload: unknown) => void;
    set.add(untyped);
    return () => {
      set.delete(untyped);
    };
  };
  return new Proxy({ on } as unknown as WireApi, {
    get(target, property) {
      if (property === 'on') return target.on;
      if (typeof property !== 'string' || property === 'then') return undefined;
      return (request: unknown) => invoke(property, request);
    },
  });
}
