import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexVersions } from '../../app/package-index/index-versions';
import { fetchThroughProxy } from '../../app/package-index/proxy-fetch';
import { proxyFor, proxySettingsFrom } from '../../app/package-index/proxy-settings';
import { failureReason, indexFetcher, projectFiles } from '../../app/package-index/simple-api';
import { startHttpProxy, type HttpProxy } from '../support/http-proxy';
import { startPackageIndex, type PackageIndex } from '../support/package-index';

const run = promisify(execFile);
// The interpreter running pip here: its tags decide which wheels are offered (py3-none-any always is).
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
// pip's sources all given in the environment, so no pip config of this machine takes part.
const pipEnv = (index: string, extra: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, HOME: process.env.HOME, PIP_INDEX_URL: index, PIP_EXTRA_INDEX_URL: '', PIP_FIND_LINKS: '', PIP_NO_INDEX: 'off', PIP_PROXY: '', ...extra });

const settings = (env: NodeJS.ProcessEnv) => proxySettingsFrom(env, '');
type Failure = Error & { whatToDo?: string; code?: string };
const failure = (promise: Promise<unknown>) => promise.then((): Failure => new Error('no error'), (e: unknown) => e as Failure);

let folder: string;
let index: PackageIndex;
let proxy: HttpProxy;
let guarded: HttpProxy;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'proxied index '));
  for (const name of ['pillow-11.0.0-py3-none-any.whl', 'pillow-12.0.0-py3-none-any.whl', 'pillow-12.1.0-cp27-cp27m-win32.whl']) await writeFile(path.join(folder, name), '');
  [index, proxy, guarded] = await Promise.all([startPackageIndex(folder), startHttpProxy(), startHttpProxy({ credentials: 'alice:s3cret' })]);
});
afterAll(async () => {
  await Promise.all([index?.close(), proxy?.close(), guarded?.close()]);
  await rm(folder, { recursive: true, force: true });
});

describe('the version lookup behind a proxy', () => {
  it("lists the versions through pip's proxy (PIP_PROXY), and the proxy saw the request", async () => {
    proxy.log.length = 0;
    expect(await indexVersions(python, 'Pillow', pipEnv(index.url, { PIP_PROXY: proxy.url }))).toEqual(['12.0.0', '11.0.0']);
    expect(proxy.log).toEqual([`GET ${index.url}pillow/`]);
  });

  it('lists them through HTTP_PROXY when pip has no proxy of its own', async () => {
    proxy.log.length = 0;
    const lookup = indexVersions(python, 'pillow', pipEnv(index.url, { HTTP_PROXY: proxy.url, NO_PROXY: 'pypi.org' }));
    expect(await lookup).toEqual(['12.0.0', '11.0.0']);
    expect(proxy.log).toEqual([`GET ${index.url}pillow/`]);
  });

  it('goes straight to an index NO_PROXY names, past the proxy', async () => {
    proxy.log.length = 0;
    expect(await indexVersions(python, 'pillow', pipEnv(index.url, { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }))).toEqual(['12.0.0', '11.0.0']);
    expect(proxy.log).toEqual([]);
  });

  it('sends the user and password of the proxy URL to a proxy that asks for them', async () => {
    guarded.log.length = 0;
    const withPassword = guarded.url.replace('//', '//alice:s3cret@');
    const files = await projectFiles(index.url, 'pillow', indexFetcher(settings({ PIP_PROXY: withPassword })));
    expect(files.map((f) => f.filename).sort()).toEqual(['pillow-11.0.0-py3-none-any.whl', 'pillow-12.0.0-py3-none-any.whl', 'pillow-12.1.0-cp27-cp27m-win32.whl']);
    expect(guarded.log).toEqual([`GET ${index.url}pillow/`]);
  });
});

describe('the lookup goes where pip goes', () => {
  // Real pip (`pip index versions`, the machine's pip config left out) against the same proxy and
  // index: for each setting the proxy sees the same requests from pip as from the lookup.
  const cases = [
    { name: 'PIP_PROXY: through the proxy', setting: { PIP_PROXY: 'PROXY' }, through: true },
    { name: 'HTTP_PROXY: through the proxy', setting: { HTTP_PROXY: 'PROXY' }, through: true },
    { name: 'HTTP_PROXY with NO_PROXY naming the index: straight to it', setting: { HTTP_PROXY: 'PROXY', NO_PROXY: '127.0.0.1' }, through: false },
    { name: 'PIP_PROXY with NO_PROXY naming the index: through the proxy all the same', setting: { PIP_PROXY: 'PROXY', NO_PROXY: '127.0.0.1' }, through: true },
  ];
  it.each(cases)('$name', async ({ setting, through }) => {
    const env = pipEnv(index.url, Object.fromEntries(Object.entries(setting).map(([k, v]) => [k, v === 'PROXY' ? proxy.url : v])));
    proxy.log.length = 0;
    const { stdout } = await run(python, ['-m', 'pip', 'index', 'versions', 'pillow', '--disable-pip-version-check'], { env: { ...env, PIP_CONFIG_FILE: os.devNull } });
    const byPip = [...proxy.log];
    expect(byPip).toEqual(through ? [`GET ${index.url}pillow/`] : []);
    proxy.log.length = 0;
    expect(await indexVersions(python, 'pillow', env)).toEqual(['12.0.0', '11.0.0']);
    expect(stdout).toMatch(/^pillow \(12\.0\.0\)/);
    expect(proxy.log).toEqual(byPip);
  });
});

