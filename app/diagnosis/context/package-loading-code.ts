/**
 * What a package's own Python code does to the DLL search before its extensions load, read from its
 * files without running them (a Windows folder examined on another machine).
 *
 * Recognised, because they are how real packages do it: `os.add_dll_directory` with a folder built
 * from `__file__` (torch's `__init__` adds `torch\lib`), delvewheel's patch (`<name>.libs` next to
 * the package, `os.pardir`), a preload loop over the DLLs of such a folder (torch's
 * `glob(... "*.dll")` with `LoadLibraryExW`/`WinDLL`/`CDLL`), `_distributor_init.py`, and `.pth`
 * bootstraps that import a module at startup (pywin32's `import pywin32_bootstrap`, which adds
 * `pywin32_system32`). A folder is taken only when it exists; a call whose argument is built some
 * other way is listed as not checked, never guessed.
 */
import type { EnvironmentFacts, ExtensionModule, LoadState } from '../facts/facts';
import { english, message, type MessageRef } from '../../messages';

/** File access for reading a package's code (injected: the disk, or a test's folder). */
export interface CodeFiles {
  /** The text of a small file, or null when it cannot be read. */
  readText(path: string): Promise<string | null>;
  /** File names in a folder, or null when it is not a folder. */
  listDir(path: string): Promise<readonly string[] | null>;
}

export interface PackageLoading {
  readonly state: LoadState;
  /** What was recognised, in plain words ("torch/__init__.py: os.add_dll_directory(torch/lib)"). */
  readonly recognised: readonly string[];
  /** Loader calls found whose arguments could not be read. */
  readonly notChecked: readonly string[];
  /** The message behind each of `recognised` and `notChecked`, for the reader's language. */
  readonly messages: { readonly recognised: readonly MessageRef[]; readonly notChecked: readonly MessageRef[] };
}

/** What readLoaderCode gathers; each sentence as its message (the English is made from it at the end). */
interface Gathered {
  readonly dirs: string[];
  readonly loaded: string[];
  readonly recognised: MessageRef[];
  readonly notChecked: MessageRef[];
}

