import { BinaryReadError } from './binary-errors';
import type { ByteView } from './byte-source';
import type { PeExport, PeImport, PeImportedSymbol, PeMachine, PeModule, SxsDependency } from './module-types';

/**
 * PE/COFF reader for the tables a loader needs: headers, imports, delay-load imports, exports and
 * the side-by-side manifest.
 *
 * Why not pe-library for the headers and resources: `NtExecutable.from` takes the whole image as
 * one ArrayBuffer, i.e. a readFile of every 20 MB DLL, while we need a few kilobytes of each file
 * (see byte-source.ts). The layouts follow the PE format specification:
 * https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
 */

/** Caps on counts read from the file; no real module comes close. */
const LIMITS = {
  sections: 96,
  importDescriptors: 4096,
  thunksPerDll: 65536,
  exportFunctions: 65536,
  resourceEntries: 4096,
  manifestBytes: 64 * 1024,
  totalSymbols: 1_000_000,
};

const MACHINES: Record<number, PeMachine> = {
  0x14c: 'x86',
  0x8664: 'x64',
  0xaa64: 'arm64',
  0x1c4: 'arm',
  0x1c0: 'arm',
  0x200: 'ia64',
};

interface Section {
  readonly va: number;
  readonly virtualSize: number;
  readonly rawSize: number;
  readonly rawPointer: number;
}

interface Headers {
  readonly machineCode: number;
  readonly pe32Plus: boolean;
  readonly isDll: boolean;
  readonly imageBase: number;
  readonly sizeOfHeaders: number;
  readonly linkerVersion: { readonly major: number; readonly minor: number };
  readonly sections: readonly Section[];
  readonly directories: readonly { rva: number; size: number }[];
}

/** True when the name is an API-set contract (api-ms-win-*, ext-ms-*), resolved by the loader's schema. */
export function isApiSetName(dll: string): boolean {
  const lower = dll.toLowerCase();
  return lower.startsWith('api-ms-win-') || lower.startsWith('ext-ms-');
}

function fail(view: ByteView, detail: string): never {
  throw new BinaryReadError('malformed', view.path, detail);
}

function readHeaders(view: ByteView): Headers {
  view.littleEndian = true;
  if (view.size < 64) throw new BinaryReadError('truncated', view.path, 'the DOS header is incomplete');
  const lfanew = view.u32(0x3c);
  if (lfanew < 4 || lfanew > view.size - 24) fail(view, `e_lfanew (${lfanew}) points outside the file`);
  if (view.u32(lfanew) !== 0x00004550) fail(view, 'the PE signature is missing');
  const fileHeader = lfanew + 4;
  const machineCode = view.u16(fileHeader);
  const sectionCount = view.u16(fileHeader + 2);
  const optionalSize = view.u16(fileHeader + 16);
  const characteristics = view.u16(fileHeader + 18);
  const optional = fileHeader + 20;
  if (sectionCount > LIMITS.sections) fail(view, `${sectionCount} sections (at most ${LIMITS.sections} are plausible)`);
  if (optionalSize < 2) fail(view, 'the optional header is missing');
  const magic = view.u16(optional);
  if (magic !== 0x10b && magic !== 0x20b) fail(view, `unknown optional header magic 0x${magic.toString(16)}`);
  const pe32Plus = magic === 0x20b;
  // MajorLinkerVersion / MinorLinkerVersion follow the magic in both optional header formats.
  const linkerVersion = { major: view.u8(optional + 2), minor: view.u8(optional + 3) };
  const imageBase = pe32Plus ? view.u64(optional + 24) : view.u32(optional + 28);
  const sizeOfHeaders = view.u32(optional + 60);
  const fileAlignment = view.u32(optional + 36);
  const countOffset = pe32Plus ? 108 : 92;
  const dirOffset = pe32Plus ? 112 : 96;
  const declared = optionalSize >= countOffset + 4 ? view.u32(optional + countOffset) : 0;
  const fitting = Math.max(0, Math.floor((optionalSize - dirOffset) / 8));
  const dirCount = Math.min(declared, 16, fitting);
  const directories: { rva: number; size: number }[] = [];
  for (let i = 0; i < dirCount; i++) {
    directories.push({ rva: view.u32(optional + dirOffset + i * 8), size: view.u32(optional + dirOffset + i * 8 + 4) });
  }
  const sectionTable = optional + optionalSize;
  const sections: Section[] = [];
  for (let i = 0; i < sectionCount; i++) {
    const at = sectionTable + i * 40;
    // The loader rounds PointerToRawData down to 512 when FileAlignment is at least that (pefile does the same).
    const rawPointer = view.u32(at + 20);
    sections.push({ virtualSize: view.u32(at + 8), va: view.u32(at + 12), rawSize: view.u32(at + 16), rawPointer: fileAlignment >= 0x200 ? rawPointer - (rawPointer % 0x200) : rawPointer });
  }
  return { machineCode, pe32Plus, isDll: (characteristics & 0x2000) !== 0, imageBase, sizeOfHeaders, linkerVersion, sections, directories };
}

