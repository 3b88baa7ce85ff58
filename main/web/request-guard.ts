import { timingSafeEqual } from 'node:crypto';

/** What the guard looks at in an HTTP or WebSocket request. */
export interface GuardedRequest {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly path: string;
  /** The Sec-Fetch-Site header browsers send; 'cross-site' means another web site asked. */
  readonly fetchSite: string | undefined;
  readonly isWebSocket: boolean;
}

export type GuardVerdict = { readonly ok: true; readonly rest: string } | { readonly ok: false; readonly status: 403 | 404 | 421; readonly reason: string };

/**
 * Decides whether a request may reach the browser-mode host.
 *
 * The host drives pip on the user's machine, so a web page the user visits must never reach it:
 * - the Host header must name the loopback address and our port (defeats DNS rebinding, where a
 *   foreign name resolves to 127.0.0.1);
 * - an Origin, when sent, must be ours, and a WebSocket must send one (browsers always do; a
 *   cross-site page cannot forge it);
 * - the path must begin with the secret token made at launch (a page that guesses the port still
 *   cannot name it), compared in constant time.
 * `rest` is the path after the token.
 */
export function checkRequest(request: GuardedRequest, port: number, token: string): GuardVerdict {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!request.host || !allowedHosts.includes(request.host.toLowerCase())) {
    return { ok: false, status: 421, reason: 'Host header is not this loopback host' };
  }
  const allowedOrigins = allowedHosts.map((h) => `http://${h}`);
  if (request.origin !== undefined && !allowedOrigins.includes(request.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'Origin is not this app' };
  }
  if (request.isWebSocket && request.origin === undefined) {
    return { ok: false, status: 403, reason: 'WebSocket without an Origin' };
  }
  if (request.fetchSite === 'cross-site') {
    return { ok: false, status: 403, reason: 'Request made by another web site' };
  }
  const match = /^\/([A-Za-z0-9_-]{16,128})(\/.*)?$/.exec(request.path);
  if (!match || !sameSecret(match[1] ?? '', token)) {
    return { ok: false, status: 404, reason: 'Missing or wrong token' };
  }
  return { ok: true, rest: match[2] ?? '/' };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
