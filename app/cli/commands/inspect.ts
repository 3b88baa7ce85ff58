import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { hasProblems, type DependencyGraph, type Finding, type LoadSimulation } from '../../binary/loader-types';
import type { BinaryModule, ElfModule, PeModule } from '../../binary/module-types';
import { parsePythonVersion } from '../../base/python-version';
import { inspectModuleRequestSchema, type InspectedModule, type InspectModuleRequest } from '../../contract/inspect-module';
import type { CliCommand, CliIo, ParsedArgs } from '../command';
import { EngineClient, newJobId } from '../engine-client';
import { formatMacho, machoReaderProblems } from './inspect-macho';
import { ExitCode } from '../exit-codes';
import { SharedGraphPrinter } from './inspect-shared-graph';

const DEFAULT_PYTHON = '3.12';

const usage = `Usage: python-dll-doctor inspect FILE|FOLDER... [options]

Reads compiled modules (Windows .pyd/.dll/.exe/.node, Linux .so), prints each one's imports and
exports, simulates how Python would load it (dependency graph, search path in order) and lists every
finding. A FOLDER is searched recursively for files named like modules (.pyd .dll .exe .node .so .so.N .dylib).

Options:
  --python-version X.Y   Python whose loader rules apply (Windows; default ${DEFAULT_PYTHON}).
                         3.8+ searches the module's folder, python.exe's folder, os.add_dll_directory
                         folders and System32; 3.7 and earlier also PATH.
  --search-path DIR      Windows: a folder added with os.add_dll_directory (a wheel's *.libs,
                         conda's Library\\bin). Linux: an LD_LIBRARY_PATH entry. Repeatable.
  --system-dir DIR       Windows: a folder standing in for System32 (SysWOW64 for 32-bit). Default on
                         Windows: %SystemRoot%\\System32 with the KnownDLLs of the machine's registry
                         and its apisetschema.dll; elsewhere none, and the DLLs Windows always
                         provides (KnownDLLs, API sets, core system DLLs) are marked "system", not checked.
  --interpreter-dir DIR  Windows: python.exe's folder (the application directory); its python.exe also
                         tells the interpreter's CPU (a 32-bit module in a 64-bit Python fails).
  --conda-prefix DIR     Windows: the conda environment (its Python adds five DLL folders).
  --path DIR             Windows: a PATH entry (searched by Python 3.7 and earlier; default on Windows:
                         %PATH%). Repeatable.
  --loaded NAME|FILE     A module already loaded in the process (wins over any folder). Repeatable.
  --json                 JSON Lines: one line per file, {"path", "module", "simulation"} or
                         {"path", "error": {code, path, message}}, in the order given (folders sorted).
                         A graph lists only the nodes (with their edges) no earlier line printed the
                         same way; "sharedNodes" counts the others: keep each node id's latest record
                         and follow the edges from "root" (and "unreachable") to rebuild it;
                         a file whose name is not UTF-8, or a link to a module file that leaves the
                         folder or does not resolve: {"path", "skipped": {code, message}}. Links to
                         module files inside the folder are followed; links to folders are not.

Exit codes: 0 nothing wrong, 3 findings, 1 a file cannot be read (or a folder holds no module),
2 bad command line.`;

/** File names a folder walk picks up: what Python, Node or Windows load as a module or DLL. */
const MODULE_FILE = /\.(pyd|dll|exe|node|so|dylib)(\.\d+)*$/i;
/** Folders nested deeper than this are not walked (a symlink loop, a pathological tree). */
const MAX_DEPTH = 32;
/** Files read at a time. */
const CONCURRENCY = 8;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A link named like a module that the folder walk did not follow, and why. */
interface BadLink {
  readonly path: string;
  readonly code: 'link-unresolved' | 'link-outside-folder' | 'link-not-a-file';
  readonly message: string;
}

/**
 * The files named, with every folder replaced by the module files under it (sorted, recursively).
 * Names that are not UTF-8 cannot be passed on by name; module files and folders so named are listed
 * in `badNames`, not dropped without a word.
 */