/** File offset of an RVA, or -1 when no section maps it to file bytes. */
function rvaToOffset(headers: Headers, rva: number): number {
  for (const s of headers.sections) {
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva >= s.va && rva < s.va + span) {
      const delta = rva - s.va;
      return delta < s.rawSize ? s.rawPointer + delta : -1;
    }
  }
  return rva < headers.sizeOfHeaders ? rva : -1;
}

/**
 * The RVAs around `rva` that map to the file by one shift, as rvaToOffset maps them: the mapped
 * part of the section holding `rva`, when no earlier section overlaps it (an earlier one would win
 * in rvaToOffset). Lets a table of thousands of RVAs skip the section search; null when `rva` is in
 * no section or the sections overlap, and then every RVA goes through rvaToOffset.
 */
function linearSpan(headers: Headers, rva: number): { start: number; end: number; shift: number } | null {
  const sections = headers.sections;
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i] as Section;
    const span = Math.max(s.virtualSize, s.rawSize);
    if (rva < s.va || rva >= s.va + span) continue;
    for (let j = 0; j < i; j++) {
      const t = sections[j] as Section;
      if (t.va < s.va + span && s.va < t.va + Math.max(t.virtualSize, t.rawSize)) return null;
    }
    return { start: s.va, end: s.va + Math.min(span, s.rawSize), shift: s.rawPointer - s.va };
  }
  return null;
}

/**
 * A table of `count` little-endian entries of `width` bytes at `offset`, copied out of the view in
 * one call (its pages noted as missing like any access): loops over thousands of entries then read
 * a DataView instead of calling the view's accessors per entry.
 */
