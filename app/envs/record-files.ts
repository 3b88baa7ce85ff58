/**
 * Where a RECORD or conda-meta entry may be looked at, and how a listed file is hashed without hanging.
 *
 * An installer's record is input like any other: a tampered RECORD can name `../../etc/shadow`,
 * `/proc/self/environ`, a FIFO or a link to `/dev/zero`. Entries are placed lexically first, and one
 * that resolves outside the environment is never stat'ed or opened. Inside, the entry is looked at
 * with lstat; only a regular file whose real path stays inside the environment is hashed, up to a size
 * limit and within a time budget shared by the whole check. What is not hashed is said, with the reason.
 */
import type { EnvHost } from './host';
import { message, type MessageRef } from '../messages';
import type { PathApi } from './paths';

/** Files larger than this are not hashed (a 4 GB sparse file listed as an extension module). */
export const MAX_HASH_BYTES = 512 * 1024 * 1024;
/** Hashing stops after this long for one health check; the rest is reported as not hashed. */
export const HASH_BUDGET_MS = 60_000;

export type EntryPlace = { readonly inside: true; readonly file: string } | { readonly inside: false; readonly file: string; readonly why: MessageRef };

/** True when `file` is `root` or below it, by path text alone (both already resolved). */
export function isWithin(p: PathApi, root: string, file: string, caseInsensitive: boolean): boolean {
  const key = (s: string): string => (caseInsensitive ? s.toLowerCase() : s);
  const rel = p.relative(key(root), key(file));
  return rel === '' || (!rel.startsWith('..') && !p.isAbsolute(rel));
}

/**
 * Places a recorded path, relative to `base`, without touching the file system. `root` is the
 * environment's folder the record may reach (the prefix; for a site folder outside it, the scheme's base).
 */
export function placeEntry(p: PathApi, root: string, base: string, entry: string, caseInsensitive: boolean): EntryPlace {
  const file = p.resolve(base, entry);
  if (/^\/(proc|sys|dev)(\/|$)/.test(file) && p.sep === '/') return { inside: false, file, why: message('health.why.pseudo-file') };
  if (!isWithin(p, p.resolve(root), file, caseInsensitive)) {
    return { inside: false, file, why: p.isAbsolute(entry) ? message('health.why.absolute-outside') : message('health.why.relative-outside') };
  }
  return { inside: true, file };
}

/**
 * The folder a distribution's RECORD may reach: the prefix when its site folder is inside it, otherwise
 * the base of the install scheme the site folder belongs to (`~/.local` for `~/.local/lib/python3.12/
 * site-packages`, `/usr` for Debian's dist-packages), where pip puts scripts and data files.
 */
export function recordRoot(p: PathApi, prefix: string, location: string, caseInsensitive: boolean): string {
  if (isWithin(p, p.resolve(prefix), p.resolve(location), caseInsensitive)) return prefix;
  const parts = p.resolve(location).split(/[\\/]+/);
  const n = parts.length;
  if (n >= 3 && /^lib(64)?$/i.test(parts[n - 3]!) && /^python/i.test(parts[n - 2]!)) return p.resolve(location, '..', '..', '..');
  if (n >= 2 && /^lib$/i.test(parts[n - 2]!)) return p.resolve(location, '..', '..');
  return p.resolve(location, '..');
}

/** Why a listed file was not hashed. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: MessageRef;
}

export type HashOutcome =
  | { readonly status: 'hashed'; readonly digest: Uint8Array }
  | { readonly status: 'missing' }
  | { readonly status: 'outside'; readonly why: MessageRef }
  | { readonly status: 'skipped'; readonly reason: MessageRef };

/** One budget for a whole check, so that many slow files cannot add up to a hang. */
export interface HashBudget {
  readonly deadline: number;
  readonly maxBytes: number;
}

export function hashBudget(ms: number = HASH_BUDGET_MS, maxBytes: number = MAX_HASH_BYTES): HashBudget {
  return { deadline: Date.now() + ms, maxBytes };
}

/**
 * Hashes one listed file when it is safe to: a regular file (lstat, then the real path's kind), whose
 * real path is inside `realRoot`, not larger than the budget's limit, before the budget's deadline.
 */
export async function hashListedFile(host: EnvHost, p: PathApi, realRoot: string, file: string, budget: HashBudget, caseInsensitive: boolean): Promise<HashOutcome> {
  const own = host.lstat ? await host.lstat(file) : null;
  if (host.lstat && own === null) return { status: 'missing' };
  if (own && own.kind !== 'file' && own.kind !== 'link') return { status: 'skipped', reason: message('health.reason.not-regular', { kind: own.kind }) };
  const real = await host.realPath(file);
  if (real === null) return own ? { status: 'skipped', reason: message('health.reason.dangling-link') } : { status: 'missing' };
  if (!isWithin(p, realRoot, real, caseInsensitive)) return { status: 'outside', why: message('health.why.link-outside', { target: real }) };
  const target = host.lstat ? await host.lstat(real) : { kind: await host.kind(real), size: await host.size(real) };
  if (!target || target.kind === null) return { status: 'missing' };
  if (target.kind !== 'file') return { status: 'skipped', reason: message('health.reason.not-regular', { kind: target.kind }) };
  if (target.size !== null && target.size > budget.maxBytes) return { status: 'skipped', reason: message('health.reason.too-large', { size: formatSize(target.size), limit: formatSize(budget.maxBytes) }) };
  const left = budget.deadline - Date.now();
  if (left <= 0) return { status: 'skipped', reason: message('health.reason.out-of-time') };
  const digest = await host.sha256(real, AbortSignal.timeout(left));
  if (digest === null) return Date.now() >= budget.deadline ? { status: 'skipped', reason: message('health.reason.out-of-time') } : { status: 'skipped', reason: message('health.reason.unreadable') };
  return { status: 'hashed', digest };
}

/** A size as the reasons say it ("4096 MB", "100 bytes"), in the reader's language. */
function formatSize(bytes: number): MessageRef {
  return bytes >= 1024 * 1024 ? message('health.size.mb', { size: Math.round(bytes / (1024 * 1024)) }) : message('health.size.bytes', { size: bytes });
}
