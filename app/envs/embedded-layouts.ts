/**
 * Embedded Pythons described from their files: the embeddable distribution, ComfyUI's
 * `python_embeded` and Blender's bundled Python.
 *
 * The embeddable zip (and ComfyUI's copy of it) carries a `._pth` file next to python.exe. CPython's
 * "Finding modules" (https://docs.python.org/3/using/windows.html#finding-modules): a `._pth` named
 * like the shared library (`python311._pth`) or the executable (`python._pth`) replaces sys.path
 * entirely, the library's name winning; one path a line, relative to the file's folder; blank lines
 * and `#` lines are ignored; `site` is imported only when a line says `import site`, which then adds
 * the prefix's `Lib\site-packages`. Blender ships a regular CPython under
 * `<blender>\<version>\python` with python.exe and its DLLs in `bin` and packages in
 * `lib\site-packages` (the layout issue 21 names; not checked here against a Blender download).
 */
import { readDistributions } from './distributions';
import type { EnvHost } from './host';
import { pathsFor } from './paths';
import type { EnvironmentDescription } from './types';
import { english, message } from '../messages';

export type EmbeddedKind = 'embeddable' | 'comfyui' | 'blender';

export interface EmbeddedLayout {
  readonly kind: EmbeddedKind;
  /** The environment's prefix (sys.prefix): the ._pth folder, or Blender's `python` folder. */
  readonly prefix: string;
  readonly interpreter: string | null;
  /** The folder of python.exe and pythonXY.dll: the loader's application folder. */
  readonly applicationDir: string;
  /** sys.path as the ._pth sets it (absolute, in order); empty when no ._pth decides it. */
  readonly sysPath: string[];
  /** The site-packages folders that are on sys.path (existing folders only). */
  readonly sitePackages: string[];
  readonly evidence: string[];
}

/** The lines of a ._pth file: its paths, in order, and whether `import site` is among them. */
export function parsePthFile(text: string): { paths: string[]; importSite: boolean } {
  const paths: string[] = [];
  let importSite = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^import\s+site$/.test(line)) importSite = true;
    // Other import lines are not allowed in a ._pth: they are never a path.
    else if (!/^import\s/.test(line)) paths.push(line);
  }
  return { paths, importSite };
}

/** Recognises an embedded Python in `folder` (or Blender's `<version>` / install folder above it), or null. */
export async function recognizeEmbeddedLayout(host: EnvHost, folder: string): Promise<EmbeddedLayout | null> {
  return (await pthLayout(host, folder)) ?? (await blenderLayout(host, folder));
}

async function pthLayout(host: EnvHost, folder: string): Promise<EmbeddedLayout | null> {
  const p = pathsFor('win32');
  const entries = await host.listDir(folder);
  const lib = entries.find((e) => /^python3\d+\.dll$/i.test(e));
  const exe = entries.find((e) => /^python\.exe$/i.test(e));
  // The shared library's ._pth wins over the executable's.
  const pth = (lib && entries.find((e) => e.toLowerCase() === lib.toLowerCase().replace(/\.dll$/, '._pth'))) ?? (exe && entries.find((e) => e.toLowerCase() === 'python._pth'));
  if (!pth) return null;
  const text = await host.readText(join(folder, pth));
  if (text === null) return null;
  const { paths, importSite } = parsePthFile(text);
  const sysPath = paths.map((line) => (p.isAbsolute(line) ? p.normalize(line) : relativeTo(folder, line)));
  const candidates = sysPath.filter((d) => /site-packages$/i.test(d));
  const siteDir = join(folder, 'Lib', 'site-packages');
  if (importSite) candidates.push(siteDir);
  const sitePackages: string[] = [];
  for (const c of candidates) if ((await host.kind(c)) === 'dir' && !sitePackages.some((s) => s.toLowerCase() === c.toLowerCase())) sitePackages.push(c);
  const comfy = /^python_embed+ed$/i.test(baseName(folder)) || (await host.kind(join(parentOf(folder), 'ComfyUI'))) === 'dir';
  const evidence = [`${comfy ? "ComfyUI's embedded Python" : 'the embeddable distribution'}: ${pth} replaces sys.path (${paths.length} entries${importSite ? ', import site' : ', no import site'})`];
  if (!importSite && sitePackages.length === 0 && (await host.kind(siteDir)) === 'dir') {
    evidence.push(`Lib\\site-packages exists but is not on sys.path: ${pth} neither lists it nor imports site, so nothing installed there can be imported`);
  }
  return { kind: comfy ? 'comfyui' : 'embeddable', prefix: folder, interpreter: exe ? join(folder, exe) : null, applicationDir: folder, sysPath, sitePackages, evidence };
}

