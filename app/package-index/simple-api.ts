import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DoctorError } from '../base/errors';
import { compareVersions, normalizeName } from '../base/package-spec';
import type { VersionOffer } from './version-offer';
import { message } from '../messages';
import { fetchThroughProxy } from './proxy-fetch';
import { proxyFor, type ProxySettings } from './proxy-settings';

export type { VersionOffer };


/** One file an index lists for a project. */
export interface IndexFile {
  readonly filename: string;
  readonly yanked: boolean;
  readonly requiresPython: string | null;
}

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

/** The file: side of indexFetcher: a project's folder read through its index.html, a missing folder a 404. */
async function fileFetch(url: URL): Promise<Response> {
  const body = await readFile(join(fileURLToPath(url), 'index.html'), 'utf8').catch(() => null);
  return body === null ? new Response('', { status: 404 }) : new Response(body, { status: 200, headers: { 'content-type': 'text/html' } });
}

const REDIRECT = [301, 302, 303, 307, 308];

/**
 * fetch as pip would reach an index: file: URLs read the way pip reads them (a local PEP 503 index
 * such as `file:///opt/pypi/simple/`, each project's folder through its index.html;
 * pip/_internal/index/collector.py, `_get_index_content`), http and https through the proxy pip
 * would use for that URL (proxy-settings.ts), directly when there is none.
 */
export function indexFetcher(proxies: ProxySettings): typeof fetch {
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol === 'file:') return fileFetch(url);
    // Each redirect may lead to another host, which NO_PROXY may treat otherwise.
    for (let hop = 0; ; hop++) {
      const proxy = proxyFor(url, proxies);
      if (!proxy) return fetch(url, init);
      const response = await fetchThroughProxy(url, { headers: init?.headers, signal: init?.signal ?? undefined }, { proxy, place: indexPlace(url.href) }, failureReason);
      const location = response.headers.get('location');
      if (!REDIRECT.includes(response.status) || !location || hop === 5) return response;
      url = new URL(location, url);
    }
  };
}

/** indexFetch with no proxy: file: indexes as pip reads them, everything else by plain fetch. */
export const indexFetch: typeof fetch = indexFetcher({ pip: null, env: {} });

/**
 * Where an index is, in words that can be shown and logged: a file: index's folder, an HTTP
 * index's scheme, host and port. Never its path or user part, which may hold a token or password.
 */
export function indexPlace(indexUrl: string): string {
  try {
    const url = new URL(indexUrl);
    return url.protocol === 'file:' ? fileURLToPath(url) : url.origin;
  } catch {
    return 'the configured index';
  }
}

/** Why a request failed, in words (from the error's code; never its message, which may hold the URL). */
export function failureReason(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  if ((error as Error | null)?.name === 'TimeoutError') return 'it did not answer within 30 seconds';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'its host name could not be looked up';
  if (code === 'ECONNREFUSED') return 'nothing answered at that address';
  if (code === 'ECONNRESET') return 'the connection was cut';
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return 'its certificate was not accepted';
  return 'the connection failed';
}

/**
 * The files of a project on a simple index: the JSON form (PEP 691) when the index speaks it, the
 * HTML form (PEP 503) otherwise; a `file:` index is read from its folders as pip does.
 * https://peps.python.org/pep-0691/ https://peps.python.org/pep-0503/
 */
