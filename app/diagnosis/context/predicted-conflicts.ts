/**
 * Load-order conflicts predicted from the files, before a program finds them: the native libraries
 * that several packages of the environment each ship under the same name, and for each pair, whether
 * one package's modules would still load if the other package's copy were loaded first.
 *
 * A process holds one library per name (a SONAME on Linux, a DLL name on Windows), so whichever
 * package is imported first decides which copy every later module gets. This works from the files
 * alone, so it also serves a Windows folder examined on another machine. Copies that define
 * everything their users import from them are compatible duplicates and raise nothing.
 */
import type { EnvironmentFacts, PackageFacts } from '../facts/facts';
import { importsFrom, libraryKey, missingFrom, type MissingNames, type ReadBinary } from './conflict';

export interface PredictedConflict extends MissingNames {
  readonly library: string;
  /** The package whose module would fail, its file that imports the library, and its own copy. */
  readonly victim: PackageFacts;
  readonly consumer: string;
  readonly ownCopy: string;
  /** The package whose copy, loaded first, lacks what the consumer needs. */
  readonly other: PackageFacts;
  readonly otherCopy: string;
  /** A file of the other package that loads its copy (so importing that package loads it). */
  readonly otherConsumer: string;
  /** The victim's copy defines everything the other package's files import from it: importing the victim first works. */
  readonly victimFirstWorks: boolean;
}

const NATIVE = /\.(dll|pyd|so)(\.[\d.]+)?$|\.so\./i;
/** At most this many same-named groups are examined (a bound for huge environments). */
const MAX_GROUPS = 200;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

interface Copy {
  readonly pkg: PackageFacts;
  readonly path: string;
}

/** Native files of each package, grouped by file name where at least two packages ship one. */
function sameNamedCopies(env: EnvironmentFacts): Map<string, Copy[]> {
  const groups = new Map<string, Copy[]>();
  for (const pkg of env.packages) {
    const extensions = new Set(pkg.extensionModules.map((e) => e.path));
    for (const path of pkg.files) {
      if (extensions.has(path) || !NATIVE.test(fileName(path))) continue;
      const key = fileName(path).toLowerCase();
      const list = groups.get(key) ?? [];
      if (!list.some((c) => c.pkg === pkg)) list.push({ pkg, path });
      groups.set(key, list);
    }
  }
  for (const [key, list] of groups) if (list.length < 2) groups.delete(key);
  return groups;
}

/** The native files of `pkg` (extension modules and libraries) that import from a library named `key`. */
async function consumersOf(pkg: PackageFacts, key: string, read: ReadBinary) {
  const out = [];
  const files = new Set([...pkg.files.filter((f) => NATIVE.test(fileName(f))), ...pkg.extensionModules.map((e) => e.path)]);
  for (const path of files) {
    const m = await read(path);
    const needs = m ? importsFrom(m, key) : null;
    if (m && needs) out.push({ path, needs });
  }
  return out;
}

/** Every pair of same-named copies where one package's modules would fail after the other's import. */
export async function predictConflicts(env: EnvironmentFacts, read: ReadBinary, onlyPackage: string | null = null): Promise<PredictedConflict[]> {
  const out: PredictedConflict[] = [];
  const groups = [...sameNamedCopies(env).values()].slice(0, MAX_GROUPS);
  for (const copies of groups) {
    const modules = new Map<string, Awaited<ReturnType<ReadBinary>>>();
    for (const c of copies) modules.set(c.path, await read(c.path));
    for (const mine of copies) {
      if (onlyPackage !== null && mine.pkg.name !== onlyPackage) continue;
      const own = modules.get(mine.path);
      if (!own) continue;
      const key = libraryKey(own);
      const consumers = await consumersOf(mine.pkg, key, read);
      for (const theirs of copies) {
        const their = modules.get(theirs.path);
        if (theirs.pkg === mine.pkg || !their || libraryKey(their) !== key) continue;
        const theirConsumers = await consumersOf(theirs.pkg, key, read);
        const loader = theirConsumers[0];
        if (!loader) continue;
        // The other way round: does the victim's copy have what the other package's files import?
        const victimFirstWorks = theirConsumers.every((c) => missingFrom(c.needs, their, own) === null);
        for (const consumer of consumers) {
          const missing = missingFrom(consumer.needs, own, their);
          if (missing) out.push({ library: key, victim: mine.pkg, consumer: consumer.path, ownCopy: mine.path, other: theirs.pkg, otherCopy: theirs.path, otherConsumer: loader.path, victimFirstWorks, ...missing });
        }
      }
    }
  }
  return out;
}
