/**
 * Reads the names of the DLLs a PE file (.exe, .dll, .pyd) imports, and its machine type.
 *
 * The acceptance scripts use it to break Pillow on purpose at a DLL that _imaging really loads; the
 * product's own PE analysis lives in the engine, this is a small independent reader so the tests do
 * not grade the engine with itself. Layout: https://learn.microsoft.com/en-us/windows/win32/debug/pe-format
 * (MS-DOS stub e_lfanew at 0x3C, COFF header, optional header data directory 1 = import table,
 * IMAGE_IMPORT_DESCRIPTOR of 20 bytes with the name RVA at offset 12, ended by an all-zero entry).
 */
export interface PeImports {
  readonly machine: 'x86' | 'x64' | 'arm64' | `unknown-0x${string}`;
  readonly dlls: readonly string[];
}

const MACHINES: Record<number, PeImports['machine']> = { 0x14c: 'x86', 0x8664: 'x64', 0xaa64: 'arm64' };
/** A real import table holds tens of entries; this bounds a corrupt one. */
const MAX_IMPORTS = 4096;
const MAX_NAME = 512;

export function readPeImports(file: Uint8Array): PeImports {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const need = (offset: number, length: number, what: string) => {
    if (offset < 0 || offset + length > file.length) throw new Error(`Not a valid PE file: ${what} lies outside the file.`);
  };
  need(0, 0x40, 'the MS-DOS header');
  if (view.getUint16(0, true) !== 0x5a4d) throw new Error('Not a PE file: no MZ signature.');
  const pe = view.getUint32(0x3c, true);
  need(pe, 24, 'the PE header');
  if (view.getUint32(pe, true) !== 0x00004550) throw new Error('Not a PE file: no PE signature.');
  const machineCode = view.getUint16(pe + 4, true);
  const sectionCount = view.getUint16(pe + 6, true);
  const optionalSize = view.getUint16(pe + 20, true);
  const optional = pe + 24;
  need(optional, optionalSize, 'the optional header');
  const magic = view.getUint16(optional, true);
  const directories = magic === 0x20b ? optional + 112 : magic === 0x10b ? optional + 96 : -1;
  if (directories < 0) throw new Error(`Not a PE file: optional header magic 0x${magic.toString(16)}.`);
  const directoryCount = view.getUint32(directories - 4, true);
  const machine = MACHINES[machineCode] ?? (`unknown-0x${machineCode.toString(16)}` as const);
  if (directoryCount < 2) return { machine, dlls: [] };
  const importRva = view.getUint32(directories + 8, true);
  if (importRva === 0) return { machine, dlls: [] };

  const sections = optional + optionalSize;
  need(sections, sectionCount * 40, 'the section table');
  const toOffset = (rva: number): number => {
    for (let i = 0; i < sectionCount; i += 1) {
      const s = sections + i * 40;
      const virtualSize = view.getUint32(s + 8, true);
      const virtualAddress = view.getUint32(s + 12, true);
      const rawSize = view.getUint32(s + 16, true);
      const rawPointer = view.getUint32(s + 20, true);
      if (rva >= virtualAddress && rva < virtualAddress + Math.max(virtualSize, rawSize)) return rva - virtualAddress + rawPointer;
    }
    throw new Error(`Not a valid PE file: RVA 0x${rva.toString(16)} is in no section.`);
  };
  const dlls: string[] = [];
  let descriptor = toOffset(importRva);
  for (let count = 0; count < MAX_IMPORTS; count += 1, descriptor += 20) {
    need(descriptor, 20, 'an import descriptor');
    const nameRva = view.getUint32(descriptor + 12, true);
    const thunks = view.getUint32(descriptor, true) || view.getUint32(descriptor + 16, true);
    if (nameRva === 0 && thunks === 0) return { machine, dlls };
    const name = toOffset(nameRva);
    need(name, 1, 'an imported DLL name');
    const end = file.indexOf(0, name);
    if (end < 0 || end - name > MAX_NAME) throw new Error('Not a valid PE file: an imported DLL name is not terminated.');
    dlls.push(new TextDecoder('latin1').decode(file.subarray(name, end)));
  }
  throw new Error(`Not a valid PE file: more than ${MAX_IMPORTS} imported DLLs.`);
}
