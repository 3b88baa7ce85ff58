import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CaseSpec, DllSpec, Folder, ImportSpec } from './case-generator';

const run = promisify(execFile);

/**
 * Builds the generated cases with mingw-w64 into a Wine prefix's C: drive: one assembly file and
 * one .def per DLL (exports, ordinals, forwarders), an import library per imported DLL (dlltool;
 * `-y` for delay-load), then the damage a case asks for. Built files are cached by the hash of
 * everything that goes into them, so a rerun links only what changed.
 */

/** The folder (relative to C:\) a case's file goes to. */
export function folderOf(c: CaseSpec, folder: Folder): string {
  switch (folder) {
    case 'module': return `cases/c${c.id}/pkg`;
    case 'app': return 'py';
    case 'add': return `cases/c${c.id}/add`;
    case 'conda': return `cases/c${c.id}/env/Library/bin`;
    case 'path': return `cases/c${c.id}/path`;
    case 'system': return 'windows/system32';
    case 'nowhere': return `cases/c${c.id}/elsewhere`;
    case 'assembly': return `cases/c${c.id}/pkg/${assemblyName(c)}`;
  }
}

/** The private assembly a case's manifests name. */
export function assemblyName(c: CaseSpec): string {
  return `c${c.id}.asm`;
}

function moduleManifest(assembly: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="${assembly}" version="1.0.0.0" processorArchitecture="amd64"/>
  </dependentAssembly></dependency>
</assembly>
`;
}

function assemblyManifest(assembly: string, files: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="${assembly}" version="1.0.0.0" processorArchitecture="amd64"/>
${files.map((f) => `  <file name="${f}"/>`).join('\n')}
</assembly>
`;
}

interface Toolchain {
  readonly gcc: string;
  readonly dlltool: string;
  readonly windres: string;
  /** Symbol prefix of the C ABI (x86 adds an underscore). */
  readonly prefix: string;
  readonly entry: string;
  readonly pointer: string;
}

const TOOLCHAINS: Record<'x64' | 'x86', Toolchain> = {
  x64: { gcc: 'x86_64-w64-mingw32-gcc', dlltool: 'x86_64-w64-mingw32-dlltool', windres: 'x86_64-w64-mingw32-windres', prefix: '', entry: 'DllMain', pointer: '.quad' },
  x86: { gcc: 'i686-w64-mingw32-gcc', dlltool: 'i686-w64-mingw32-dlltool', windres: 'i686-w64-mingw32-windres', prefix: '_', entry: '_DllMain@12', pointer: '.long' },
};

/** The programs the harness needs, for the skip message. */
export const MINGW_TOOLS = ['x86_64-w64-mingw32-gcc', 'i686-w64-mingw32-gcc', 'x86_64-w64-mingw32-dlltool'];

function assembly(dll: DllSpec, tc: Toolchain): string {
  const lines = ['.text', `.globl ${tc.entry}`, `${tc.entry}:`, '  mov $1, %eax', tc.prefix ? '  ret $12' : '  ret'];
  // The delay-load thunks call this helper; the load itself never does.
  lines.push(`.globl ${tc.prefix}__delayLoadHelper2`, `${tc.prefix}__delayLoadHelper2:`, '  ret');
  dll.exports.forEach((e, i) => {
    if (!('forward' in e)) lines.push(`.globl ${tc.prefix}e_${i}`, `${tc.prefix}e_${i}:`, '  ret');
  });
  lines.push('.data');
  for (const imp of dll.imports) for (const s of imp.symbols) lines.push(`  ${tc.pointer} __imp_${tc.prefix}${s.name}`);
  lines.push('  .long 0', '');
  return lines.join('\n');
}

function exportDef(dll: DllSpec): string {
  const lines = [`LIBRARY ${dll.name}`, 'EXPORTS'];
  dll.exports.forEach((e, i) => {
    if ('forward' in e) lines.push(`  ${e.name} = ${e.forward}`);
    else if ('ordinal' in e) lines.push(`  ${e.name} = e_${i} @${e.ordinal} NONAME`);
    else lines.push(`  ${e.name} = e_${i}`);
  });
  return `${lines.join('\n')}\n`;
}