describe('a proxy that refuses', () => {
  it('asking for a password (407) is said in words, naming the setting, never the password', async () => {
    const wrong = guarded.url.replace('//', '//alice:WRONG-pass@');
    const error = await failure(projectFiles(index.url, 'pillow', indexFetcher(settings({ PIP_PROXY: wrong }))));
    const place = guarded.url;
    expect(error.message).toBe(`The proxy ${place} refused the way to the package index at ${new URL(index.url).origin}: it did not accept the user name and password in PIP_PROXY (407).`);
    expect(error.whatToDo).toMatch(/^pip uses the same proxy: check the user name and password in PIP_PROXY/);
    expect(`${error.message} ${error.whatToDo}`).not.toMatch(/WRONG|alice/);
  });

  it('asking for a password nobody gave (407 on CONNECT, for an https index) says the setting gives none', async () => {
    const error = await failure(projectFiles('https://pypi.org/simple/', 'pillow', indexFetcher(settings({ HTTPS_PROXY: guarded.url }))));
    expect(error.message).toBe(`The proxy ${guarded.url} refused the way to the package index at https://pypi.org: it asks for a user name and password (407), and HTTPS_PROXY gives none.`);
  });

  it('that nothing answers at is said in words, with no password in them', async () => {
    const closed = await startHttpProxy();
    const address = closed.url;
    await closed.close();
    const error = await failure(projectFiles(index.url, 'pillow', indexFetcher(settings({ PIP_PROXY: address.replace('//', '//bob:hunter2@') }))));
    expect(error.code).toBe('index-proxy');
    expect(error.message).toBe(`The proxy ${address} that pip is set to use (PIP_PROXY) could not be reached on the way to the package index at ${new URL(index.url).origin}: nothing answered at that address.`);
    expect(error.whatToDo).toBe('pip uses the same proxy, so pip cannot reach the index this way either: check the proxy address in PIP_PROXY, and that the proxy is running.');
    expect(`${error.message} ${error.whatToDo}`).not.toMatch(/hunter2|bob/);
  });
});

describe('a proxy the lookup cannot use or pass', () => {
  it('that answers CONNECT with an error (502: the index behind it is down) names the index and the answer', async () => {
    const closed = await startPackageIndex(folder);
    const port = new URL(closed.url).port;
    await closed.close();
    const error = await failure(projectFiles(`https://127.0.0.1:${port}/simple/`, 'pillow', indexFetcher(settings({ https_proxy: proxy.url }))));
    expect(error.message).toBe(`The proxy ${proxy.url} refused to connect to the package index at https://127.0.0.1:${port} (it answered 502).`);
    expect(error.whatToDo).toMatch(/^pip uses the same proxy \(https_proxy\)/);
  });

  it('over SOCKS is refused in words, before any connection', async () => {
    const error = await failure(projectFiles('https://pypi.org/simple/', 'pillow', indexFetcher(settings({ ALL_PROXY: 'socks5://carol:pw@127.0.0.1:1080' }))));
    expect(error.message).toBe('The proxy socks5://127.0.0.1:1080 (ALL_PROXY) is not an http:// proxy, and the version lookup can use only those.');
  });
});

describe('an https index through a CONNECT tunnel', () => {
  let dir: string;
  let server: Server;
  let httpsUrl: string;
  let ca: string;
  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, and an https front for the local index.
    dir = await mkdtemp(path.join(tmpdir(), 'tls index '));
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')]);
    ca = await readFile(path.join(dir, 'cert.pem'), 'utf8');
    const backend = new URL(index.url);
    server = createHttpsServer({ key: await readFile(path.join(dir, 'key.pem')), cert: ca }, (incoming, outgoing) => {
      const forward = request({ host: backend.hostname, port: backend.port, path: incoming.url, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    httpsUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/simple/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it("reads the project's JSON page (PEP 691) through the tunnel, the proxy seeing only CONNECT", async () => {
    proxy.log.length = 0;
    const url = new URL('pillow/', httpsUrl);
    const chosen = proxyFor(url, settings({ HTTPS_PROXY: proxy.url }));
    expect(chosen).not.toBeNull();
    const response = await fetchThroughProxy(url, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' }, ca }, { proxy: chosen!, place: url.origin }, failureReason);
    expect(response.headers.get('content-type')).toBe('application/vnd.pypi.simple.v1+json');
    expect(((await response.json()) as { files: { filename: string }[] }).files.map((f) => f.filename)).toContain('pillow-12.0.0-py3-none-any.whl');
    expect(proxy.log).toEqual([`CONNECT 127.0.0.1:${url.port}`]);
  });

  it("checks the index's certificate past the proxy: one Node does not trust is said in words", async () => {
    proxy.log.length = 0;
    const error = await failure(projectFiles(httpsUrl, 'pillow', indexFetcher(settings({ HTTPS_PROXY: proxy.url }))));
    expect(error.message).toBe(`The package index at ${new URL(httpsUrl).origin} could not be reached: its certificate was not accepted.`);
    expect(proxy.log).toEqual([`CONNECT 127.0.0.1:${new URL(httpsUrl).port}`]);
  });
});
