/**
 * A GET through an HTTP proxy, for the version lookup: an https index through a CONNECT tunnel,
 * an http index as an absolute-form request, as pip's urllib3 does it. Node's fetch ignores proxies
 * (its built-in proxy support needs Node 24.5 or 22.21 and knows only the environment, not pip's
 * own `proxy` setting), so the tunnel is made here with node:http and node:tls.
 *
 * The proxy's user and password go only into the Proxy-Authorization header: every error names
 * the proxy by its scheme, host and port (proxyPlace) and the setting it came from.
 */
import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { DoctorError } from '../base/errors';
import { message } from '../messages';
import type { ChosenProxy } from './proxy-settings';

/** More than any project page of a simple index (numpy's JSON page on PyPI is a few MB). */
const MAX_BODY = 64 * 1024 * 1024;

/** What a proxy error names: the proxy in words, the setting it came from, the index in words. */
interface Where {
  readonly proxy: ChosenProxy;
  readonly place: string;
}

function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${decodeURIComponent(user)}:${decodeURIComponent(password)}`).toString('base64')}`;
}

function proxyHeaders(proxy: URL): OutgoingHttpHeaders {
  return proxy.username || proxy.password ? { 'Proxy-Authorization': basicAuth(proxy.username, proxy.password) } : {};
}

/** A connection error, shaped like fetch's (`cause.code`), so simple-api.ts words it the same way. */
function connectionFailure(cause: unknown): Error {
  return Object.assign(new TypeError('fetch failed'), { cause });
}

function unreachable(where: Where, cause: unknown, why: (error: unknown) => string): DoctorError {
  const { proxy, place } = where;
  return new DoctorError('index-proxy', message('error.proxy-unreachable', { proxy: proxy.place, source: proxy.source, place, why: why(connectionFailure(cause)) }), message('error.proxy-unreachable.what', { source: proxy.source }));
}

/** The proxy answered 407, or another refusal: in words, with the setting to check, never the password. */
function refusal(where: Where, status: number): DoctorError {
  const { proxy, place } = where;
  if (status === 407) {
    const id = proxy.url.username || proxy.url.password ? 'error.proxy-auth.rejected' : 'error.proxy-auth';
    return new DoctorError('index-proxy', message(id, { proxy: proxy.place, source: proxy.source, place }), message('error.proxy-auth.what', { source: proxy.source }));
  }
  return new DoctorError('index-proxy', message('error.proxy-denied', { proxy: proxy.place, place, status }), message('error.proxy-denied.what', { source: proxy.source }));
}

/** Opens a tunnel to host:port through the proxy (HTTP CONNECT); the socket carries TLS next. */
function tunnel(target: URL, where: Where, signal: AbortSignal | undefined, why: (error: unknown) => string): Promise<Socket> {
  const proxy = where.proxy.url;
  const authority = `${target.hostname}:${target.port || 443}`;
  return new Promise((resolve, reject) => {
    const connect = request({ host: proxy.hostname.replace(/^\[|\]$/g, ''), port: proxy.port || 80, method: 'CONNECT', path: authority, headers: { Host: authority, ...proxyHeaders(proxy) }, signal, agent: false });
    connect.once('connect', (response: IncomingMessage, socket: Socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(refusal(where, response.statusCode ?? 0));
    });
    // A refusal with a body comes as a plain response on some Node versions.
    connect.once('response', (response: IncomingMessage) => {
      response.resume();
      reject(refusal(where, response.statusCode ?? 0));
    });
    connect.once('error', (error) => reject(signal?.aborted ? signal.reason : unreachable(where, error, why)));
    connect.end();
  });
}

function toResponse(incoming: IncomingMessage, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) incoming.destroy(new Error('the answer was larger than 64 MB'));
      else chunks.push(chunk);
    });
    incoming.once('error', (error) => reject(signal?.aborted ? signal.reason : connectionFailure(error)));
    incoming.once('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) for (const one of [value ?? []].flat()) headers.append(name, one);
      const status = incoming.statusCode ?? 502;
      const body = [204, 205, 304].includes(status) ? null : Buffer.concat(chunks);
      resolve(new Response(body, { status, statusText: incoming.statusMessage ?? '', headers }));
    });
  });
}

/**
 * GET `url` through `proxy`, answered as a fetch Response (redirects not followed). Errors: a
 * DoctorError `index-proxy` when the proxy cannot be reached or refuses (407 in its own words),
 * fetch-shaped errors for what happens past the proxy, the signal's reason when it aborts. The
 * index's certificate is checked against Node's CA store, as fetch checks it (`ca` replaces it).
 */
export async function fetchThroughProxy(url: URL, init: { headers?: HeadersInit; signal?: AbortSignal; ca?: string }, where: Where, why: (error: unknown) => string): Promise<Response> {
  const { proxy } = where;
  if (proxy.url.protocol !== 'http:') {
    throw new DoctorError('index-proxy', message('error.proxy-unsupported', { proxy: proxy.place, source: proxy.source }), message('error.proxy-unsupported.what', { source: proxy.source }));
  }
  const signal = init.signal;
  const headers: OutgoingHttpHeaders = Object.fromEntries(new Headers(init.headers).entries());
  if (url.username || url.password) headers.authorization = basicAuth(url.username, url.password);
  const path = `${url.pathname}${url.search}`;
  let incoming: IncomingMessage;
  if (url.protocol === 'https:') {
    const socket = await tunnel(url, where, signal, why);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // SNI takes host names only; an address is checked against the certificate's IP entries.
    const secure = tlsConnect({ socket, ...(isIP(host) ? {} : { servername: host }), host, ...(init.ca ? { ca: init.ca } : {}), ALPNProtocols: ['http/1.1'] });
    incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const get = request({ createConnection: () => secure, host: url.hostname, path, method: 'GET', headers: { ...headers, host: url.host }, signal });
      get.once('response', resolve);
      get.once('error', (error) => reject(signal?.aborted ? signal.reason : connectionFailure(error)));
      get.end();
    });
  } else {
    // An http index: the whole URL to the proxy (absolute form), its credentials out of the URL.
    const target = new URL(url.href);
    target.username = '';
    target.password = '';
    incoming = await new Promise<IncomingMessage>((resolve, reject) => {
      const get = request({ host: proxy.url.hostname.replace(/^\[|\]$/g, ''), port: proxy.url.port || 80, path: target.href, method: 'GET', headers: { ...headers, host: url.host, ...proxyHeaders(proxy.url) }, signal, agent: false });
      get.once('response', resolve);
      get.once('error', (error) => reject(signal?.aborted ? signal.reason : unreachable(where, error, why)));
      get.end();
    });
    if (incoming.statusCode === 407) {
      incoming.resume();
      throw refusal(where, 407);
    }
  }
  return toResponse(incoming, signal);
}