function importDef(imp: ImportSpec): string {
  const lines = [`LIBRARY ${imp.dll}`, 'EXPORTS'];
  for (const s of imp.symbols) lines.push('ordinal' in s ? `  ${s.name} @${s.ordinal} NONAME` : `  ${s.name}`);
  return `${lines.join('\n')}\n`;
}

/** Offsets of the PE headers' fields a damage needs. */
function peLayout(bytes: Buffer): { machineAt: number; sections: { rva: number; vsize: number; raw: number; rawSize: number }[]; resourceRva: number } {
  const pe = bytes.readUInt32LE(0x3c);
  const count = bytes.readUInt16LE(pe + 6);
  const optSize = bytes.readUInt16LE(pe + 20);
  const opt = pe + 24;
  const dirs = opt + (bytes.readUInt16LE(opt) === 0x20b ? 112 : 96);
  const sections = [];
  for (let i = 0; i < count; i++) {
    const at = opt + optSize + i * 40;
    sections.push({ vsize: bytes.readUInt32LE(at + 8), rva: bytes.readUInt32LE(at + 12), rawSize: bytes.readUInt32LE(at + 16), raw: bytes.readUInt32LE(at + 20) });
  }
  return { machineAt: pe + 4, sections, resourceRva: bytes.readUInt32LE(dirs + 2 * 8) };
}

/** Applies the machine patch and the damage to a linked DLL. */
function finish(dll: DllSpec, linked: Buffer, seed: string): Buffer {
  let bytes = Buffer.from(linked);
  const layout = peLayout(bytes);
  // mingw-w64 in Debian has no ARM64 target: an ARM64 DLL is an x64 link whose machine field says ARM64.
  if (dll.machine === 'arm64') bytes.writeUInt16LE(0xaa64, layout.machineAt);
  const pick = Number.parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 8), 16);
  switch (dll.damage) {
    case 'truncated': {
      // Cut inside the last section's data: the headers and tables of the first sections stay.
      const last = layout.sections.reduce((a, s) => (s.raw > a.raw ? s : a));
      const cut = last.raw + Math.max(1, Math.floor(((pick % 90) + 5) / 100 * last.rawSize));
      bytes = bytes.subarray(0, Math.min(cut, bytes.length - 1));
      break;
    }
    case 'garbage': {
      const text = Buffer.from(`not a DLL ${seed}\n`.repeat(64));
      bytes = text;
      break;
    }
    case 'mz-only':
      // A DOS header whose e_lfanew points at something that is not a PE signature.
      bytes.writeUInt32LE(0x12345678, bytes.readUInt32LE(0x3c));
      break;
    case 'resources': {
      const section = layout.sections.find((s) => layout.resourceRva >= s.rva && layout.resourceRva < s.rva + Math.max(s.vsize, s.rawSize));
      if (!section) throw new Error(`${dll.name}: no resource section to damage`);
      const at = section.raw + (layout.resourceRva - section.rva);
      // NumberOfIdEntries of the root directory: 0xFFFF entries that are not there.
      bytes.writeUInt16LE(0xffff, at + 14);
      break;
    }
    default:
      break;
  }
  return bytes;
}

async function linkDll(dll: DllSpec, work: string, cacheDir: string, privateAssembly: string): Promise<Buffer> {
  const arch = dll.machine === 'x86' ? 'x86' : 'x64';
  const tc = TOOLCHAINS[arch];
  const source = assembly(dll, tc);
  const def = exportDef(dll);
  const importDefs = dll.imports.map((imp) => ({ imp, def: importDef(imp) }));
  const manifest = dll.manifestId ? { id: dll.manifestId, text: moduleManifest(privateAssembly) } : null;
  const key = createHash('sha256').update(JSON.stringify({ v: 1, arch, source, def, importDefs: importDefs.map((i) => [i.def, i.imp.delay]), res: dll.resources === true, manifest })).digest('hex').slice(0, 32);
  let job = inFlight.get(key);
  if (!job) {
    job = linkUncached(dll, tc, key, source, def, importDefs, manifest, work, cacheDir);
    inFlight.set(key, job);
  }
  return job;
}

