import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { MachoImage } from '../../../app/binary/macho-types';

const run = promisify(execFile);

/** The reference: Debian's llvm-objdump 19 (package llvm-19), which has --macho --chained-fixups --exports-trie. */
export const LLVM_OBJDUMP = 'llvm-objdump-19';

/** What llvm-objdump says about one Mach-O slice, in a notation both sides can produce. */
export interface MachoFacts {
  /** "EXECUTE 18 NOUNDEFS DYLDLINK TWOLEVEL PIE": filetype, ncmds and the flag names. */
  readonly header: { readonly filetype: string; readonly ncmds: number; readonly twoLevel: boolean };
  /** LC_* names in order (unknown commands as "?(0x...)"). */
  readonly commands: string[];
  /** "LC_LOAD_DYLIB name current compat" in order. */
  readonly dylibs: string[];
  readonly id: string | null;
  readonly rpaths: string[];
  /** "build-version macos 11.0 11.0" / "version-min 10.13 10.15". */
  readonly minOs: string | null;
  /** Exports: "name [flags] -> reexport", sorted. Addresses relative to the image base. */
  readonly exports: string[];
  /** Imports from chained fixups: "ordinal weak name addend", in table order; null when the image has none. */
  readonly chainedImports: string[] | null;
  /** imports_format of the chained fixups header (1, 2 or 3), or null. */
  readonly chainedFormat: number | null;
  /** Imports from bind opcodes: "table|name|dylib short name|weak|addend", distinct, sorted. */
  readonly boundImports: string[];
}

const FILE_TYPES: Record<string, string> = {
  OBJECT: 'object', EXECUTE: 'execute', DYLIB: 'dylib', BUNDLE: 'bundle', DYLINKER: 'dylinker', DSYM: 'dsym', KEXTBUNDLE: 'kext-bundle',
};

async function objdump(path: string, arch: string | null, flags: readonly string[]): Promise<string> {
  const { stdout } = await run(LLVM_OBJDUMP, ['--macho', ...(arch ? [`--arch=${arch}`] : []), ...flags, path], { maxBuffer: 512 << 20 });
  return stdout;
}

/** Runs llvm-objdump on one file (one slice of a universal file with `arch`) and parses what it prints. */
export async function objdumpMachoFacts(path: string, arch: string | null): Promise<MachoFacts> {
  const [headers, exportsText, chained, bind, lazy, weak] = await Promise.all([
    objdump(path, arch, ['--private-headers']),
    objdump(path, arch, ['--exports-trie']),
    objdump(path, arch, ['--chained-fixups']),
    objdump(path, arch, ['--bind']),
    objdump(path, arch, ['--lazy-bind']),
    objdump(path, arch, ['--weak-bind']),
  ]);
  const parsed = parseHeaders(headers);
  return {
    ...parsed.facts,
    exports: parseExports(exportsText, parsed.base),
    chainedImports: parseChained(chained),
    chainedFormat: /imports_format = (\d)/.exec(chained) ? Number(/imports_format = (\d)/.exec(chained)?.[1]) : null,
    boundImports: [...parseBind(bind, 'bind'), ...parseBind(lazy, 'lazy-bind'), ...parseBind(weak, 'weak-bind')].sort(),
  };
}

