import { lstat, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseMetadataHeaders, parseRecord } from '../envs';
import { normalizeName } from '../base/package-spec';
import { english, message, semicolonList, type MessageRef } from '../messages';

/**
 * What pip's own records say is installed where pip installs (purelib, platlib), and what pip left
 * behind when it was stopped half-way.
 *
 * pip uninstalls by moving: a folder goes to an adjacent folder named "~" plus its name with the
 * first letters replaced (`msgpack` → `~sgpack`, AdjacentTempDirectory in
 * pypa/pip src/pip/_internal/utils/temp_dir.py), a lone file into the system's temp folder
 * (StashedUninstallPathSet._get_file_stash in src/pip/_internal/req/req_uninstall.py). Only when the
 * new version installed does it delete the stash (`commit`); when the install raises an Exception it
 * moves the stash back (`rollback`, called from install_given_reqs in src/pip/_internal/req/__init__.py,
 * pip 23.2). A KeyboardInterrupt is not an Exception, and a SIGKILL runs nothing: either way the
 * stash stays, next to a half-written new version or none. Hence every check here reads the files,
 * never pip's word alone.
 */
export interface InstalledRecord {
  readonly name: string;
  readonly version: string;
  /** The metadata folder, relative to the environment's prefix. */
  readonly dir: string;
}

export interface SiteState {
  /** Every .dist-info / .egg-info, duplicates of one project included. */
  readonly records: readonly InstalledRecord[];
  /** Every top-level entry of the site folders (relative to the prefix), `__pycache__` left out. */
  readonly entries: readonly string[];
  /** pip's uninstall stashes ("~"-prefixed entries). */
  readonly stashes: readonly string[];
  /** Projects with more than one metadata folder. */
  readonly duplicates: readonly { readonly project: string; readonly dirs: readonly string[] }[];
  /** Projects whose RECORD lists files that are missing or of another size. */
  readonly incomplete: readonly { readonly project: string; readonly version: string; readonly problems: readonly MessageRef[] }[];
  /** Package-like top-level entries no RECORD claims (a package folder whose dist-info is gone, or installed by hand). */
  readonly unclaimed: readonly string[];
  /** Top-level entries some RECORD claims. */
  readonly claimed: readonly string[];
}

/** The part of the site state a snapshot keeps, to prove a rollback exact. */
export interface SiteSnapshot {
  readonly records: readonly InstalledRecord[];
  readonly entries: readonly string[];
  /** The entries a RECORD claimed then: one unclaimed now lost its project, and the rollback reinstalls it. */
  readonly claimed?: readonly string[];
}

const MAX_PROBLEMS = 5;

/**
 * A file pip was writing into a dist-info when it was stopped: pip writes INSTALLER, direct_url.json
 * and RECORD through a temporary file next to them (NamedTemporaryFile(prefix=<name>, suffix=".tmp"):
 * the name, 8 random letters of tempfile's alphabet, ".tmp"), renamed over the name once written and
 * synced (`adjacent_tmp_file` and `_generate_file` in pypa/pip src/pip/_internal/utils/filesystem.py
 * and operations/install/wheel.py, pip 23.2). Killed before the rename, the temporary file stays and
 * the dist-info still holds the wheel's own RECORD, which lists every other file: it looks complete,
 * and a later `pip uninstall` removes all but that file, leaving a dist-info with no METADATA.
 */
const PIP_TEMPORARY = /^(INSTALLER|RECORD|direct_url\.json)[a-z0-9_]{8}\.tmp$/;
const rel = (prefix: string, file: string) => path.relative(prefix, file).split(path.sep).join('/');

async function metadataOf(dir: string, entry: string): Promise<{ name: string; version: string; installer: string | null; rows: ReturnType<typeof parseRecord>; missing: string[]; cutShort: string[] }> {
  const isDist = entry.endsWith('.dist-info');
  const stat = await lstat(dir).catch(() => null);
  const metaFile = isDist ? path.join(dir, 'METADATA') : stat?.isDirectory() ? path.join(dir, 'PKG-INFO') : dir;
  const metaText = await readFile(metaFile, 'utf8').catch(() => null);
  const headers = parseMetadataHeaders(metaText ?? '');
  const fallback = /^(.+?)-([^-]+?)(-py[^-]*)?\.(dist|egg)-info$/.exec(entry);
  const read = (name: string) => (isDist ? readFile(path.join(dir, name), 'utf8').catch(() => null) : Promise.resolve(null));
  const recordText = await read('RECORD');
  const cutShort = isDist ? (await readdir(dir).catch(() => [] as string[])).filter((name) => PIP_TEMPORARY.test(name)).sort() : [];
  return {
    name: headers.get('name')?.[0] ?? fallback?.[1] ?? entry,
    version: headers.get('version')?.[0] ?? fallback?.[2] ?? '',
    installer: (await read('INSTALLER'))?.trim() ?? null,
    rows: recordText ? parseRecord(recordText) : [],
    // pip writes RECORD last (wheel installs): a dist-info without it, or without METADATA, was cut short.
    missing: isDist ? [...(metaText === null ? ['METADATA'] : []), ...(recordText === null ? ['RECORD'] : [])] : [],
    cutShort,
  };
}