const MAX_SOURCE = 2 * 1024 * 1024;
const LOADER_CALL = /\b(add_dll_directory|LoadLibraryExW|LoadLibraryW|WinDLL|CDLL|cdll\.LoadLibrary)\s*\(/g;

function join(dir: string, ...parts: string[]): string {
  return [dir.replace(/[\\/]+$/, ''), ...parts].join('/');
}

function dirName(path: string): string {
  return path.replace(/[\\/][^\\/]*$/, '');
}

/** The string literals of `os.path.join(<base>, 'a', 'b')` calls, with whether base is __file__'s folder or its parent. */
function joinedFolders(source: string): { parent: boolean; parts: string[] }[] {
  const out: { parent: boolean; parts: string[] }[] = [];
  const call = /os\.path\.join\(\s*(?:os\.path\.dirname\(\s*(?:os\.path\.(?:abspath|realpath)\(\s*)?__file__\s*\)?\s*\)|[A-Za-z_]\w*)\s*((?:,\s*(?:os\.pardir|'[^'\n]*'|"[^"\n]*")\s*)+)\)/g;
  for (const m of source.matchAll(call)) {
    const args = [...(m[1] ?? '').matchAll(/os\.pardir|'([^'\n]*)'|"([^"\n]*)"/g)].map((a) => (a[0] === 'os.pardir' ? '..' : (a[1] ?? a[2] ?? '')));
    const parent = args[0] === '..';
    out.push({ parent, parts: args.filter((a) => a !== '..') });
  }
  return out;
}

async function readSource(files: CodeFiles, path: string): Promise<string | null> {
  const text = await files.readText(path);
  return text !== null && text.length <= MAX_SOURCE ? text : null;
}

/**
 * Reads one Python file for loader calls: the folders it adds, the DLLs it preloads. `site` is the
 * site-packages folder (bootstraps like pywin32's join their folder to it).
 */
async function readLoaderCode(file: string, site: string, files: CodeFiles, out: Gathered): Promise<void> {
  const source = await readSource(files, file);
  if (source === null) return;
  const calls = [...source.matchAll(LOADER_CALL)].map((m) => m[1] as string);
  if (calls.length === 0) return;
  const here = dirName(file);
  const found: string[] = [];
  for (const j of joinedFolders(source)) {
    for (const base of j.parent ? [dirName(here)] : [here, site]) {
      const dir = join(base, ...j.parts);
      const names = await files.listDir(dir);
      if (names && !found.includes(dir)) found.push(dir);
    }
  }
  const rel = file.startsWith(site) ? file.slice(site.length + 1) : file;
  if (calls.includes('add_dll_directory')) {
    for (const dir of found) {
      out.dirs.push(dir);
      out.recognised.push(message('word.verbatim', { text: `${rel}: os.add_dll_directory(${dir})` }));
    }
  }
  // A preload loop over a folder's DLLs (torch: glob(os.path.join(th_dll_path, "*.dll")) then LoadLibraryExW).
  const preloads = calls.some((c) => c !== 'add_dll_directory') && /\*\.dll/i.test(source);
  if (preloads) {
    for (const dir of found) {
      const dlls = ((await files.listDir(dir)) ?? []).filter((n) => /\.dll$/i.test(n)).map((n) => join(dir, n));
      out.loaded.push(...dlls);
      if (dlls.length > 0) out.recognised.push(message('context.loading.preloads', { file: rel, count: dlls.length, folder: dir }));
    }
  }
  if (found.length === 0) out.notChecked.push(message('context.loading.not-from-file', { file: rel, calls: [...new Set(calls)].join(', ') }));
}

/**
 * What a module's package does before the module loads, from its files: the .pth bootstraps of the
 * environment, `_distributor_init.py` and `__init__.py` of each package on the module's way down.
 */
export async function readPackageLoading(env: EnvironmentFacts, ext: ExtensionModule, files: CodeFiles): Promise<PackageLoading> {
  const out: Gathered = { dirs: [], loaded: [], recognised: [], notChecked: [] };
  const parts = ext.module.split('.');
  const path = ext.path.replace(/\\/g, '/');
  // The site-packages folder the extension lies in (a top-level module may sit in a .pth folder such as win32\).
  const sites = env.description.sitePackages.map((p) => p.replace(/\\/g, '/').replace(/\/+$/, ''));
  let site = sites.find((p) => path.toLowerCase().startsWith(`${p.toLowerCase()}/`)) ?? dirName(path);
  if (!sites.includes(site)) for (let i = 1; i < parts.length; i++) site = dirName(site);
  // .pth files run their "import" lines at every start (site.py), before any module loads.
  for (const name of ((await files.listDir(site)) ?? []).filter((n) => n.toLowerCase().endsWith('.pth'))) {
    const text = (await readSource(files, join(site, name))) ?? '';
    for (const line of text.split(/\r?\n/)) {
      const m = /^import\s+([A-Za-z_]\w*)/.exec(line);
      if (!m) continue;
      const module = m[1] as string;
      const candidates = [join(site, `${module}.py`), join(site, module, '__init__.py')];
      for (const c of candidates) await readLoaderCode(c, site, files, out);
    }
  }
  for (let i = 1; i < parts.length; i++) {
    const pkgDir = join(site, ...parts.slice(0, i));
    for (const f of ['_distributor_init.py', '__init__.py']) await readLoaderCode(join(pkgDir, f), site, files, out);
  }
  return {
    state: { loaded: [...new Set(out.loaded)], dllDirectories: [...new Set(out.dirs)] },
    recognised: out.recognised.map(english),
    notChecked: out.notChecked.map(english),
    messages: { recognised: out.recognised, notChecked: out.notChecked },
  };
}