async function blenderLayout(host: EnvHost, folder: string): Promise<EmbeddedLayout | null> {
  // The user may add the install folder, the <version> folder, or the bundled python folder itself.
  const candidates = [folder, join(folder, 'python')];
  // Or the bin folder of python.exe itself (discovery and a pasted interpreter path start there).
  if (/^bin$/i.test(baseName(folder))) candidates.unshift(parentOf(folder));
  for (const v of (await host.listDir(folder)).filter((e) => /^\d+\.\d+$/.test(e)).sort().reverse()) candidates.push(join(folder, v, 'python'));
  for (const prefix of candidates) {
    const bin = join(prefix, 'bin');
    const binEntries = await host.listDir(bin);
    const exe = binEntries.find((e) => /^python(3\.\d+)?\.exe$/i.test(e));
    const site = join(prefix, 'lib', 'site-packages');
    if (!exe || (await host.kind(site)) !== 'dir') continue;
    const head = await host.readBytes(join(bin, exe), 2);
    if (!head || head[0] !== 0x4d || head[1] !== 0x5a) continue;
    return {
      kind: 'blender',
      prefix,
      interpreter: join(bin, exe),
      applicationDir: bin,
      sysPath: [],
      sitePackages: [site],
      evidence: [`Blender's bundled Python: bin\\${exe}, lib\\site-packages under ${prefix}`],
    };
  }
  return null;
}

/**
 * Embedded Pythons at their known Windows locations: Blender's installer puts each release in
 * `%ProgramFiles%\Blender Foundation\Blender X.Y`. ComfyUI's portable build and the embeddable
 * zip are unpacked anywhere: they are found when the user adds their folder.
 */
export async function knownEmbeddedInterpreters(host: EnvHost): Promise<{ readonly path: string; readonly detail: string }[]> {
  if (host.platform !== 'win32') return [];
  const out: { path: string; detail: string }[] = [];
  const roots = ['ProgramFiles', 'ProgramW6432'].map((name) => Object.entries(host.env).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]).filter((v): v is string => !!v);
  for (const root of [...new Set(roots)]) {
    const foundation = join(root, 'Blender Foundation');
    for (const install of (await host.listDir(foundation)).sort()) {
      const layout = await blenderLayout(host, join(foundation, install));
      if (layout?.interpreter) out.push({ path: layout.interpreter, detail: `Blender's bundled Python (${join(foundation, install)})` });
    }
  }
  return out;
}

// A Windows folder may be read on Linux: join with the separator the folder already uses.
function join(base: string, ...parts: string[]): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  return parts.reduce((acc, part) => (acc.endsWith(sep) ? `${acc}${part}` : `${acc}${sep}${part}`), base);
}

/** A ._pth line relative to the file's folder, with "." and ".." applied. */
function relativeTo(folder: string, line: string): string {
  let base = folder.replace(/[\\/]+$/, '');
  const parts: string[] = [];
  for (const part of line.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0) parts.pop();
    else if (part === '..') base = parentOf(base);
    else parts.push(part);
  }
  return parts.length > 0 ? join(base, ...parts) : base;
}

function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1) ?? '';
}

function parentOf(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut > 0 ? trimmed.slice(0, cut) : trimmed;
}

/**
 * An offline description read at the embedded Python's application folder, given the layout's own
 * prefix, sys.path and site-packages: packages outside sys.path are not importable, so not listed.
 */
export async function applyEmbeddedLayout(host: EnvHost, description: EnvironmentDescription, layout: EmbeddedLayout): Promise<EnvironmentDescription> {
  const suffixes = description.python?.extensionSuffixes ?? [];
  const names = { embeddable: message('env.offline.embeddable'), comfyui: message('env.offline.comfyui'), blender: message('env.offline.blender') } as const;
  const described = message('env.offline.described.embedded', { layout: names[layout.kind] });
  return {
    ...description,
    id: (await host.realPath(layout.prefix)) ?? layout.prefix,
    message: english(described),
    messages: { message: described },
    prefix: layout.prefix,
    interpreter: layout.interpreter ?? description.interpreter,
    sysPath: layout.sysPath,
    sitePackages: layout.sitePackages,
    distributions: await readDistributions(host, layout.sitePackages, suffixes),
    evidence: [...layout.evidence, ...description.evidence],
  };
}
