import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { operationNames } from '../../app/contract/contract';
import type { Handlers } from '../../app/contract/dispatch';
import { MAX_SOCKETS, startWebHost, type WebHost } from '../../main/web/web-host';

const TOKEN = 'hostile-token-0123456789abcdef';

/** The browser-mode host against frames no page of ours sends: it logs them and stays up. */
describe('browser-mode host under hostile frames', () => {
  let host: WebHost;
  let rendererDir: string;
  const errors: string[] = [];
  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/${TOKEN}/api`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
      socket.on('open', () => resolve(socket));
      socket.on('error', reject);
    });
  const closed = (socket: WebSocket) => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const ask = async (operation: string) => {
    const socket = await open();
    const answer = await new Promise<{ result: { ok: boolean; value?: unknown; error?: Record<string, unknown> } }>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.send(JSON.stringify({ id: 1, operation, request: {} }));
    });
    socket.close();
    return answer.result;
  };

  beforeAll(async () => {
    rendererDir = await mkdtemp(path.join(tmpdir(), 'doctor-renderer-'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
    const handlers = Object.fromEntries(operationNames.map((n) => [n, async () => `answer of ${n}`])) as unknown as Handlers;
    const failing = {
      ...handlers,
      listEnvironments: async () => {
        throw new Error("ENOENT: no such file or directory, open '/home/someone/.secret/thing'");
      },
    };
    host = await startWebHost({ rendererDir, handlers: () => failing, token: TOKEN, onSocketError: (e) => errors.push(e.message) });
  });
  afterAll(async () => {
    await host.close();
    await rm(rendererDir, { recursive: true, force: true });
  });

  it(`refuses connections beyond ${MAX_SOCKETS} at once with 503, and accepts again when one closes`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_SOCKETS }, open));
    const refused = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${host.port}/${TOKEN}/api`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('opened a connection over the limit')));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(503);
    const one = held.pop()!;
    const gone = closed(one);
    one.close();
    await gone;
    await new Promise((r) => setTimeout(r, 50));
    expect(await ask('getAppInfo')).toEqual({ ok: true, value: 'answer of getAppInfo' });
    await Promise.all(held.map((s) => {
      const c = closed(s);
      s.close();
      return c;
    }));
    await new Promise((r) => setTimeout(r, 50));
  });

  it('closes a socket that sends a frame over 1 MiB, and answers the next one', async () => {
    const socket = await open();
    socket.on('error', () => undefined);
    const code = closed(socket);
    socket.send(JSON.stringify({ id: 1, operation: 'getAppInfo', request: { pad: 'x'.repeat(1.5 * 1024 * 1024) } }));
    expect(await code).toBe(1009);
    expect(await ask('getAppInfo')).toEqual({ ok: true, value: 'answer of getAppInfo' });
    expect(errors.some((e) => /payload/i.test(e))).toBe(true);
  });

  it('closes a socket that sends a text frame that is not UTF-8, and answers the next one', async () => {
    const socket = await open();
    socket.on('error', () => undefined);
    const code = closed(socket);
    socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    expect(await ask('getAppInfo')).toEqual({ ok: true, value: 'answer of getAppInfo' });
  });

  it('survives a socket that goes away before its answer', async () => {
    const socket = await open();
    socket.send(JSON.stringify({ id: 1, operation: 'getAppInfo', request: {} }));
    socket.terminate();
    expect(await ask('getAppInfo')).toEqual({ ok: true, value: 'answer of getAppInfo' });
  });

  it('sends an unexpected error to the page without its message, stack or paths', async () => {
    const result = await ask('listEnvironments');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toMatch(/secret|ENOENT|\n\s+at /);
    expect(result.error).toMatchObject({ code: 'internal' });
  });
});
