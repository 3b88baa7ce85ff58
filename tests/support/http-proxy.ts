/**
 * A forward proxy for tests, on 127.0.0.1 only, as a corporate proxy behaves: CONNECT tunnels
 * for https, absolute-form requests for http, and optionally a user and password it demands
 * (407 with Proxy-Authenticate, as Squid answers). Every request it sees is logged.
 *
 *   const proxy = await startHttpProxy({ credentials: 'alice:s3cret' });
 *   proxy.url    // http://127.0.0.1:PORT
 *   proxy.log    // ['CONNECT 127.0.0.1:4433', 'GET http://127.0.0.1:8080/simple/pillow/']
 */
import { createServer, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface HttpProxy {
  readonly url: string;
  /** What reached the proxy: the method and target of each request, in order. */
  readonly log: string[];
  close(): Promise<void>;
}

const DENIED = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

export async function startHttpProxy(options: { credentials?: string } = {}): Promise<HttpProxy> {
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString('base64')}` : null;
  const allowed = (header: string | undefined) => expected === null || header === expected;
  const server = createServer((incoming, outgoing) => {
    log.push(`${incoming.method} ${incoming.url}`);
    if (!allowed(incoming.headers['proxy-authorization'])) return void outgoing.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }).end();
    const target = new URL(incoming.url ?? '');
    const { 'proxy-authorization': _auth, ...headers } = incoming.headers;
    const forward = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forward.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(forward);
  });
  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    log.push(`CONNECT ${incoming.url}`);
    sockets.add(client);
    if (!allowed(incoming.headers['proxy-authorization'])) return void client.end(DENIED);
    const [host = '', port = ''] = (incoming.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
