/**
 * Which earlier import brought in the copy of a library that the failing module cannot use.
 *
 * A process holds one library per name: on Linux a DT_NEEDED entry is satisfied by any loaded
 * object with that SONAME, on Windows by any loaded module with that DLL name, whatever folder it
 * came from. So when an earlier import loaded its own copy of a library that the failing module
 * also needs, the failing module binds to that copy, and fails when the copy lacks a symbol, a
 * symbol version or an ordinal it imports. This compares, by name, what the earlier imports of the
 * replay loaded with what the failing module loads on its own, and reads from both files what
 * the first copy lacks.
 */
import type { BinaryModule } from '../../binary';
import type { Replay } from './replay';

/** What a copy of a library lacks of what one consumer imports from it. */
export interface MissingNames {
  readonly missingSymbols: readonly string[];
  readonly missingVersions: readonly string[];
  readonly missingOrdinals: readonly number[];
}

/** The earlier import's copy of a library and what the failing module needed from the other one. */
export interface ContextConflict extends MissingNames {
  /** Index, in the replay, of the import that loaded the conflicting copy. */
  readonly earlierStep: number;
  readonly earlierModule: string;
  /** The library's name: its SONAME on Linux, its DLL name on Windows. */
  readonly library: string;
  /** The copy the earlier import loaded (the one the failing module got). */
  readonly earlierCopy: string;
  /** The copy the failing module loads when imported on its own. */
  readonly ownCopy: string;
  /** The file that imports from the library (the extension module or a library it loads). */
  readonly consumer: string;
}

/** Reads a module's tables; null when the file cannot be read. */
export type ReadBinary = (path: string) => Promise<BinaryModule | null>;

/** At most this many libraries per side are read (a torch import loads hundreds). */
const MAX_LIBRARIES = 600;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** The name the loader matches a loaded library by. */
export function libraryKey(module: BinaryModule): string {
  return module.format === 'elf' ? (module.soname ?? fileName(module.path)) : fileName(module.path).toLowerCase();
}

/** What `consumer` imports from a library named `key`. */
export function importsFrom(consumer: BinaryModule, key: string): { symbols: string[]; versions: string[]; ordinals: number[] } | null {
  if (consumer.format === 'elf') {
    if (!consumer.needed.includes(key)) return null;
    const versions = consumer.versionNeeds.filter((n) => n.file === key).flatMap((n) => n.versions);
    return { symbols: consumer.undefined.filter((s) => !s.weak).map((s) => s.name), versions, ordinals: [] };
  }
  if (consumer.format === 'macho') {
    // Two-level namespace: each import names its library by ordinal; weak imports may be missing.
    const symbols = (consumer.image?.imports ?? []).filter((i) => !i.weakImport && i.library !== null && fileName(i.library).toLowerCase() === key).map((i) => i.name);
    return symbols.length > 0 ? { symbols, versions: [], ordinals: [] } : null;
  }
  const entry = consumer.imports.find((i) => i.dll.toLowerCase() === key);
  if (!entry) return null;
  const symbols: string[] = [];
  const ordinals: number[] = [];
  for (const s of entry.symbols) {
    if (s.kind === 'name') symbols.push(s.name);
    else ordinals.push(s.ordinal);
  }
  return { symbols, versions: [], ordinals };
}

export function definedNames(module: BinaryModule): Set<string> {
  if (module.format === 'elf') return new Set(module.defined.filter((s) => !s.hidden).map((s) => s.name));
  if (module.format === 'macho') return new Set((module.image?.exports ?? []).map((e) => e.name));
  return new Set(module.exports.map((e) => e.name).filter((n): n is string => n !== null));
}

export function definedOrdinals(module: BinaryModule): Set<number> {
  return module.format === 'pe' ? new Set(module.exports.map((e) => e.ordinal)) : new Set();
}

/** What `other` lacks of what `needs` imports from a library, counting unversioned ELF symbols only where `own` defines them. */
export function missingFrom(needs: { symbols: readonly string[]; versions: readonly string[]; ordinals: readonly number[] }, own: BinaryModule, other: BinaryModule): MissingNames | null {
  const provides = definedNames(own);
  const has = definedNames(other);
  const ordinals = definedOrdinals(other);
  const versions = new Set(other.format === 'elf' ? other.versionDefinitions : []);
  const missing = {
    missingSymbols: needs.symbols.filter((s) => provides.has(s) && !has.has(s)),
    missingVersions: needs.versions.filter((v) => !versions.has(v)),
    missingOrdinals: needs.ordinals.filter((o) => !ordinals.has(o)),
  };
  return missing.missingSymbols.length + missing.missingVersions.length + missing.missingOrdinals.length > 0 ? missing : null;
}

async function readAll(paths: readonly string[], read: ReadBinary): Promise<BinaryModule[]> {
  const out: BinaryModule[] = [];
  for (const path of paths.slice(0, MAX_LIBRARIES)) {
    const m = await read(path);
    if (m) out.push(m);
  }
  return out;
}

/**
 * The conflicts that explain why the last import of `inContext` fails while the same import in
 * `alone` succeeds: for each library the failing module loads on its own that an earlier import
 * had already loaded from another file, what the earlier copy lacks. Copies that lack nothing are
 * compatible duplicates and raise nothing.
 */
export async function findContextConflicts(inContext: Replay, alone: Replay, read: ReadBinary): Promise<ContextConflict[]> {
  const own = alone.steps.at(-1)?.loaded ?? [];
  const earlierSteps = inContext.steps.slice(0, -1);
  if (own.length === 0 || earlierSteps.length === 0) return [];
  const ownModules = await readAll(own, read);
  const ownByKey = new Map(ownModules.map((m) => [libraryKey(m), m] as const));
  const conflicts: ContextConflict[] = [];
  for (const [index, step] of earlierSteps.entries()) {
    for (const earlier of await readAll(step.loaded ?? [], read)) {
      const key = libraryKey(earlier);
      const mine = ownByKey.get(key);
      if (!mine || mine.path === earlier.path) continue;
      for (const consumer of ownModules) {
        const needs = importsFrom(consumer, key);
        const missing = needs ? missingFrom(needs, mine, earlier) : null;
        if (missing) conflicts.push({ earlierStep: index, earlierModule: step.module, library: key, earlierCopy: earlier.path, ownCopy: mine.path, consumer: consumer.path, ...missing });
      }
    }
  }
  return conflicts;
}