async function expand(paths: readonly string[]): Promise<{ files: string[]; emptyFolders: string[]; badNames: string[]; badLinks: BadLink[] }> {
  const files: string[] = [];
  const emptyFolders: string[] = [];
  const badNames: string[] = [];
  const badLinks: BadLink[] = [];
  let top = '';
  const walk = async (dir: string, depth: number, out: string[]): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
    const named: { name: string; entry: (typeof entries)[number] }[] = [];
    for (const entry of entries) {
      let name: string;
      try {
        name = utf8.decode(entry.name);
      } catch {
        const shown = Buffer.from(entry.name).toString('latin1');
        // Only what the walk would have taken: a folder, or a file named like a module.
        if (entry.isDirectory() || MODULE_FILE.test(shown)) badNames.push(join(dir, shown));
        continue;
      }
      named.push({ name, entry });
    }
    named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const { name, entry } of named) {
      const full = join(dir, name);
      if (entry.isDirectory()) await walk(full, depth + 1, out);
      else if (entry.isFile() && MODULE_FILE.test(name)) out.push(full);
      else if (entry.isSymbolicLink() && MODULE_FILE.test(name)) {
        // Followed only to a file inside the folder given: a link must not make inspect read /dev/zero or
        // another user's files. Links to folders are never followed (a loop cannot trap the walk).
        const target = await realpath(full).catch(() => null);
        const info = target ? await stat(target).catch(() => null) : null;
        if (!target || !info) badLinks.push({ path: full, code: 'link-unresolved', message: `${full}: skipped, it is a link that does not resolve (a loop, or its target is missing)` });
        else if (target !== top && !target.startsWith(top.endsWith(sep) ? top : top + sep)) badLinks.push({ path: full, code: 'link-outside-folder', message: `${full}: skipped, it is a link to ${target}, outside the folder given; name that file itself to inspect it` });
        else if (!info.isFile()) badLinks.push({ path: full, code: 'link-not-a-file', message: `${full}: skipped, it is a link to ${target}, which is not a regular file` });
        else out.push(full);
      }
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      top = await realpath(path).catch(() => path);
      const found: string[] = [];
      await walk(path, 0, found);
      if (found.length === 0) emptyFolders.push(path);
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  return { files: [...new Set(files)], emptyFolders, badNames, badLinks };
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

function single(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** `python-dll-doctor inspect`: each module's tables, its simulated load, and the findings. */
export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'Show a PE/ELF module\'s imports and exports and simulate loading it (missing DLLs, procedures, symbols)',
  usage,
  allowPositionals: true,
  options: {
    'python-version': { type: 'string' },
    'search-path': { type: 'string', multiple: true },
    'system-dir': { type: 'string' },
    'interpreter-dir': { type: 'string' },
    'conda-prefix': { type: 'string' },
    path: { type: 'string', multiple: true },
    loaded: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
  async run(args: ParsedArgs, io: CliIo): Promise<number> {
    if (args.positionals.length === 0) {
      io.stderr(`inspect needs at least one FILE or FOLDER.\n\n${usage}\n`);
      return ExitCode.usage;
    }
    const pythonVersion = single(args.values['python-version']) ?? DEFAULT_PYTHON;
    try {
      parsePythonVersion(pythonVersion);
    } catch (error) {
      io.stderr(`--python-version: ${(error as Error).message}\n`);
      return ExitCode.usage;
    }
    const abs = (p: string): string => (isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p) ? p : resolve(io.cwd, p));
    // The operation's own schema, asked before any file is read: a value it refuses is a bad command line.
    const rules = rulesOf(args, abs, newJobId());
    const checked = inspectModuleRequestSchema.safeParse({ ...rules, path: io.cwd });
    if (!checked.success) {
      io.stderr(`${checked.error.issues.map((i) => `${optionOf[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`).join('\n')}\n`);
      return ExitCode.usage;
    }
    const json = args.values.json === true;
    const { files, emptyFolders, badNames, badLinks } = await expand(args.positionals.map(abs));
    let failed = emptyFolders.length > 0;
    for (const name of badNames) {
      const message = `${name}: skipped, its name is not valid UTF-8 (shown here byte by byte as Latin-1); rename it to inspect it`;
      if (json) io.stdout(`${JSON.stringify({ path: name, skipped: { code: 'name-not-utf8', message } })}\n`);
      else io.stderr(`skipped: ${message}\n`);
      failed = true;
    }
    for (const link of badLinks) {
      if (json) io.stdout(`${JSON.stringify({ path: link.path, skipped: { code: link.code, message: link.message } })}\n`);
      else io.stderr(`skipped: ${link.message}\n`);
      failed = true;
    }
    for (const folder of emptyFolders) {
      if (json) io.stdout(`${JSON.stringify({ path: folder, error: { code: 'no-modules', path: folder, message: `${folder}: no module files (.pyd .dll .exe .node .so .dylib) in this folder or below` } })}\n`);
      else io.stderr(`error: ${folder}: no module files (.pyd .dll .exe .node .so .dylib) in this folder or below\n`);
    }
    // One run (one runId): every dependency is read once however many files need it, the ld.so cache once.
    const client = new EngineClient(io);
    const inspectOne = async (path: string): Promise<InspectResult> => ({ path, ...(await client.call('inspectModule', { ...rules, path })) });
    let problems = false;
    // JSON lines print each node of the files' shared graph once (see inspect-shared-graph.ts).
    const graphs = new SharedGraphPrinter();
    // Files are read a few at a time; results are printed in order as soon as they are complete.
    const results: (Promise<InspectResult> | undefined)[] = [];
    let next = 0;
    const start = (): void => {
      if (next < files.length) results.push(inspectOne(files[next++] as string));
    };
    for (let i = 0; i < CONCURRENCY; i++) start();
    for (let i = 0; i < files.length; i++) {
      const result = await (results[i] as Promise<InspectResult>);
      // Not kept once printed: memory holds the files in flight, not every result of the run.
      results[i] = undefined;
      start();
      if ('error' in result) {
        failed = true;
        const e = result.error;
        if (json) io.stdout(`${JSON.stringify({ path: result.path, error: { code: e.code, path: e.path, message: e.message } })}\n`);
        else io.stderr(`error: ${e.message}\n`);
        continue;
      }
      problems ||= result.simulation ? hasProblems(result.simulation) : result.module.format === 'macho' && machoReaderProblems(result.module);
      if (json) io.stdout(`${JSON.stringify({ path: result.path, module: result.module, simulation: result.simulation ? { ...result.simulation, graph: graphs.print(result.simulation.graph) } : result.simulation })}\n`);
      else io.stdout(`${i > 0 ? '\n' : ''}${formatReport(result.module, result.simulation)}`);
      // Streamed: the next file is printed only once the reader has taken this one.
      await io.stdoutDrained?.();
      // A turn of the event loop per file: without it a folder is one chain of microtasks, and V8's
      // garbage collector, whose finishing steps run as tasks between turns, lets the heap grow.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return failed ? ExitCode.error : problems ? ExitCode.problemFound : ExitCode.ok;
  },
};

type InspectResult = { readonly path: string } & InspectedModule;

/** The command-line option behind each field of the request, for a usage error. */
const optionOf: Record<string, string> = {
  pythonVersion: '--python-version',
  searchPath: '--search-path',
  systemDir: '--system-dir',
  interpreterDir: '--interpreter-dir',
  condaPrefix: '--conda-prefix',
  pathDirs: '--path',
  loaded: '--loaded',
};

/** The loader rules the options name, the same for every file of the run (paths made absolute from the current folder). */
function rulesOf(args: ParsedArgs, abs: (p: string) => string, runId: string): Omit<InspectModuleRequest, 'path'> {
  const given = (name: string): string | null => {
    const value = single(args.values[name]);
    return value === null ? null : abs(value);
  };
  return {
    runId,
    pythonVersion: single(args.values['python-version']) ?? DEFAULT_PYTHON,
    searchPath: list(args.values['search-path']).map(abs),
    systemDir: given('system-dir'),
    interpreterDir: given('interpreter-dir'),
    condaPrefix: given('conda-prefix'),
    pathDirs: list(args.values.path),
    // A name with a folder in it is that file; a bare name is whatever file of that name is loaded.
    loaded: list(args.values.loaded).map((l) => (/[\\/]/.test(l) ? { name: l.split(/[\\/]/).pop() ?? l, path: abs(l) } : { name: l })),
  };
}

/** The human-readable report: module tables, search path, dependency tree, findings. */
export function formatReport(module: BinaryModule, simulation: LoadSimulation | null): string {
  const lines: string[] = [];
  if (module.format === 'macho' || !simulation) {
    // Mach-O files are read, not yet simulated: their tables are the whole report.
    if (module.format === 'macho') formatMacho(module, lines);
    return `${lines.join('\n')}\n`;
  }
  if (module.format === 'pe') formatPe(module, lines);
  else formatElf(module, lines);
  lines.push('', 'Search path, in order:');
  simulation.searchPath.forEach((d, i) => lines.push(`  ${i + 1}. ${d.dir}  [${d.reason}${d.orderUnspecified ? ', order among these unspecified' : ''}]`));
  lines.push('', 'Dependency graph:');
  formatTree(simulation.graph, lines);
  lines.push('', simulation.findings.length === 0 ? 'Findings: none, the module should load.' : 'Findings:');
  for (const f of simulation.findings) lines.push(`  [${f.severity}] ${f.kind}${codeOf(f)}: ${f.message}`);
  return `${lines.join('\n')}\n`;
}

function codeOf(f: Finding): string {
  return 'code' in f ? ` (error ${f.code})` : '';
}

function formatPe(m: PeModule, lines: string[]): void {
  lines.push(`${m.path}`, `  PE ${m.machine} (${m.bitness}-bit) ${m.isDll ? 'DLL' : 'EXE'}, ${m.fileSize} bytes${m.exportName ? `, export name ${m.exportName}` : ''}`);
  for (const s of m.sxsDependencies) lines.push(`  side-by-side assembly: ${s.name} ${s.version ?? ''} ${s.processorArchitecture ?? ''}`.trimEnd());
  lines.push('', `Imports (${m.imports.length} DLLs):`);
  for (const imp of m.imports) {
    lines.push(`  ${imp.dll}${imp.delayLoad ? ' (delay-load)' : ''}${imp.apiSet ? ' (API set)' : ''}: ${imp.symbols.length} symbols`);
    for (const s of imp.symbols) lines.push(`    ${s.kind === 'name' ? s.name : `#${s.ordinal}`}`);
  }
  lines.push('', `Exports (${m.exports.length}):`);
  for (const e of m.exports) lines.push(`  ${String(e.ordinal).padStart(5)} ${e.name ?? '(no name)'}${e.forwarder ? ` -> ${e.forwarder}` : ''}`);
}

function formatElf(m: ElfModule, lines: string[]): void {
  lines.push(`${m.path}`, `  ELF${m.elfClass} ${m.machine} ${m.type}, ${m.fileSize} bytes${m.soname ? `, soname ${m.soname}` : ''}`);
  if (m.rpath.length > 0) lines.push(`  RPATH ${m.rpath.join(':')}`);
  if (m.runpath.length > 0) lines.push(`  RUNPATH ${m.runpath.join(':')}`);
  lines.push('', `Needed (${m.needed.length}):`, ...m.needed.map((n) => `  ${n}`));
  for (const need of m.versionNeeds) lines.push(`  ${need.file} versions: ${need.versions.join(', ')}`);
  lines.push('', `Undefined symbols (${m.undefined.length}):`, ...m.undefined.map((s) => `  ${s.name}${s.version ? `@${s.version}` : ''}${s.weak ? ' (weak)' : ''}`));
  lines.push('', `Defined symbols (${m.defined.length}):`, ...m.defined.map((s) => `  ${s.name}${s.version ? `${s.hidden ? '@' : '@@'}${s.version}` : ''}`));
}

function formatTree(graph: DependencyGraph, lines: string[]): void {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const children = new Map<string, typeof graph.edges[number][]>();
  for (const e of graph.edges) children.set(e.from, [...(children.get(e.from) ?? []), e]);
  const printed = new Set<string>();
  const walk = (id: string, depth: number, via: typeof graph.edges[number] | null): void => {
    const node = nodes.get(id);
    if (!node) return;
    const where = node.path ?? (node.resolution === 'not-found' ? 'NOT FOUND' : `(${node.resolution}, not checked)`);
    const flags = [via?.delayLoad ? 'delay-load' : '', via && via.missingSymbols.length > 0 ? `MISSING ${via.missingSymbols.length} symbols` : '', node.resolution].filter(Boolean).join(', ');
    const repeat = printed.has(id) && (children.get(id)?.length ?? 0) > 0;
    lines.push(`${'  '.repeat(depth + 1)}${via ? via.importName : node.name} => ${where}${flags ? ` [${flags}]` : ''}${repeat ? ' (see above)' : ''}`);
    if (printed.has(id)) return;
    printed.add(id);
    for (const e of children.get(id) ?? []) walk(e.to, depth + 1, e);
  };
  walk(graph.root, 0, null);
}