/** Links in progress or done in this run, by content key (identical DLLs of several cases are linked once). */
const inFlight = new Map<string, Promise<Buffer>>();

async function linkUncached(
  dll: DllSpec, tc: Toolchain, key: string, source: string, def: string, importDefs: { imp: ImportSpec; def: string }[],
  manifest: { id: number; text: string } | null, work: string, cacheDir: string,
): Promise<Buffer> {
  const cached = join(cacheDir, `${key}.dll`);
  if (existsSync(cached)) return readFile(cached);
  const dir = join(work, key);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'm.s'), source);
  await writeFile(join(dir, 'm.def'), def);
  const inputs = ['m.s', 'm.def'];
  for (const [i, { imp, def: text }] of importDefs.entries()) {
    await writeFile(join(dir, `i${i}.def`), text);
    await run(tc.dlltool, ['-d', `i${i}.def`, imp.delay ? '-y' : '-l', `i${i}.a`, '-D', imp.dll], { cwd: dir });
    inputs.push(`i${i}.a`);
  }
  if (dll.resources || manifest) {
    let rc = dll.resources ? '1 RCDATA { "python-dll-doctor" }\n2 RCDATA { "resource" }\n' : '';
    if (manifest) {
      await writeFile(join(dir, 'm.manifest'), manifest.text);
      rc += `${manifest.id} 24 "m.manifest"\n`;
    }
    await writeFile(join(dir, 'r.rc'), rc);
    await run(tc.windres, ['r.rc', '-O', 'coff', '-o', 'r.o'], { cwd: dir });
    inputs.push('r.o');
  }
  await run(tc.gcc, ['-shared', '-nostdlib', `-Wl,--entry=${tc.entry}`, '-o', 'out.dll', ...inputs], { cwd: dir });
  const bytes = await readFile(join(dir, 'out.dll'));
  // Renamed into place: the win32 suite's live-loader test builds the same cases into the same cache at once.
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, bytes);
  await rename(partial, cached);
  await rm(dir, { recursive: true, force: true });
  return bytes;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(runners);
}

/** Removes earlier runs' files from the shared folders (python.exe's and System32) and the cases' folders. */
export async function cleanCases(driveC: string): Promise<void> {
  await rm(join(driveC, 'cases'), { recursive: true, force: true });
  for (const shared of ['py', 'windows/system32']) {
    const names = (await readdir(join(driveC, shared)).catch(() => [] as string[])).filter((n) => /^c\d{3,}_/.test(n));
    await Promise.all(names.map((n) => rm(join(driveC, shared, n), { force: true })));
  }
}

/** Builds every DLL of every case into place under `driveC`. */
export async function buildCases(cases: readonly CaseSpec[], driveC: string, cacheDir: string, width = 2): Promise<void> {
  // One work folder per process: two suites may link the same DLL at the same time.
  const work = join(cacheDir, 'work', String(process.pid));
  await mkdir(work, { recursive: true });
  const jobs = cases.flatMap((c) => [c.root, ...c.dlls].map((d) => ({ c, d })));
  await pool(jobs, width, async ({ c, d }) => {
    const linked = await linkDll(d, work, cacheDir, assemblyName(c));
    const dir = join(driveC, folderOf(c, d.folder));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, d.name), finish(d, linked, `${c.id}/${d.folder}/${d.name}`));
  });
  // Each private assembly folder holds its manifest, naming the DLLs in it.
  for (const c of cases) {
    const files = c.dlls.filter((d) => d.folder === 'assembly').map((d) => d.name);
    if (files.length > 0) await writeFile(join(driveC, folderOf(c, 'assembly'), `${assemblyName(c)}.manifest`), assemblyManifest(assemblyName(c), files));
  }
  await rm(work, { recursive: true, force: true });
}

/** Builds the loader program (tests/wine/loader.c) into python.exe's stand-in folder. */
export async function buildLoader(sourceFile: string, driveC: string): Promise<string> {
  const dir = join(driveC, 'py');
  await mkdir(dir, { recursive: true });
  const out = join(dir, 'loader.exe');
  await run('x86_64-w64-mingw32-gcc', ['-O1', '-o', out, sourceFile, '-lpsapi']);
  return out;
}