function parseHeaders(text: string): { facts: Omit<MachoFacts, 'exports' | 'chainedImports' | 'chainedFormat' | 'boundImports'>; base: number } {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('Mach header'));
  const header = (lines[headerAt + 2] ?? '').trim().split(/\s+/);
  const flags = header.slice(7);
  const commands: string[] = [];
  const dylibs: string[] = [];
  const rpaths: string[] = [];
  let id: string | null = null;
  let minOs: string | null = null;
  let base: number | null = null;
  // Each load command is a block of "key value" lines after "Load command N".
  const blocks: Map<string, string>[] = [];
  for (const line of lines.slice(headerAt + 3)) {
    if (/^Load command \d+$/.test(line)) blocks.push(new Map());
    else if (/^Section$/.test(line)) blocks.push(new Map([['section', '']]));
    else {
      const m = /^\s*(\S+(?: version| stamp)?)\s+(.*)$/.exec(line);
      const block = blocks.at(-1);
      if (m && block && !block.has(m[1] as string)) block.set(m[1] as string, m[2] as string);
    }
  }
  const version = (v: string | undefined): string => (v === 'n/a' || v === undefined ? '0.0' : v);
  for (const b of blocks) {
    if (b.has('section')) continue;
    const cmd = b.get('cmd') ?? '?';
    commands.push(cmd);
    const name = (b.get('name') ?? '').replace(/ \(offset \d+\)$/, '');
    if (cmd === 'LC_ID_DYLIB') id = `${name} ${b.get('current version')} ${b.get('compatibility version')}`;
    else if (/^LC_(LOAD|LOAD_WEAK|REEXPORT|LAZY_LOAD|LOAD_UPWARD)_DYLIB$/.test(cmd)) dylibs.push(`${cmd} ${name} ${b.get('current version')} ${b.get('compatibility version')}`);
    else if (cmd === 'LC_RPATH') rpaths.push((b.get('path') ?? '').replace(/ \(offset \d+\)$/, ''));
    else if (cmd === 'LC_BUILD_VERSION') minOs = `build-version ${b.get('platform')} ${version(b.get('minos'))} ${version(b.get('sdk'))}`;
    else if (/^LC_VERSION_MIN_/.test(cmd) && !minOs?.startsWith('build-version')) minOs = `version-min ${version(b.get('version'))} ${version(b.get('sdk'))}`;
    else if ((cmd === 'LC_SEGMENT_64' || cmd === 'LC_SEGMENT') && base === null && b.get('fileoff') === '0' && b.get('filesize') !== '0') {
      base = Number(b.get('vmaddr'));
    }
  }
  return {
    facts: { header: { filetype: FILE_TYPES[header[4] ?? ''] ?? (header[4] ?? ''), ncmds: Number(header[5]), twoLevel: flags.includes('TWOLEVEL') }, commands, dylibs, id, rpaths, minOs },
    base: base ?? 0,
  };
}

function parseExports(text: string, base: number): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(?:\[re-export\] |0x([0-9A-F]+) {2})(.*)$/.exec(line);
    if (!m) continue;
    let rest = m[2] as string;
    let reexport = '';
    const from = / \((?:(.*) )?from (\S+)\)$/.exec(rest);
    if (m[1] === undefined && from) {
      reexport = ` -> ${from[2]}:${from[1] ?? ''}`;
      rest = rest.slice(0, from.index);
    }
    let flags = '';
    const f = / \[([^\]]*)\]$/.exec(rest);
    if (f) {
      flags = ` [${(f[1] as string).replace(/resolver=0x[0-9A-F]+/, 'resolver')}]`;
      rest = rest.slice(0, f.index);
    }
    const address = m[1] === undefined ? '' : `@${(Number.parseInt(m[1], 16) - base).toString(16)} `;
    out.push(`${address}${rest}${flags}${reexport}`);
  }
  return out.sort();
}

function parseChained(text: string): string[] | null {
  if (!text.includes('chained fixups header')) return null;
  const out: string[] = [];
  // llvm-objdump 19 decodes DYLD_CHAINED_IMPORT_ADDEND64 with the wrong bit positions for
  // weak_import and name_offset (https://github.com/llvm/llvm-project/issues/180166): for that
  // format only the ordinal and the addend are compared (macho-reader.test.ts checks the names).
  const addend64 = /imports_format = 3\b/.test(text);
  const re = /dyld chained import(?: addend(?:64)?)?\[\d+\]\n\s+lib_ordinal = (-?\d+)[^\n]*\n\s+weak_import = (\d)\n\s+name_offset = \d+ \((.*)\)(?:\n\s+addend\s+= (-?\S+))?/g;
  for (const m of text.matchAll(re)) {
    const addend = m[4] === undefined ? 0 : Number(m[4]);
    out.push(addend64 ? `${m[1]} ${addend}` : `${m[1]} ${m[2]} ${m[3]} ${addend}`);
  }
  return out;
}

function parseBind(text: string, table: 'bind' | 'lazy-bind' | 'weak-bind'): string[] {
  const out = new Set<string>();
  for (const line of text.split('\n')) {
    if (table === 'bind') {
      const m = /^\S+\s+\S+\s+0x[0-9A-F]+\s+\S+\s+(-?\d+)\s+(\S+)\s+(.+?)( \(weak_import\))?$/.exec(line);
      if (m) out.add(`bind|${m[3]}|${m[2]}|${m[4] ? 1 : 0}|${m[1]}`);
    } else if (table === 'lazy-bind') {
      // llvm-objdump prints no weak_import mark in the lazy-bind table: '?' matches either.
      const m = /^\S+\s+\S+\s+0x[0-9A-F]+\s+(\S+)\s+(.+?)$/.exec(line);
      if (m) out.add(`lazy-bind|${m[2]}|${m[1]}|?|0`);
    } else {
      const m = /^\S+\s+\S+\s+0x[0-9A-F]+\s+\S+\s+(-?\d+)\s+(.+?)$/.exec(line);
      if (m) out.add(`weak-bind|${m[2]}|weak|0|${m[1]}`);
    }
  }
  return [...out];
}