/**
 * Reads the site folders. RECORD files are checked (existence and size, by lstat: nothing is
 * opened) for files inside the site folder, of pip-installed projects only (conda rewrites the
 * prefix into some files after install) and, when `check` is given, only of those projects.
 */
export async function readSiteState(prefix: string, siteFolders: readonly string[], check?: ReadonlySet<string>): Promise<SiteState> {
  const records: InstalledRecord[] = [];
  const entries: string[] = [];
  const stashes: string[] = [];
  const claimed = new Set<string>();
  const incomplete: { project: string; version: string; problems: MessageRef[] }[] = [];
  const unclaimed: string[] = [];
  for (const site of [...new Set(siteFolders.map((f) => path.resolve(f)))]) {
    const names = (await readdir(site).catch(() => [] as string[])).sort();
    for (const entry of names) {
      if (entry === '__pycache__') continue;
      const full = path.join(site, entry);
      entries.push(rel(prefix, full));
      if (entry.startsWith('~')) {
        stashes.push(rel(prefix, full));
        continue;
      }
      if (!/\.(dist|egg)-info$/.test(entry)) continue;
      const meta = await metadataOf(full, entry);
      records.push({ name: meta.name, version: meta.version, dir: rel(prefix, full) });
      claimed.add(path.join(site, entry));
      const wanted = !check || check.has(normalizeName(meta.name));
      const problems: MessageRef[] = wanted && meta.installer !== 'conda' ? [...meta.missing.map((m) => message('repair.word.file-missing', { file: `${entry}/${m}` })), ...meta.cutShort.map((t) => message('repair.word.cut-short', { file: `${entry}/${t}` }))] : [];
      for (const row of meta.rows) {
        const file = path.resolve(site, row.path);
        if (path.relative(site, file).startsWith('..') || path.isAbsolute(path.relative(site, file))) continue;
        claimed.add(path.join(site, path.relative(site, file).split(path.sep)[0] ?? ''));
        if (!wanted || meta.installer === 'conda' || row.size === null || row.path.includes('__pycache__')) continue;
        const stat = await lstat(file).catch(() => null);
        if (!stat) problems.push(message('repair.word.file-missing', { file: row.path }));
        else if (stat.isFile() && stat.size !== row.size) problems.push(message('repair.word.wrong-size', { file: row.path, size: stat.size, recorded: row.size }));
      }
      if (problems.length > 0) incomplete.push({ project: meta.name, version: meta.version, problems: problems.slice(0, MAX_PROBLEMS).concat(problems.length > MAX_PROBLEMS ? [message('repair.word.and-more', { count: problems.length - MAX_PROBLEMS })] : []) });
    }
    for (const entry of names) {
      const full = path.join(site, entry);
      if (entry === '__pycache__' || entry.startsWith('~') || claimed.has(full)) continue;
      // .pth files and the like are claimed by a RECORD when pip wrote them; only package-like entries count.
      if (/\.(py|so|pyd)$/.test(entry) || (await lstat(path.join(full, '__init__.py')).catch(() => null))) unclaimed.push(rel(prefix, full));
    }
  }
  const byProject = new Map<string, string[]>();
  for (const r of records) byProject.set(normalizeName(r.name), [...(byProject.get(normalizeName(r.name)) ?? []), r.dir]);
  const duplicates = [...byProject].filter(([, dirs]) => dirs.length > 1).map(([project, dirs]) => ({ project, dirs }));
  const claimedEntries = entries.filter((e) => claimed.has(path.join(prefix, e)));
  return { records, entries, stashes, duplicates, incomplete, unclaimed, claimed: claimedEntries };
}

/** pip's leftovers in words (empty: none). Unclaimed entries are not counted: a user may have put them there. */
export function leftoverWords(state: SiteState): MessageRef[] {
  return [
    ...state.stashes.map((s) => message('repair.word.stash', { path: s })),
    ...state.duplicates.map((d) => message('repair.word.recorded-twice', { project: d.project, folders: d.dirs.join(', ') })),
    ...state.incomplete.map((i) => message('repair.word.incomplete', { project: i.project, version: i.version, problems: semicolonList(i.problems) })),
  ];
}

