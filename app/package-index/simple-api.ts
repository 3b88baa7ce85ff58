import { DoctorError } from '../base/errors';
import { compareVersions, normalizeName } from '../base/package-spec';

/** One version of a package the user may install, as the wizard's version picker shows it. */
export interface VersionOffer {
  readonly version: string;
  /** A wheel this interpreter can install exists (its tags match), or conda has a build. */
  readonly installable: boolean;
  /** Only a source distribution fits: installing would compile (and likely fail on Windows). */
  readonly needsSourceBuild: boolean;
  /** The knowledge base names this version as the known-good one for the diagnosed failure. */
  readonly knownGood: boolean;
  readonly installed: boolean;
  readonly yanked: boolean;
}

/** One file an index lists for a project. */
export interface IndexFile {
  readonly filename: string;
  readonly yanked: boolean;
  readonly requiresPython: string | null;
}

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json';

/**
 * The files of a project on a simple index: the JSON form (PEP 691) when the index speaks it, the
 * HTML form (PEP 503) otherwise. https://peps.python.org/pep-0691/ https://peps.python.org/pep-0503/
 */
export async function projectFiles(indexUrl: string, project: string, fetcher: typeof fetch = fetch): Promise<IndexFile[]> {
  const url = new URL(`${normalizeName(project)}/`, indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`);
  let response: Response;
  try {
    response = await fetcher(url, { headers: { Accept: `${JSON_TYPE}, text/html;q=0.1` }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new DoctorError('index-unreachable', `The package index ${url.origin} could not be reached (${(error as Error).message}).`, 'Check the network, or the index-url in your pip configuration.');
  }
  if (response.status === 404) return [];
  if (!response.ok) throw new DoctorError('index-error', `The package index answered ${response.status} for ${project}.`, 'Try again later, or check the index-url in your pip configuration.');
  const type = response.headers.get('content-type') ?? '';
  const body = await response.text();
  if (type.includes(JSON_TYPE) || type.includes('application/json')) {
    const data = JSON.parse(body) as { files?: { filename: string; yanked?: boolean | string; 'requires-python'?: string | null }[] };
    return (data.files ?? []).map((f) => ({ filename: f.filename, yanked: f.yanked !== undefined && f.yanked !== false, requiresPython: f['requires-python'] ?? null }));
  }
  return [...body.matchAll(/<a\s+([^>]*)>([^<]+)<\/a>/gi)].map(([, attributes = '', text = '']) => ({
    filename: text.trim(),
    yanked: /data-yanked/i.test(attributes),
    requiresPython: /data-requires-python="([^"]*)"/i.exec(attributes)?.[1]?.replace(/&gt;/g, '>').replace(/&lt;/g, '<') ?? null,
  }));
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
