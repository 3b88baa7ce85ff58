/**
 * Bounds on what one installer record (a conda-meta JSON file, a RECORD) may cost to read and check.
 *
 * Real records are small: conda-meta files of the largest conda-forge packages (boost headers,
 * CUDA toolkits, Qt) list tens of thousands of files in a few MB, RECORD files fewer still. A record
 * over these limits is hand-made or corrupt; reading it whole (a 200 MB conda-meta file is GBs as
 * parsed JSON) or reporting every entry of it (one issue per missing file) is what hangs the tool.
 * The reader calls these helpers, so the limits live in one place whatever reads the record.
 */
import type { EnvHost } from './host';

/** A record file larger than this is not read; the record is reported as not checked. */
export const MAX_RECORD_BYTES = 64 * 1024 * 1024;
/** Entries of one record that are checked (existence, hash); the rest is counted as not checked. */
export const MAX_ENTRIES_PER_RECORD = 50_000;
/** Issues of one kind reported for one record; the rest is summed up in one more issue. */
export const MAX_ISSUES_PER_RECORD = 20;

export type BoundedText = { readonly text: string; readonly size: number } | { readonly text: null; readonly size: number | null; readonly tooLarge: boolean };

/** A record file's text, or null with why: missing, unreadable, or over MAX_RECORD_BYTES (not read at all). */
export async function readRecordText(host: EnvHost, file: string, maxBytes: number = MAX_RECORD_BYTES): Promise<BoundedText> {
  const size = await host.size(file);
  if (size !== null && size > maxBytes) return { text: null, size, tooLarge: true };
  const text = await host.readText(file);
  // The file may have grown between the two looks; the text read is what counts.
  if (text !== null && text.length > maxBytes) return { text: null, size: text.length, tooLarge: true };
  return text === null ? { text: null, size, tooLarge: false } : { text, size: size ?? text.length };
}

/** The first `max` items, and how many were left out. */
export function capEntries<T>(items: readonly T[], max: number = MAX_ENTRIES_PER_RECORD): { kept: readonly T[]; leftOut: number } {
  return items.length <= max ? { kept: items, leftOut: 0 } : { kept: items.slice(0, max), leftOut: items.length - max };
}

/**
 * Counts issues per (record, kind) and says whether one more may be reported; `overflow` lists the
 * counts past the limit, for one summary issue each.
 */
export class IssueLimiter {
  private readonly counts = new Map<string, { record: string; kind: string; count: number }>();

  constructor(private readonly max: number = MAX_ISSUES_PER_RECORD) {}

  /** True while fewer than `max` issues of this kind were reported for this record. */
  admit(record: string, kind: string): boolean {
    const key = `${kind}\u0000${record}`;
    const entry = this.counts.get(key) ?? { record, kind, count: 0 };
    entry.count++;
    this.counts.set(key, entry);
    return entry.count <= this.max;
  }

  /** Records and kinds with more issues than were reported, with the number left out. */
  overflow(): { record: string; kind: string; leftOut: number }[] {
    return [...this.counts.values()].filter((e) => e.count > this.max).map((e) => ({ record: e.record, kind: e.kind, leftOut: e.count - this.max }));
  }
}
