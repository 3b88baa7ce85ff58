/**
 * A local package index for tests, on 127.0.0.1 only: the JSON simple API (PEP 691) when asked for
 * it, the HTML form (PEP 503) otherwise, serving the files of one folder.
 *
 *   const index = await startPackageIndex(wheelDir, { holdDownloads: true });
 *   index.url             // http://127.0.0.1:PORT/simple/
 *   index.release()       // lets held downloads finish (for cancel tests)
 *   await index.close()
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface PackageIndex {
  readonly url: string;
  /** Downloads requested so far, by file name. */
  readonly downloads: string[];
  release(): void;
  close(): Promise<void>;
}

const normalize = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

function projectOf(filename: string): string {
  return normalize(filename.split('-')[0] ?? '');
}

export async function startPackageIndex(folder: string, options: { holdDownloads?: boolean; extraFiles?: readonly string[] } = {}): Promise<PackageIndex> {
  const downloads: string[] = [];
  const held: ServerResponse[] = [];
  let holding = options.holdDownloads ?? false;
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const files = [...(await readdir(folder)), ...(options.extraFiles ?? [])];
      const simple = /^\/simple\/([^/]+)\/$/.exec(url.pathname);
      if (simple) {
        const project = normalize(decodeURIComponent(simple[1] ?? ''));
        const mine = files.filter((f) => projectOf(f) === project);
        if (mine.length === 0) return void response.writeHead(404).end();
        if ((request.headers.accept ?? '').includes('application/vnd.pypi.simple.v1+json')) {
          response.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' });
          return void response.end(JSON.stringify({ meta: { 'api-version': '1.0' }, name: project, files: mine.map((f) => ({ filename: f, url: `/files/${f}`, hashes: {} })) }));
        }
        response.writeHead(200, { 'Content-Type': 'text/html' });
        return void response.end(`<!DOCTYPE html><html><body>${mine.map((f) => `<a href="/files/${f}">${f}</a>`).join('\n')}</body></html>`);
      }
      const file = /^\/files\/([^/]+)$/.exec(url.pathname)?.[1];
      if (file && files.includes(file)) {
        downloads.push(file);
        const body = await readFile(path.join(folder, file)).catch(() => Buffer.alloc(0));
        const send = () => response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length }).end(body);
        if (holding) held.push(Object.assign(response, { send }));
        else send();
        return;
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    downloads,
    release() {
      holding = false;
      for (const response of held.splice(0)) (response as ServerResponse & { send: () => void }).send();
    },
    async close() {
      for (const response of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
