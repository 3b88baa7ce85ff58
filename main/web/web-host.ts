import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { type EventName, type EventPayload } from '../../app/contract/contract';
import { dispatch, type Handlers } from '../../app/contract/dispatch';
import type { SocketMessage, SocketRequest } from '../../app/contract/socket-messages';
import { securityHeaders } from '../content-security-policy';
import { checkRequest } from './request-guard';
import { readStaticFile } from './static-files';

export interface WebHostOptions {
  readonly handlers: (emit: EventEmitter) => Handlers;
  /** Folder of the built renderer (index.html and assets). */
  readonly rendererDir: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Made at random when not given; tests pass their own. */
  readonly token?: string;
  /** Called with each refused request, for the host's log. */
  readonly onRefused?: (reason: string, path: string) => void;
  /** Called with each socket or connection error the host survived, for the host's log. */
  readonly onSocketError?: (error: Error) => void;
}

export type EventEmitter = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface WebHost {
  /** The address to open, with the token in it. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1 << 20;
/**
 * Open (and opening) WebSocket connections at once. The page holds one (a reload briefly two); a
 * local program opening thousands would otherwise hold memory and file descriptors without end.
 */
export const MAX_SOCKETS = 16;

/**
 * Browser mode: serves the wizard and the engine API to a browser on this machine only.
 *
 * Binds 127.0.0.1 on a random port; every HTTP and WebSocket request passes checkRequest (Host,
 * Origin, token) first. The API is the same contract the Electron preload serves, dispatched by the
 * same code, so the two modes cannot drift.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const sockets = new Set<WebSocket>();
  /** Connections upgraded or being upgraded, counted until their TCP socket closes. */
  const connections = new Set<Socket>();
  const emit: EventEmitter = (name, payload) => {
    const message = JSON.stringify({ kind: 'event', name, payload } satisfies SocketMessage);
    for (const socket of sockets) send(socket, message);
  };
  const socketError = (error: Error) => options.onSocketError?.(error);
  /** A send to a socket that is closing fails; the page reconnects, the host goes on. */
  const send = (socket: WebSocket, message: string) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(message, (error) => {
      if (error) socketError(error);
    });
  };
  const handlers = options.handlers(emit);
  const jobs = new AbortController();

  const server = createServer((request, response) => {
    void serveHttp(request, response);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', socketError);
  // A malformed HTTP request or a reset connection is the client's problem, never the host's end.
  server.on('clientError', (error: Error, socket: Socket) => {
    socketError(error);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const guard = (request: IncomingMessage, isWebSocket: boolean) =>
    checkRequest(
      {
        host: request.headers.host,
        origin: request.headers.origin,
        path: request.url ?? '/',
        fetchSite: headerValue(request.headers['sec-fetch-site']),
        isWebSocket,
      },
      (server.address() as AddressInfo).port,
      token,
    );

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const verdict = guard(request, false);
    if (!verdict.ok) {
      options.onRefused?.(verdict.reason, request.url ?? '');
      response.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Refused.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = await readStaticFile(rendererDir, verdict.rest);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found.\n');
      return;
    }
    response.writeHead(200, { ...securityHeaders, 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', socketError);
    const verdict = guard(request, true);
    if (!verdict.ok || verdict.rest !== '/api') {
      options.onRefused?.(verdict.ok ? 'Unknown socket path' : verdict.reason, request.url ?? '');
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    if (connections.size >= MAX_SOCKETS) {
      options.onRefused?.(`More than ${MAX_SOCKETS} connections`, request.url ?? '');
      socket.end('HTTP/1.1 503 Too Many Connections\r\nConnection: close\r\nRetry-After: 5\r\n\r\n');
      return;
    }
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // A frame over MAX_MESSAGE_BYTES or a text frame that is not UTF-8 makes ws close the socket
      // (1009, 1007) and emit 'error': without this listener that error would end the process.
      ws.on('error', (error) => {
        socketError(error);
        sockets.delete(ws);
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        answer(ws, data.toString()).catch(socketError);
      });
    });
  });

  async function answer(ws: WebSocket, text: string): Promise<void> {
    let message: SocketRequest;
    try {
      message = JSON.parse(text) as SocketRequest;
    } catch {
      return; // not our client: nothing to answer to
    }
    if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
    const result = await dispatch(handlers, message.operation, message.request, { emit, signal: jobs.signal });
    send(ws, JSON.stringify({ kind: 'result', id: message.id, result } satisfies SocketMessage));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    token,
    async close() {
      jobs.abort();
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