function table(view: ByteView, offset: number, count: number, width: number): DataView {
  const bytes = view.bytes(offset, count * width);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function offsetOf(view: ByteView, headers: Headers, rva: number, what: string): number {
  const offset = rvaToOffset(headers, rva);
  if (offset < 0 || offset >= view.size) fail(view, `${what} (RVA 0x${rva.toString(16)}) is not inside the file`);
  return offset;
}

function readThunks(view: ByteView, headers: Headers, tableRva: number, dll: string, budget: { left: number }): PeImportedSymbol[] {
  const symbols: PeImportedSymbol[] = [];
  if (tableRva === 0) return symbols;
  let at = offsetOf(view, headers, tableRva, `import lookup table of ${dll}`);
  const width = headers.pe32Plus ? 8 : 4;
  for (let i = 0; ; i++) {
    if (i >= LIMITS.thunksPerDll || budget.left-- <= 0) fail(view, `the import table of ${dll} does not end`);
    let ordinalFlag: boolean;
    let low: number;
    if (headers.pe32Plus) {
      const lo = view.u32(at);
      const hi = view.u32(at + 4);
      if (lo === 0 && hi === 0) break;
      ordinalFlag = (hi & 0x80000000) !== 0;
      low = lo;
    } else {
      const v = view.u32(at);
      if (v === 0) break;
      ordinalFlag = (v & 0x80000000) !== 0;
      low = v & 0x7fffffff;
    }
    if (ordinalFlag) {
      symbols.push({ kind: 'ordinal', ordinal: low & 0xffff });
    } else {
      const hintAt = offsetOf(view, headers, low, `an imported name of ${dll}`);
      symbols.push({ kind: 'name', hint: view.u16(hintAt), name: view.cstring(hintAt + 2, 4096) });
    }
    at += width;
  }
  return symbols;
}

function readImports(view: ByteView, headers: Headers, budget: { left: number }): PeImport[] {
  const dir = headers.directories[1];
  if (!dir || dir.rva === 0) return [];
  let at = offsetOf(view, headers, dir.rva, 'the import directory');
  const imports: PeImport[] = [];
  for (let i = 0; ; i++) {
    if (i >= LIMITS.importDescriptors) fail(view, 'the import directory does not end');
    if (at + 20 > view.size) fail(view, 'the import directory runs past the end of the file');
    const lookup = view.u32(at);
    const nameRva = view.u32(at + 12);
    const iat = view.u32(at + 16);
    if (lookup === 0 && nameRva === 0 && iat === 0) break;
    const dll = view.cstring(offsetOf(view, headers, nameRva, 'an imported DLL name'), 512);
    imports.push({ dll, delayLoad: false, apiSet: isApiSetName(dll), symbols: readThunks(view, headers, lookup || iat, dll, budget) });
    at += 20;
  }
  return imports;
}

function readDelayImports(view: ByteView, headers: Headers, budget: { left: number }): PeImport[] {
  const dir = headers.directories[13];
  if (!dir || dir.rva === 0) return [];
  let at = offsetOf(view, headers, dir.rva, 'the delay-load directory');
  const imports: PeImport[] = [];
  for (let i = 0; ; i++) {
    if (i >= LIMITS.importDescriptors) fail(view, 'the delay-load directory does not end');
    if (at + 32 > view.size) fail(view, 'the delay-load directory runs past the end of the file');
    const attributes = view.u32(at);
    let nameRva = view.u32(at + 4);
    let nameTable = view.u32(at + 16);
    if (nameRva === 0 && nameTable === 0) break;
    // Attribute bit 0 clear: the old (VC6) format stores virtual addresses, not RVAs.
    if ((attributes & 1) === 0) {
      nameRva = Math.max(0, nameRva - headers.imageBase);
      nameTable = nameTable === 0 ? 0 : Math.max(0, nameTable - headers.imageBase);
    }
    const dll = view.cstring(offsetOf(view, headers, nameRva, 'a delay-loaded DLL name'), 512);
    imports.push({ dll, delayLoad: true, apiSet: isApiSetName(dll), symbols: readThunks(view, headers, nameTable, dll, budget) });
    at += 32;
  }
  return imports;
}

/** Longest export name read (cstring's limit: a longer one is malformed). */
const MAX_EXPORT_NAME = 4096;
/** The names of one export table are cut out of one string when they lie together within this many bytes. */
const MAX_NAME_BLOCK = 4 * 1024 * 1024;

/** Every export name, each read on its own (any layout; the errors of a damaged table in order). */
function exportNamesOneByOne(view: ByteView, headers: Headers, namesAt: number, nameCount: number): string[] {
  const names = new Array<string>(nameCount);
  for (let i = 0; i < nameCount; i++) names[i] = view.cstring(offsetOf(view, headers, view.u32(namesAt + i * 4), 'an export name'), MAX_EXPORT_NAME);
  return names;
}

/**
 * Every export name cut out of one Latin-1 string, when the linker wrote them the usual way: one
 * after the other, each after the previous one's NUL, in name-table order. Null for any other
 * layout, or anything unusual; the caller then reads them one by one, with the same result.
 */
function exportNamesFromBlock(view: ByteView, headers: Headers, pointers: DataView, nameCount: number): string[] | null {
  const firstRva = pointers.getUint32(0, true);
  const first = rvaToOffset(headers, firstRva);
  const lastAt = rvaToOffset(headers, pointers.getUint32((nameCount - 1) * 4, true));
  if (first < 0 || lastAt < first || lastAt >= view.size || lastAt - first > MAX_NAME_BLOCK) return null;
  let lastName: string;
  try {
    lastName = view.cstring(lastAt, MAX_EXPORT_NAME);
  } catch {
    return null;
  }
  const length = lastAt - first + lastName.length + 1;
  if (first + length > view.size || view.stringBudget < length) return null;
  const text = view.latin1(first, length);
  if (text === null) return null;
  const names = text.split('\0');
  if (names.length !== nameCount + 1) return null;
  let expected = first;
  const span = linearSpan(headers, firstRva);
  const start = span?.start ?? 0;
  const end = span?.end ?? 0;
  const shift = span?.shift ?? 0;
  for (let i = 0; i < nameCount; i++) {
    const rva = pointers.getUint32(i * 4, true);
    if ((rva >= start && rva < end ? rva + shift : rvaToOffset(headers, rva)) !== expected) return null;
    const length = (names[i] as string).length;
    if (length >= MAX_EXPORT_NAME) return null;
    expected += length + 1;
  }
  names.pop();
  view.stringBudget -= length;
  return names;
}

function readExports(view: ByteView, headers: Headers): { name: string | null; exports: PeExport[] } {
  const dir = headers.directories[0];
  if (!dir || dir.rva === 0) return { name: null, exports: [] };
  const at = offsetOf(view, headers, dir.rva, 'the export directory');
  const nameRva = view.u32(at + 12);
  const base = view.u32(at + 16);
  const functionCount = view.u32(at + 20);
  const nameCount = view.u32(at + 24);
  const functionsRva = view.u32(at + 28);
  const namesRva = view.u32(at + 32);
  const ordinalsRva = view.u32(at + 36);
  if (functionCount > LIMITS.exportFunctions || nameCount > LIMITS.exportFunctions) {
    throw new BinaryReadError('too-large', view.path, `the export table claims ${functionCount} functions and ${nameCount} names`);
  }
  const offset = rvaToOffset(headers, nameRva);
  const ownName = nameRva !== 0 && offset >= 0 ? view.cstring(offset, 512) : null;
  // Names by function index, in name-table order: firstName[index] → nextName[…] → … → -1.
  const firstName = new Int32Array(functionCount).fill(-1);
  const nextName = new Int32Array(nameCount);
  let names: string[] = [];
  if (nameCount > 0) {
    const namesAt = offsetOf(view, headers, namesRva, 'the export name table');
    const ordinalsAt = offsetOf(view, headers, ordinalsRva, 'the export ordinal table');
    view.check(namesAt, nameCount * 4, 'the export name table');
    view.check(ordinalsAt, nameCount * 2, 'the export ordinal table');
    names = exportNamesFromBlock(view, headers, table(view, namesAt, nameCount, 4), nameCount) ?? exportNamesOneByOne(view, headers, namesAt, nameCount);
    const ordinals = table(view, ordinalsAt, nameCount, 2);
    for (let i = nameCount - 1; i >= 0; i--) {
      const index = ordinals.getUint16(i * 2, true);
      if (index >= functionCount) continue;
      nextName[i] = firstName[index] as number;
      firstName[index] = i;
    }
  }
  const exports: PeExport[] = [];
  if (functionCount > 0) {
    const functionsAt = offsetOf(view, headers, functionsRva, 'the export address table');
    view.check(functionsAt, functionCount * 4, 'the export address table');
    const functions = table(view, functionsAt, functionCount, 4);
    for (let index = 0; index < functionCount; index++) {
      const rva = functions.getUint32(index * 4, true);
      if (rva === 0) continue;
      let forwarder: string | null = null;
      if (rva >= dir.rva && rva < dir.rva + dir.size) {
        const forwardAt = rvaToOffset(headers, rva);
        if (forwardAt >= 0) forwarder = view.cstring(forwardAt, 1024);
      }
      const ordinal = base + index;
      let n = firstName[index] as number;
      if (n < 0) exports.push({ ordinal, name: null, forwarder });
      for (; n >= 0; n = nextName[n] as number) exports.push({ ordinal, name: names[n] as string, forwarder });
    }
  }
  return { name: ownName, exports };
}

/**
 * Finds the data of the RT_MANIFEST (type 24) resource the loader applies: ID 2
 * (ISOLATIONAWARE_MANIFEST_RESOURCE_ID) for a DLL, ID 1 (CREATEPROCESS_MANIFEST_RESOURCE_ID) for
 * an EXE; any other ID is ignored at load time.
 * https://learn.microsoft.com/en-us/windows/win32/sbscs/using-side-by-side-assemblies-as-a-resource
 */
function findManifest(view: ByteView, headers: Headers): { offset: number; size: number } | null {
  const dir = headers.directories[2];
  if (!dir || dir.rva === 0) return null;
  const root = rvaToOffset(headers, dir.rva);
  if (root < 0) return null;
  const entries = (tableAt: number): { id: number; isName: boolean; target: number; isDir: boolean }[] => {
    const count = view.u16(tableAt + 12) + view.u16(tableAt + 14);
    if (count > LIMITS.resourceEntries) fail(view, `a resource directory claims ${count} entries`);
    const list = [];
    for (let i = 0; i < count; i++) {
      const e = tableAt + 16 + i * 8;
      const nameField = view.u32(e);
      const offsetField = view.u32(e + 4);
      list.push({ id: nameField & 0x7fffffff, isName: (nameField & 0x80000000) !== 0, target: root + (offsetField & 0x7fffffff), isDir: (offsetField & 0x80000000) !== 0 });
    }
    return list;
  };
  const type = entries(root).find((e) => !e.isName && e.id === 24 && e.isDir);
  if (!type) return null;
  const name = entries(type.target).find((e) => e.isDir && !e.isName && e.id === (headers.isDll ? 2 : 1));
  if (!name) return null;
  const language = entries(name.target).find((e) => !e.isDir);
  if (!language) return null;
  const dataRva = view.u32(language.target);
  const size = view.u32(language.target + 4);
  const offset = rvaToOffset(headers, dataRva);
  if (offset < 0 || size === 0) return null;
  return { offset, size: Math.min(size, LIMITS.manifestBytes) };
}

/**
 * ARM64X / ARM64EC: the 64-bit load configuration's CHPEMetadataPointer (offset 0xC8) is set.
 * https://learn.microsoft.com/en-us/windows/arm/arm64ec-abi and
 * https://learn.microsoft.com/en-us/windows/arm/arm64x-pe
 */
function hybridKind(view: ByteView, headers: Headers): 'arm64x' | 'arm64ec' | null {
  if (!headers.pe32Plus || (headers.machineCode !== 0xaa64 && headers.machineCode !== 0x8664)) return null;
  const dir = headers.directories[10];
  if (!dir || dir.rva === 0) return null;
  const at = rvaToOffset(headers, dir.rva);
  if (at < 0 || at + 0xd0 > view.size) return null;
  const size = view.u32(at);
  if (size < 0xd0 || (view.u32(at + 0xc8) === 0 && view.u32(at + 0xcc) === 0)) return null;
  return headers.machineCode === 0xaa64 ? 'arm64x' : 'arm64ec';
}

/** Decodes manifest bytes (UTF-8, or UTF-16 with a BOM) and lists its dependent assemblies. */
export function parseManifestDependencies(bytes: Uint8Array): SxsDependency[] {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else text = new TextDecoder('utf-8').decode(bytes);
  const deps: SxsDependency[] = [];
  const blocks = text.match(/<(?:\w+:)?dependentAssembly\b[\s\S]*?<\/(?:\w+:)?dependentAssembly>/g) ?? [];
  for (const block of blocks) {
    const identity = /<(?:\w+:)?assemblyIdentity\b([^>]*)>/.exec(block);
    if (!identity?.[1]) continue;
    const attr = (key: string): string | null => new RegExp(`\\b${key}\\s*=\\s*["']([^"']*)["']`, 'i').exec(identity[1] ?? '')?.[1] ?? null;
    const name = attr('name');
    if (!name) continue;
    deps.push({ name, version: attr('version'), processorArchitecture: attr('processorArchitecture'), publicKeyToken: attr('publicKeyToken') });
  }
  return deps;
}

/** Parses a PE file whose bytes are reachable through `view` (see parseWithBytes). */
export function parsePe(view: ByteView): PeModule {
  const headers = readHeaders(view);
  const machine = MACHINES[headers.machineCode] ?? 'unknown';
  // The export and import directories state their extent: their pages are read in the round that
  // first touches them. (The resource directory is walked page by page: only the manifest's pages.)
  const ranges: [number, number][] = [];
  for (const index of [0, 1, 13]) {
    const dir = headers.directories[index];
    if (!dir || dir.rva === 0) continue;
    const offset = rvaToOffset(headers, dir.rva);
    if (offset >= 0) ranges.push([offset, Math.min(dir.size, 1 << 20)]);
  }
  view.prefetch(ranges);
  const budget = { left: LIMITS.totalSymbols };
  const imports = [...readImports(view, headers, budget), ...readDelayImports(view, headers, budget)];
  const { name, exports } = readExports(view, headers);
  // The resources are not needed to load a module: a damaged resource directory loses the
  // manifest only, never the imports and exports read above.
  let manifest: { offset: number; size: number } | null;
  try {
    manifest = findManifest(view, headers);
  } catch {
    manifest = null;
  }
  // Section data past the end of the file (an interrupted download or copy that kept the tables):
  // the loader refuses to map such an image.
  const truncated = headers.sections.some((s) => s.rawSize > 0 && s.rawPointer + s.rawSize > view.size);
  let hybrid: 'arm64x' | 'arm64ec' | null;
  try {
    hybrid = hybridKind(view, headers);
  } catch {
    hybrid = null;
  }
  const sxsDependencies = manifest && manifest.offset + manifest.size <= view.size ? parseManifestDependencies(view.bytes(manifest.offset, manifest.size)) : [];
  return {
    format: 'pe',
    path: view.path,
    fileSize: view.size,
    machineCode: headers.machineCode,
    machine,
    bitness: headers.pe32Plus ? 64 : 32,
    isDll: headers.isDll,
    linkerVersion: headers.linkerVersion,
    exportName: name,
    imports,
    exports,
    sxsDependencies,
    ...(hybrid ? { hybrid } : {}),
    ...(truncated ? { truncated } : {}),
  };
}