/** llvm-objdump's name for a library ordinal: the special names, or a short name that prefixes the file name. */
function ordinalMatches(short: string, ordinal: number, library: string | null): boolean {
  const special: Record<number, string> = { 0: 'this-image', [-1]: 'main-executable', [-2]: 'flat-namespace', [-3]: 'weak' };
  if (ordinal <= 0) return special[ordinal] === short;
  const file = (library ?? '').split('/').at(-1) ?? '';
  return file.startsWith(short);
}

/** Our reader's result in llvm-objdump's notation. */
export function readerFacts(image: MachoImage, chainedFormat: number | null): MachoFacts {
  const dylibCommand = { load: 'LC_LOAD_DYLIB', weak: 'LC_LOAD_WEAK_DYLIB', reexport: 'LC_REEXPORT_DYLIB', lazy: 'LC_LAZY_LOAD_DYLIB', upward: 'LC_LOAD_UPWARD_DYLIB' } as const;
  const filetype = image.filetype === 'execute' ? 'execute' : image.filetype;
  return {
    header: { filetype, ncmds: image.loadCommands.length, twoLevel: image.twoLevelNamespace },
    commands: image.loadCommands.map((c) => c.name ?? `?(0x${c.cmd.toString(16)})`),
    dylibs: image.dylibs.map((d) => `${dylibCommand[d.kind]} ${d.name} ${d.currentVersion.text} ${d.compatibilityVersion.text}`),
    id: image.id ? `${image.id.name} ${image.id.currentVersion.text} ${image.id.compatibilityVersion.text}` : null,
    rpaths: [...image.rpaths],
    minOs: image.minOs ? `${image.minOs.source}${image.minOs.source === 'build-version' ? ` ${image.minOs.platform}` : ''} ${image.minOs.minos.text} ${image.minOs.sdk.text}` : null,
    exports: image.exports.map((e) => {
      const flags = [e.weakDefinition ? 'weak_def' : '', e.kind === 'thread-local' ? 'per-thread' : '', e.kind === 'absolute' ? 'absolute' : '', e.resolver !== null ? 'resolver' : ''].filter(Boolean);
      const reexport = e.reexport ? ` -> ${shortName(e.reexport.library)}:${e.reexport.importName === e.name ? '' : e.reexport.importName}` : '';
      return `${e.address === null ? '' : `@${e.address.toString(16)} `}${e.name}${flags.length ? ` [${flags.join(', ')}]` : ''}${reexport}`;
    }).sort(),
    chainedImports: image.importsSource === 'chained-fixups'
      ? image.imports.map((i) => (chainedFormat === 3 ? `${i.libraryOrdinal} ${i.addend}` : `${i.libraryOrdinal} ${i.weakImport ? 1 : 0} ${i.name} ${i.addend}`))
      : null,
    chainedFormat,
    boundImports: [],
  };
}

/** Checks our bind imports against llvm-objdump's lines; returns the lines that do not match (empty when all agree). */
export function compareBoundImports(image: MachoImage, objdumpLines: readonly string[]): string[] {
  const ours = image.importsSource === 'dyld-info' ? image.imports : [];
  const problems: string[] = [];
  const matched = new Set<number>();
  for (const line of objdumpLines) {
    const [table, name, short, weak, addend] = line.split('|') as [string, string, string, string, string];
    const index = ours.findIndex((i) => i.source === table && i.name === name && (weak === '?' || (i.weakImport ? '1' : '0') === weak) && String(i.addend) === addend
      && ordinalMatches(short, i.libraryOrdinal, i.library));
    if (index < 0) problems.push(`objdump has ${line}, the reader does not`);
    else matched.add(index);
  }
  ours.forEach((i, index) => {
    if (!matched.has(index)) problems.push(`the reader has ${i.source}|${i.name}|${i.library ?? i.lookup}|${i.weakImport ? 1 : 0}|${i.addend}, objdump does not`);
  });
  return problems;
}

/** llvm's short name of a dylib for re-export lines: the framework name, or the file name up to its version. */
function shortName(library: string | null): string {
  if (!library) return 'unknown';
  const framework = /([^/]+)\.framework\//.exec(library);
  if (framework) return framework[1] as string;
  let file = library.split('/').at(-1) ?? library;
  file = file.replace(/\.dylib$/, '').replace(/(_debug|_profile)$/, '');
  return file.length >= 3 && file[file.length - 2] === '.' ? file.slice(0, -2) : file;
}
