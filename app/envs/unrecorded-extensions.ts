/**
 * Extension modules on disk that no installer record lists (copied in by hand, `setup.py install`
 * without a RECORD, a build left in place), so that `diagnose --all` checks them too.
 *
 * The walk is bounded: links are not followed (a link loop cannot trap it), metadata and cache folders
 * are not entered, at most MAX_SCANNED entries and MAX_DEPTH levels are looked at, and names that are
 * not UTF-8 are counted and reported instead of being dropped without a word.
 */
import { readdir } from 'node:fs/promises';
import { isExtensionModule } from './distributions';
import type { PathApi } from './paths';
import type { UnrecordedScan } from './types';

export const MAX_SCANNED = 200_000;
const MAX_DEPTH = 12;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Extension modules under `siteFolders` whose absolute path is not in `recorded`. Real file system only
 * (a fake or offline host describes no such files).
 */
export async function findUnrecordedExtensions(p: PathApi, siteFolders: readonly string[], suffixes: readonly string[], recorded: ReadonlySet<string>): Promise<UnrecordedScan> {
  const modules: { module: string; path: string }[] = [];
  const badNames: string[] = [];
  let scanned = 0;
  let truncated = false;
  const walk = async (site: string, dir: string, parts: readonly string[]): Promise<void> => {
    if (parts.length > MAX_DEPTH || truncated) return;
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    for (const entry of entries) {
      if (++scanned > MAX_SCANNED) {
        truncated = true;
        return;
      }
      let name: string;
      try {
        name = utf8.decode(entry.name);
      } catch {
        badNames.push(p.join(dir, Buffer.from(entry.name).toString('latin1')));
        continue;
      }
      if (entry.isDirectory()) {
        if (name === '__pycache__' || name.endsWith('.dist-info') || name.endsWith('.egg-info') || name.startsWith('.')) continue;
        // A folder whose name is no identifier holds no importable module (bin, share, *.libs, *.data).
        if (!/^[A-Za-z_]\w*$/.test(name)) continue;
        await walk(site, p.join(dir, name), [...parts, name]);
        continue;
      }
      if (!entry.isFile() || !isExtensionModule(name, suffixes)) continue;
      const file = p.join(dir, name);
      if (recorded.has(file)) continue;
      const stem = name.split('.')[0] ?? '';
      if (!/^[A-Za-z_]\w*$/.test(stem)) continue;
      modules.push({ module: [...parts, stem].join('.'), path: file });
    }
  };
  for (const site of siteFolders) await walk(site, site, []);
  modules.sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
  return { modules, badNames, truncated };
}
