/**
 * Which package (and which manager) owns a file of the environment.
 *
 * The report shows the owner of every file in a dependency chain so a reader sees at once that the
 * DLL that wins comes from another program, or that pip and conda each brought a copy. Windows
 * paths compare case-insensitively, like the file system they come from.
 */
import type { EnvironmentFacts, PackageFacts } from './facts';
import type { FileOwner } from '../types';
import { envPlatform } from './environment-facts';
import { managersOf } from './package-records';
import { pathKey } from '../../envs';

export function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

export interface OwnerIndex {
  ownerOf(path: string): FileOwner;
  packageOf(path: string): PackageFacts | null;
  /** Files anywhere in the environment with this base name (case-insensitive on Windows). */
  filesNamed(name: string): string[];
}

/** One index per environment description (immutable): --all asks for it once per module. */
const indexes = new WeakMap<EnvironmentFacts, OwnerIndex>();

export function buildOwnerIndex(env: EnvironmentFacts): OwnerIndex {
  let index = indexes.get(env);
  if (!index) indexes.set(env, (index = createOwnerIndex(env)));
  return index;
}

function createOwnerIndex(env: EnvironmentFacts): OwnerIndex {
  const byPath = new Map<string, PackageFacts>();
  const byName = new Map<string, string[]>();
  for (const pkg of env.packages) {
    for (const file of [...pkg.files, ...pkg.extensionModules.map((e) => e.path)]) {
      byPath.set(pathKey(file, envPlatform(env)), pkg);
      const nameKey = baseName(file).toLowerCase();
      const list = byName.get(nameKey) ?? [];
      if (!list.includes(file)) list.push(file);
      byName.set(nameKey, list);
    }
  }
  const prefixKey = pathKey(env.description.prefix, envPlatform(env)).replace(/\/$/, '');
  return {
    packageOf: (path) => byPath.get(pathKey(path, envPlatform(env))) ?? null,
    ownerOf(path) {
      const pkg = byPath.get(pathKey(path, envPlatform(env)));
      if (pkg) {
        const manager = managersOf(pkg).find((m) => m !== 'unknown') ?? 'unknown';
        return { path, package: pkg.name, version: pkg.version, manager };
      }
      const inside = pathKey(path, envPlatform(env)).startsWith(`${prefixKey}/`);
      return { path, package: null, version: null, manager: inside ? 'unknown' : 'system' };
    },
    filesNamed: (name) => byName.get(name.toLowerCase()) ?? [],
  };
}

/** The interpreter's own files: python.exe, pythonXY.dll, the runtime DLLs next to them, DLLs\, Lib\ outside site-packages. */
const INTERPRETER_FILE = /^(python\d*|pythonw|vcruntime140(_\d+)?|msvcp140(_\w+)?|ucrtbase|api-ms-win-.+|libpython\d.*)\.(dll|exe|so(\.[\d.]+)?)$/i;

/**
 * Whether a file may be moved into quarantine by a remedy: it lies inside the environment and is
 * not one of the interpreter's own files. Anything outside the environment belongs to another
 * program or to the system; the interpreter's files are what every import needs.
 */
export function mayQuarantine(path: string, env: EnvironmentFacts): boolean {
  const prefix = pathKey(env.description.prefix, envPlatform(env)).replace(/\/$/, '');
  const file = pathKey(path, envPlatform(env));
  if (!file.startsWith(`${prefix}/`)) return false;
  const relative = file.slice(prefix.length + 1);
  const parts = relative.split('/');
  if (parts.length === 1 && INTERPRETER_FILE.test(parts[0] ?? '')) return false;
  if ((parts[0] ?? '').toLowerCase() === 'dlls') return false;
  if (['lib', 'bin', 'scripts'].includes((parts[0] ?? '').toLowerCase()) && !relative.toLowerCase().includes('/site-packages/') && INTERPRETER_FILE.test(parts.at(-1) ?? '')) return false;
  return true;
}
