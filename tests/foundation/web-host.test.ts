import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { operationNames } from '../../app/contract/contract';
import type { Handlers } from '../../app/contract/dispatch';
import { startWebHost, type WebHost } from '../../main/web/web-host';

const TOKEN = 'test-token-0123456789abcdef';

function get(host: WebHost, urlPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket with the given headers; resolves 'open' or the HTTP status it was refused with. */
function openSocket(host: WebHost, urlPath: string, headers: Record<string, string>): Promise<{ outcome: 'open'; socket: WebSocket } | { outcome: 'refused'; status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}${urlPath}`, { headers });
    socket.on('open', () => resolve({ outcome: 'open', socket }));
    socket.on('unexpected-response', (_req, res) => resolve({ outcome: 'refused', status: res.statusCode ?? 0 }));
    socket.on('error', () => resolve({ outcome: 'refused', status: 0 }));
  });
}

describe('browser-mode host', () => {
  let host: WebHost;
  let rendererDir: string;
  let origin: string;
  const refused: string[] = [];

  beforeAll(async () => {
    rendererDir = await mkdtemp(path.join(tmpdir(), 'doctor-renderer-'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>wizard</title>');
    await writeFile(path.join(rendererDir, '..', `${path.basename(rendererDir)}-secret.txt`), 'secret');
    const handlers = Object.fromEntries(operationNames.map((n) => [n, async () => `answer of ${n}`])) as unknown as Handlers;
    host = await startWebHost({ rendererDir, handlers: () => handlers, token: TOKEN, onRefused: (reason) => refused.push(reason) });
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => {
    await host.close();
    await rm(rendererDir, { recursive: true, force: true });
    await rm(`${rendererDir}-secret.txt`, { force: true });
  });

  it('binds the loopback address and puts the token in the address it prints', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/${TOKEN}/`);
  });

  it('makes a new long random token at each launch when none is given', async () => {
    const a = await startWebHost({ rendererDir, handlers: () => ({}) as Handlers });
    const b = await startWebHost({ rendererDir, handlers: () => ({}) as Handlers });
    await Promise.all([a.close(), b.close()]);
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the wizard with the token, with a strict CSP and no referrer', async () => {
    const res = await get(host, `/${TOKEN}/`, { Host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('wizard');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses HTTP without the token', async () => {
    expect((await get(host, '/', { Host: `127.0.0.1:${host.port}` })).status).toBe(404);
    expect((await get(host, '/index.html', { Host: `127.0.0.1:${host.port}` })).status).toBe(404);
  });

  it('refuses HTTP with a wrong token of the same length', async () => {
    const wrong = TOKEN.replace(/.$/, 'X');
    expect((await get(host, `/${wrong}/`, { Host: `127.0.0.1:${host.port}` })).status).toBe(404);
  });

  it('refuses HTTP with a foreign Host header (DNS rebinding)', async () => {
    expect((await get(host, `/${TOKEN}/`, { Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses HTTP with a foreign Origin or from another site', async () => {
    expect((await get(host, `/${TOKEN}/`, { Host: `127.0.0.1:${host.port}`, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await get(host, `/${TOKEN}/`, { Host: `127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    const secret = `${path.basename(rendererDir)}-secret.txt`;
    for (const p of [`/${TOKEN}/../${secret}`, `/${TOKEN}/%2e%2e/${secret}`, `/${TOKEN}/..%2f${secret}`]) {
      const res = await get(host, p, { Host: `127.0.0.1:${host.port}` });
      expect(res.body).not.toContain('secret');
    }
  });

  it('answers contract operations over the WebSocket with the token and our Origin', async () => {
    const opened = await openSocket(host, `/${TOKEN}/api`, { Origin: origin });
    expect(opened.outcome).toBe('open');
    if (opened.outcome !== 'open') return;
    const answer = await new Promise<unknown>((resolve) => {
      opened.socket.once('message', (data) => resolve(JSON.parse(String(data))));
      opened.socket.send(JSON.stringify({ id: 7, operation: 'listEnvironments', request: {} }));
    });
    opened.socket.close();
    expect(answer).toEqual({ kind: 'result', id: 7, result: { ok: true, value: 'answer of listEnvironments' } });
  });

  it('validates what arrives over the WebSocket', async () => {
    const opened = await openSocket(host, `/${TOKEN}/api`, { Origin: origin });
    if (opened.outcome !== 'open') throw new Error('socket refused');
    const answer = await new Promise<{ result: { ok: boolean; error?: { code: string } } }>((resolve) => {
      opened.socket.once('message', (data) => resolve(JSON.parse(String(data))));
      opened.socket.send(JSON.stringify({ id: 1, operation: 'listEnvironments', request: { shell: 'rm -rf /' } }));
    });
    opened.socket.close();
    expect(answer.result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses a WebSocket without the token', async () => {
    expect(await openSocket(host, '/api', { Origin: origin })).toEqual({ outcome: 'refused', status: 404 });
  });

  it('refuses a WebSocket from a foreign Origin, even with the token', async () => {
    expect(await openSocket(host, `/${TOKEN}/api`, { Origin: 'https://evil.example' })).toEqual({ outcome: 'refused', status: 403 });
  });

  it('refuses a WebSocket without an Origin', async () => {
    expect(await openSocket(host, `/${TOKEN}/api`, {})).toEqual({ outcome: 'refused', status: 403 });
  });

  it('refuses a WebSocket with a foreign Host header', async () => {
    expect(await openSocket(host, `/${TOKEN}/api`, { Origin: origin, Host: `attacker.example:${host.port}` })).toEqual({ outcome: 'refused', status: 421 });
  });

  it('logs every refusal with its reason', () => {
    expect(refused).toEqual(expect.arrayContaining(['Missing or wrong token', 'Origin is not this app', 'Host header is not this loopback host', 'WebSocket without an Origin']));
  });
});
