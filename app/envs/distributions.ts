/**
 * Reads installed distributions (.dist-info / .egg-info) and conda-meta records from files.
 *
 * The same reader serves probed environments (folders reported by the interpreter) and offline ones
 * (folders laid out on disk), so both descriptions have one shape. Formats: core metadata
 * (https://packaging.python.org/en/latest/specifications/core-metadata/), RECORD and WHEEL
 * (https://packaging.python.org/en/latest/specifications/recording-installed-packages/, PEP 427),
 * conda-meta/<name>-<version>-<build>.json (conda/conda `conda/models/records.py` PrefixRecord).
 */
import { condaFilesUnder, condaOwnerOf, condaOwnersByMetadata } from './conda-join';
import type { EnvHost } from './host';
import { normalizeName } from '../base/package-spec';
import { pathsFor } from './paths';
import { capEntries, readRecordText } from './record-limits';
import type { CondaRecord, Distribution } from './types';

/** Parses an RFC 822 style metadata file into repeated headers (body ignored). */
export function parseMetadataHeaders(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const values = headers.get(last)!;
      values[values.length - 1] += `\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    const list = headers.get(last) ?? [];
    list.push(line.slice(colon + 1).trim());
    headers.set(last, list);
  }
  return headers;
}

/** One RECORD row: path, hash ("sha256=..." or ""), size. Quoted CSV fields are handled. */
export interface RecordRow {
  readonly path: string;
  readonly hash: string;
  readonly size: number | null;
}

export function parseRecord(text: string): RecordRow[] {
  const rows: RecordRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const fields = splitCsvLine(line);
    const [p, hash = '', size = ''] = fields;
    if (!p) continue;
    rows.push({ path: p, hash, size: size === '' ? null : Number(size) });
  }
  return rows;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const nativeLibrary = /\.(dll|dylib)$|\.so(\.[0-9][0-9.]*)?$/i;

/**
 * True when a RECORD path is an extension module: .pyd, a tagged .so (".cpython-311-x86_64-linux-gnu.so",
 * ".abi3.so", ".pypy39-pp73-....so"), one of this interpreter's suffixes, or a bare .so that is not a
 * bundled library (lib*.so, or inside a *.libs folder as auditwheel and delvewheel place them).
 */
export function isExtensionModule(file: string, suffixes: readonly string[]): boolean {
  const lower = file.toLowerCase();
  if (lower.endsWith('.pyd')) return true;
  if (/\.(cpython-[^./]+|abi3|pypy[^./]*)\.so$/.test(lower)) return true;
  if (suffixes.some((s) => s && s.toLowerCase() !== '.so' && lower.endsWith(s.toLowerCase()))) return true;
  return lower.endsWith('.so') && !lower.includes('.libs/') && !/(^|\/)lib[^/]*\.so$/.test(lower);
}

/** Reads every distribution in the given site-packages folders (first folder wins for duplicates). */
export async function readDistributions(
  host: EnvHost,
  siteFolders: readonly string[],
  extensionSuffixes: readonly string[],
  conda: { readonly prefix: string; readonly records: readonly CondaRecord[] } | null = null,
): Promise<Distribution[]> {
  const p = pathsFor(host.platform);
  const owners = conda ? condaOwnersByMetadata(conda.records) : new Map<string, CondaRecord>();
  const out: Distribution[] = [];
  const seen = new Set<string>();
  for (const site of siteFolders) {
    const entries = (await host.listDir(site)).sort();
    for (const entry of entries) {
      const format = entry.endsWith('.dist-info') ? 'dist-info' : entry.endsWith('.egg-info') ? 'egg-info' : null;
      if (!format) continue;
      const dir = p.join(site, entry);
      const metaFile = format === 'dist-info' ? p.join(dir, 'METADATA') : (await host.kind(dir)) === 'dir' ? p.join(dir, 'PKG-INFO') : dir;
      const metaText = await host.readText(metaFile);
      if (metaText === null) continue;
      const headers = parseMetadataHeaders(metaText);
      const name = headers.get('name')?.[0] ?? entry.replace(/-[^-]*\.(dist|egg)-info$/, '');
      const key = normalizeName(name);
      if (seen.has(key)) continue;
      seen.add(key);
      const installer = format === 'dist-info' ? (await host.readText(p.join(dir, 'INSTALLER')))?.trim() || null : null;
      const wheelText = format === 'dist-info' ? await host.readText(p.join(dir, 'WHEEL')) : null;
      const wheelTags = wheelText ? parseMetadataHeaders(wheelText).get('tag') ?? [] : [];
      const recordText = format === 'dist-info' ? await host.readText(p.join(dir, 'RECORD')) : null;
      const rows = recordText ? parseRecord(recordText) : [];
      const owner = conda ? condaOwnerOf(owners, p, conda.prefix, dir) : null;
      // Without a RECORD (an egg-info of conda's era, a conda-built dist-info), conda-meta's files are the list.
      const fileList = rows.length > 0 ? 'RECORD' : owner && owner.files.length > 0 ? 'conda-meta' : null;
      const files = fileList === 'RECORD' ? rows.map((r) => r.path) : owner && fileList ? condaFilesUnder(owner, p, conda!.prefix, site) : [];
      const extensionModules: string[] = [];
      const bundledLibraries: string[] = [];
      for (const file of files) {
        if (file.includes('__pycache__')) continue;
        if (isExtensionModule(file, extensionSuffixes)) extensionModules.push(file);
        else if (nativeLibrary.test(file)) bundledLibraries.push(file);
      }
      let requiresDist = headers.get('requires-dist') ?? [];
      if (format === 'egg-info' && requiresDist.length === 0) {
        const requires = await host.readText(p.join(dir, 'requires.txt'));
        if (requires) requiresDist = parseEggRequires(requires);
      }
      out.push({
        name,
        normalizedName: key,
        version: headers.get('version')?.[0] ?? '',
        installer,
        location: site,
        metadataPath: dir,
        format,
        requiresDist,
        requiresPython: headers.get('requires-python')?.[0] ?? null,
        wheelTags,
        extensionModules,
        bundledLibraries,
        recordEntries: rows.length,
        fileList,
        condaMetaFile: owner?.metaFile ?? null,
      });
    }
  }
  return out;
}

/** requires.txt of an egg: plain lines, then "[extra:marker]" sections. */
function parseEggRequires(text: string): string[] {
  const out: string[] = [];
  let section: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    if (!section) out.push(line);
    else {
      const [extra, marker] = section.split(':');
      const parts = [extra ? `extra == "${extra}"` : '', marker ?? ''].filter(Boolean).join(' and ');
      out.push(parts ? `${line}; ${parts}` : line);
    }
  }
  return out;
}

/**
 * Reads conda-meta/*.json of a prefix (empty list when there is none): the one reader of conda's
 * records for the diagnosis, the health checks and the repair. A file that is not a record (conda-meta
 * also holds `history` and, with some tools, `pinned`) or that does not parse is skipped, as conda
 * skips corrupt ones. Fields: conda's PrefixRecord (conda/models/records.py at 25.11.1); records written
 * by conda 4.3 have the same keys (conda's own test data tests/data/env_metadata/envpy37win/conda-meta).
 */
export async function readCondaRecords(host: EnvHost, prefix: string): Promise<CondaRecord[]> {
  const p = pathsFor(host.platform);
  const metaDir = p.join(prefix, 'conda-meta');
  const out: CondaRecord[] = [];
  for (const entry of (await host.listDir(metaDir)).sort()) {
    if (!entry.endsWith('.json')) continue;
    const file = p.join(metaDir, entry);
    const { text } = await readRecordText(host, file);
    // Unreadable, or over the size limit (the health check names those).
    if (text === null) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      continue;
    }
    if (!raw || typeof raw !== 'object') continue;
    const record = condaRecordFrom(raw as Record<string, unknown>, file);
    if (!record) continue;
    pathsDataRead.set(record, capEntries(condaPathsData(raw)));
    out.push(record);
  }
  return out;
}

/**
 * The paths_data each record held when readCondaRecords parsed it, capped: the health check takes
 * them from here instead of parsing the file again (a 20 MB record parsed twice was 100 MB more at
 * peak). Kept beside the record, not in it, so a description does not carry them to its readers.
 */
const pathsDataRead = new WeakMap<CondaRecord, { readonly kept: readonly CondaPathEntry[]; readonly leftOut: number }>();

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One record from its JSON; null when it names no package and version. */
export function condaRecordFrom(r: Record<string, unknown>, metaFile: string): CondaRecord | null {
  const name = str(r.name);
  const version = str(r.version);
  if (!name || !version) return null;
  const subdir = str(r.subdir);
  const url = str(r.url);
  return {
    name,
    version,
    build: str(r.build) ?? str(r.build_string) ?? '',
    channel: channelOf(str(r.channel) ?? str(r.schannel), url, subdir),
    subdir,
    url,
    depends: strings(r.depends),
    files: [...capEntries(strings(r.files)).kept],
    metaFile,
  };
}

/**
 * The channel a record came from, as `-c` and `channel::` take it: the package URL minus
 * `/<subdir>/<file>`, else the record's channel minus a trailing `/<subdir>`, else its name.
 */
function channelOf(channel: string | null, url: string | null, subdir: string | null): string | null {
  if (url && subdir) {
    const at = url.lastIndexOf(`/${subdir}/`);
    if (at > 0) return url.slice(0, at);
  }
  if (!channel) return null;
  return subdir && channel.endsWith(`/${subdir}`) ? channel.slice(0, -subdir.length - 1) : channel;
}

/**
 * conda-meta paths_data entries with the hash the file should have in the prefix, for the altered-file check.
 *
 * Files that conda rewrote while linking (prefix replacement) carry `sha256_in_prefix`; `sha256` is then the
 * hash inside the package, not on disk. Entries with a `prefix_placeholder` but no `sha256_in_prefix`
 * (older conda) and links or folders get no hash, only a presence check. Field names: conda/conda
 * `conda/models/records.py` (PathDataV1), rattler `PathsEntry.sha256_in_prefix`.
 *
 * The record's own parse when readCondaRecords made it; otherwise (a record from elsewhere) the file is
 * read again, within the same size limit. `tooLarge` says the file is over it.
 */
export async function readCondaPathsData(host: EnvHost, record: CondaRecord): Promise<{ readonly kept: readonly CondaPathEntry[]; readonly leftOut: number; readonly tooLarge?: { readonly size: number | null } }> {
  const known = pathsDataRead.get(record);
  if (known) return known;
  const read = await readRecordText(host, record.metaFile);
  if (read.text === null) return 'tooLarge' in read && read.tooLarge ? { kept: [], leftOut: 0, tooLarge: { size: read.size } } : { kept: [], leftOut: 0 };
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch {
    return { kept: [], leftOut: 0 };
  }
  return capEntries(condaPathsData(raw));
}

export interface CondaPathEntry {
  readonly path: string;
  readonly sha256: string | null;
  readonly size: number | null;
}

/** The paths_data entries of a parsed conda-meta file (see readCondaPathsData); [] when it has none. */
function condaPathsData(raw: unknown): CondaPathEntry[] {
  type Entry = { _path?: unknown; sha256?: unknown; sha256_in_prefix?: unknown; prefix_placeholder?: unknown; path_type?: unknown; size_in_bytes?: unknown };
  const paths = (raw as { paths_data?: { paths?: unknown } } | null)?.paths_data?.paths;
  if (!Array.isArray(paths)) return [];
  const out: CondaPathEntry[] = [];
  for (const e of paths as (Entry | null)[]) {
    if (typeof e?._path !== 'string') continue;
    const regular = e.path_type === undefined || e.path_type === 'hardlink' || e.path_type === 'copy';
    const inPrefix = typeof e.sha256_in_prefix === 'string' ? e.sha256_in_prefix : null;
    const original = typeof e.sha256 === 'string' && !e.prefix_placeholder ? e.sha256 : null;
    out.push({ path: e._path, sha256: regular ? (inPrefix ?? original) : null, size: typeof e.size_in_bytes === 'number' ? e.size_in_bytes : null });
  }
  return out;
}

/** Folders the environment adds to native-library search: conda's five (Windows) and wheels' *.libs. */
export async function findDllDirectories(
  host: EnvHost,
  prefix: string,
  siteFolders: readonly string[],
  isConda: boolean,
  windowsLayout: boolean = host.platform === 'win32',
): Promise<string[]> {
  const p = pathsFor(host.platform);
  const out: string[] = [];
  if (isConda && windowsLayout) {
    // conda-forge python-feedstock patch 0007 (CondaEcosystemModifyDllSearchPath): AddDllDirectory for these five.
    for (const rel of [['Library', 'mingw-w64', 'bin'], ['Library', 'usr', 'bin'], ['Library', 'bin'], ['Scripts'], ['bin']]) {
      const dir = p.join(prefix, ...rel);
      if ((await host.kind(dir)) === 'dir') out.push(dir);
    }
  } else if (isConda) {
    const lib = p.join(prefix, 'lib');
    if ((await host.kind(lib)) === 'dir') out.push(lib);
  }
  for (const site of siteFolders) {
    for (const entry of (await host.listDir(site)).sort()) {
      if (entry.endsWith('.libs') || entry === '.dylibs') {
        const dir = p.join(site, entry);
        if ((await host.kind(dir)) === 'dir') out.push(dir);
      }
    }
  }
  return out;
}