/** How the site folders differ from a snapshot of them, in words (empty: identical). */
export function siteDifferences(snapshot: SiteSnapshot, state: SiteState): MessageRef[] {
  const key = (r: InstalledRecord) => `${normalizeName(r.name)}==${r.version}`;
  const was = new Set(snapshot.records.map(key));
  const is = new Set(state.records.map(key));
  const words = [
    ...[...was].filter((k) => !is.has(k)).map((k) => message('repair.word.record-missing', { record: k })),
    ...[...is].filter((k) => !was.has(k)).map((k) => message('repair.word.record-new', { record: k })),
  ];
  const before = new Set(snapshot.entries);
  const now = new Set(state.entries);
  words.push(...[...before].filter((e) => !now.has(e)).map((e) => message('repair.word.entry-missing', { entry: e })));
  words.push(...[...now].filter((e) => !before.has(e)).map((e) => message('repair.word.entry-new', { entry: e })));
  // The same words once (a leftover can also be an entry that was not there), compared as written.
  return [...new Map([...words, ...leftoverWords(state)].map((w) => [english(w), w])).values()];
}

/** The snapshot's part of a site state. */
export function siteSnapshot(state: SiteState): SiteSnapshot {
  return { records: state.records, entries: state.entries, claimed: state.claimed };
}

/** Whether a folder holds nothing but folders and compiled caches (what is left once a package's files moved). */
async function onlyCaches(dir: string): Promise<boolean> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory() ? !(await onlyCaches(path.join(dir, entry.name))) : !entry.name.endsWith('.pyc')) return false;
  }
  return true;
}

/**
 * Moves pip's leftovers out of the site folders into `quarantine` (inside the environment's prefix,
 * so a rename, never a copy; nothing but compiled caches is deleted): the stashes, every file its
 * RECORD lists and the metadata folder of a project recorded twice or incomplete (the rollback then
 * installs the snapshot's version into a clean place; files one by one, since a namespace folder
 * such as `google/` holds other projects too), and top-level entries that no RECORD claims and the
 * snapshot did not have. Returns what was moved, relative to the prefix.
 */
export async function clearLeftovers(prefix: string, siteFolders: readonly string[], state: SiteState, snapshot: SiteSnapshot | null, quarantine: string): Promise<string[]> {
  const sites = siteFolders.map((f) => path.resolve(f));
  const targets = new Set<string>(state.stashes);
  const emptied = new Set<string>();
  const broken = new Set([...state.duplicates.map((d) => d.project), ...state.incomplete.map((i) => normalizeName(i.project))]);
  for (const record of state.records) {
    if (!broken.has(normalizeName(record.name))) continue;
    targets.add(record.dir);
    const site = path.dirname(path.join(prefix, record.dir));
    const meta = await metadataOf(path.join(prefix, record.dir), path.basename(record.dir));
    for (const row of meta.rows) {
      const inside = path.relative(site, path.resolve(site, row.path));
      if (inside.startsWith('..') || path.isAbsolute(inside) || row.path.includes('__pycache__')) continue;
      targets.add(rel(prefix, path.join(site, inside)));
      const top = inside.split(path.sep)[0] ?? '';
      if (top !== inside) emptied.add(path.join(site, top));
    }
  }
  const moved: string[] = [];
  for (const target of [...targets].sort()) {
    const from = path.join(prefix, target);
    // Only ever inside a site folder: a RECORD naming something else is not followed.
    if (!sites.some((site) => from.startsWith(`${site}${path.sep}`))) continue;
    if (!(await lstat(from).catch(() => null))) continue;
    const to = path.join(quarantine, target);
    await mkdir(path.dirname(to), { recursive: true });
    await rename(from, to);
    moved.push(target);
  }
  for (const dir of emptied) if ((await lstat(dir).catch(() => null)) && (await onlyCaches(dir))) await rm(dir, { recursive: true, force: true });
  // What no intact project claims now and the snapshot did not have, or had as a project's (whose
  // dist-info is gone: the rollback reinstalls it): a half-written package folder, a new version's remains.
  if (snapshot) {
    const now = await readSiteState(prefix, siteFolders, new Set());
    for (const entry of now.entries) {
      if (now.claimed.includes(entry) || now.stashes.includes(entry) || /\.(dist|egg)-info$/.test(entry) || entry.endsWith('.pth')) continue;
      if (snapshot.entries.includes(entry) && !(snapshot.claimed ?? []).includes(entry)) continue; // the user's own, then and now
      const to = path.join(quarantine, entry);
      await mkdir(path.dirname(to), { recursive: true });
      await rename(path.join(prefix, entry), to).then(() => moved.push(entry), () => undefined);
    }
  }
  return moved;
}