export async function projectFiles(indexUrl: string, project: string, fetcher: typeof fetch = indexFetch): Promise<IndexFile[]> {
  const url = new URL(`${normalizeName(project)}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  const place = indexPlace(indexUrl);
  let response: Response;
  try {
    response = await fetcher(url, { headers: { Accept: `${JSON_TYPE}, text/html;q=0.1` }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    // The proxy's own errors are already in words (proxy-fetch.ts).
    if (error instanceof DoctorError) throw error;
    throw new DoctorError('index-unreachable', message('error.index-unreachable', { place, why: failureReason(error) }), message('error.index-unreachable.what'));
  }
  if (response.status === 404) return [];
  if (!response.ok) throw new DoctorError('index-error', message('error.index-error.status', { place, status: response.status, project }), message('error.index-error.status.what'));
  const type = response.headers.get('content-type') ?? '';
  const body = await response.text();
  if (type.includes(JSON_TYPE) || type.includes('application/json')) {
    let data: { files?: { filename: string; yanked?: boolean | string; 'requires-python'?: string | null }[] };
    try {
      data = JSON.parse(body) as typeof data;
    } catch {
      throw new DoctorError('index-error', message('error.index-error', { place, project }), message('error.index-error.what'));
    }
    return (data.files ?? []).map((f) => ({ filename: f.filename, yanked: f.yanked !== undefined && f.yanked !== false, requiresPython: f['requires-python'] ?? null }));
  }
  return [...body.matchAll(/<a\s+([^>]*)>([^<]+)<\/a>/gi)].map(([, attributes = '', text = '']) => ({
    filename: text.trim(),
    yanked: /data-yanked/i.test(attributes),
    requiresPython: /data-requires-python="([^"]*)"/i.exec(attributes)?.[1]?.replace(/&gt;/g, '>').replace(/&lt;/g, '<') ?? null,
  }));
}

/** The files of a find-links folder (a path or a file: URL): pip lists every file in it (a flat directory source). */
export async function folderFiles(link: string): Promise<IndexFile[]> {
  const folder = link.startsWith('file:') ? fileURLToPath(link) : link;
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.map((filename) => ({ filename, yanked: false, requiresPython: null }));
}

/** The version and tags of a wheel file name (PEP 427), compressed tag sets expanded. */
export function wheelTags(filename: string): { name: string; version: string; tags: string[] } | null {
  const m = /^([^-]+)-([^-]+)(-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(filename);
  if (!m) return null;
  const [, name = '', version = '', , py = '', abi = '', plat = ''] = m;
  const tags: string[] = [];
  for (const p of py.split('.')) for (const a of abi.split('.')) for (const t of plat.split('.')) tags.push(`${p}-${a}-${t}`);
  return { name, version, tags };
}

/** The version of a source distribution file name, or null. */
export function sdistVersion(filename: string, project: string): string | null {
  const m = /^(.+)-([0-9][^-]*)\.(tar\.gz|zip|tar\.bz2)$/.exec(filename);
  return m && normalizeName(m[1] ?? '') === normalizeName(project) ? (m[2] ?? null) : null;
}

/** Newest first, by PEP 440 order (pre-releases before their final release). */
export function compareVersionsDescending(a: string, b: string): number {
  return compareVersions(b, a);
}

/** The versions the index offers, marked for this interpreter's tags. */
export function offersFromFiles(project: string, files: readonly IndexFile[], supportedTags: readonly string[], installed: string | null, knownGood: string | null): VersionOffer[] {
  const supported = new Set(supportedTags);
  const byVersion = new Map<string, { wheel: boolean; sdist: boolean; yanked: boolean }>();
  for (const file of files) {
    const parsed = wheelTags(file.filename);
    // A find-links folder lists every project's files: keep this project's.
    const wheel = parsed && normalizeName(parsed.name) === normalizeName(project) ? parsed : null;
    if (parsed && !wheel) continue;
    const version = wheel?.version ?? sdistVersion(file.filename, project);
    if (!version) continue;
    const entry = byVersion.get(version) ?? { wheel: false, sdist: false, yanked: true };
    if (wheel && wheel.tags.some((t) => supported.has(t))) entry.wheel = true;
    if (!wheel) entry.sdist = true;
    entry.yanked = entry.yanked && file.yanked;
    byVersion.set(version, entry);
  }
  return [...byVersion.entries()]
    .sort(([a], [b]) => compareVersionsDescending(a, b))
    .map(([version, e]) => ({
      version,
      installable: e.wheel || e.sdist,
      needsSourceBuild: !e.wheel && e.sdist,
      knownGood: knownGood === version,
      installed: installed === version,
      yanked: e.yanked,
    }));
}
