import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NtExecutable, NtExecutableResource } from 'pe-library';
import { describe, expect, it } from 'vitest';
import { isApiSetName, parseManifestDependencies } from '../../app/binary/pe-reader';
import { readModule, readModuleFromBytes } from '../../app/binary/read-module';
import type { PeModule } from '../../app/binary/module-types';
import { peFacts } from './support/module-facts';
import { readWithPefile } from './support/pefile';
import { writePe, type PeSpec } from './support/pe-writer';

const VC90_MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="Microsoft.VC90.CRT" version="9.0.21022.8" processorArchitecture="amd64" publicKeyToken="1fc8b3b9a1e18e3b"></assemblyIdentity>
  </dependentAssembly></dependency>
</assembly>`;

const SPEC: PeSpec = {
  exportName: 'sample.dll',
  exports: [{ name: 'alpha' }, { name: 'HeapAlias', forwarder: 'NTDLL.RtlAllocateHeap' }, { ordinal: 9 }, { name: 'beta', ordinal: 12 }],
  imports: [
    { dll: 'KERNEL32.dll', symbols: ['GetLastError', 'LoadLibraryExW'] },
    { dll: 'libcrypto-3-x64.dll', symbols: ['EVP_sha256', 241] },
    { dll: 'api-ms-win-crt-runtime-l1-1-0.dll', symbols: ['_initterm'] },
  ],
  delayImports: [{ dll: 'python3.dll', symbols: ['PyLong_FromLong'] }],
  manifest: VC90_MANIFEST,
};

async function read(spec: PeSpec): Promise<PeModule> {
  const m = await readModuleFromBytes('sample.dll', writePe(spec));
  if (m.format !== 'pe') throw new Error('expected PE');
  return m;
}

describe('PE reader', () => {
  it('reads machine, bitness and DLL flag for x64, x86 and arm64', async () => {
    for (const [machine, bitness, code] of [['x64', 64, 0x8664], ['x86', 32, 0x14c], ['arm64', 64, 0xaa64]] as const) {
      const m = await read({ ...SPEC, machine });
      expect([m.machine, m.bitness, m.machineCode, m.isDll]).toEqual([machine, bitness, code, true]);
    }
    expect((await read({ dll: false })).isDll).toBe(false);
  });

  it('reads imports by name and by ordinal, and delay-load imports', async () => {
    const m = await read(SPEC);
    expect(peFacts(m).imports).toEqual([
      { dll: 'KERNEL32.dll', delayLoad: false, symbols: ['GetLastError', 'LoadLibraryExW'] },
      { dll: 'libcrypto-3-x64.dll', delayLoad: false, symbols: ['EVP_sha256', '#241'] },
      { dll: 'api-ms-win-crt-runtime-l1-1-0.dll', delayLoad: false, symbols: ['_initterm'] },
      { dll: 'python3.dll', delayLoad: true, symbols: ['PyLong_FromLong'] },
    ]);
  });

  it('reads exports with ordinals, nameless ordinals and forwarders', async () => {
    const m = await read(SPEC);
    expect(m.exportName).toBe('sample.dll');
    expect(m.exports).toContainEqual({ ordinal: 2, name: 'HeapAlias', forwarder: 'NTDLL.RtlAllocateHeap' });
    expect(m.exports).toContainEqual({ ordinal: 9, name: null, forwarder: null });
    expect(m.exports).toContainEqual({ ordinal: 12, name: 'beta', forwarder: null });
  });

  it('recognises API-set names and no others', async () => {
    const m = await read(SPEC);
    expect(m.imports.filter((i) => i.apiSet).map((i) => i.dll)).toEqual(['api-ms-win-crt-runtime-l1-1-0.dll']);
    expect(isApiSetName('EXT-MS-WIN-ntuser-window-l1-1-0.dll')).toBe(true);
    expect(isApiSetName('apiset.dll')).toBe(false);
  });

  it('reads side-by-side dependencies from the embedded manifest', async () => {
    const m = await read(SPEC);
    expect(m.sxsDependencies).toEqual([{ name: 'Microsoft.VC90.CRT', version: '9.0.21022.8', processorArchitecture: 'amd64', publicKeyToken: '1fc8b3b9a1e18e3b' }]);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...VC90_MANIFEST].map((c) => c.charCodeAt(0))).buffer)]);
    expect(parseManifestDependencies(utf16).map((d) => d.name)).toEqual(['Microsoft.VC90.CRT']);
  });

  it('tells ARM64X (ARM64 header) and ARM64EC (x64 header) by their CHPE metadata', async () => {
    expect((await read({ ...SPEC, machine: 'arm64', hybridMetadata: true })).hybrid).toBe('arm64x');
    expect((await read({ ...SPEC, machine: 'x64', hybridMetadata: true })).hybrid).toBe('arm64ec');
    expect((await read({ ...SPEC, machine: 'arm64' })).hybrid).toBeUndefined();
  });

  it('applies only manifest ID 2 to a DLL (ID 1 is for executables)', async () => {
    expect((await read({ ...SPEC, manifestId: 1 })).sxsDependencies).toEqual([]);
    expect((await read({ ...SPEC, dll: false, manifestId: 1 })).sxsDependencies.map((d) => d.name)).toEqual(['Microsoft.VC90.CRT']);
  });

  it('keeps the imports and exports of a file whose resource directory is damaged', async () => {
    const bytes = writePe(SPEC);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const optional = view.getUint32(0x3c, true) + 24;
    const resourceRva = view.getUint32(optional + 112 + 2 * 8, true);
    const sectionTable = optional + view.getUint16(view.getUint32(0x3c, true) + 20, true);
    const va = view.getUint32(sectionTable + 12, true);
    const raw = view.getUint32(sectionTable + 20, true);
    // The root resource directory claims 65535 entries that are not there.
    view.setUint16(raw + resourceRva - va + 14, 0xffff, true);
    const m = await readModuleFromBytes('damaged.dll', bytes);
    if (m.format !== 'pe') throw new Error('expected PE');
    const intact = await read(SPEC);
    expect(m.imports).toEqual(intact.imports);
    expect(m.exports).toEqual(intact.exports);
    expect(m.sxsDependencies).toEqual([]);
  });

  it('marks a file whose section data lies past its end as truncated, and keeps what it could read', async () => {
    const bytes = writePe(SPEC);
    const m = await readModuleFromBytes('cut.dll', bytes.subarray(0, bytes.length - 0x100));
    if (m.format !== 'pe') throw new Error('expected PE');
    expect(m.truncated).toBe(true);
    expect((await read(SPEC)).truncated).toBeUndefined();
  });

  it('agrees with pefile on the synthetic images (checks the test writer too)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pe-reader-'));
    const paths: string[] = [];
    for (const machine of ['x64', 'x86'] as const) {
      const path = join(dir, `sample-${machine}.dll`);
      await writeFile(path, writePe({ ...SPEC, machine }));
      paths.push(path);
    }
    // Export name strings in table order (what linkers write: read as one block) and in reverse
    // order (read one by one): both must give pefile's names.
    const reversed = join(dir, 'sample-reversed-names.dll');
    await writeFile(reversed, writePe({ ...SPEC, exports: [...(SPEC.exports ?? []), { name: 'gamma' }, { name: 'Zeta' }], exportNameOrder: 'reversed' }));
    paths.push(reversed);
    const reference = await readWithPefile(paths);
    for (const [i, path] of paths.entries()) {
      const ours = await readModule(path);
      if (ours.format !== 'pe') throw new Error('expected PE');
      expect(peFacts(ours)).toEqual({ imports: reference[i]?.imports, exports: reference[i]?.exports });
      expect(ours.machineCode).toBe(reference[i]?.machine);
    }
  });
});

describe('PE reader on a real manifest with a dependency', () => {
  // electron-winstaller (a dependency of electron-builder) ships Squirrel's Setup.exe, whose manifest
  // depends on Microsoft.Windows.Common-Controls 6.0; pe-library reads the same resource from the whole file.
  const setup = join(process.cwd(), 'node_modules', 'electron-winstaller', 'vendor', 'Setup.exe');
  it.skipIf(!existsSync(setup))('reads the same dependent assemblies as pe-library', async () => {
    const m = await readModule(setup);
    if (m.format !== 'pe') throw new Error('expected PE');
    const exe = NtExecutable.from(await readFile(setup), { ignoreCert: true });
    const manifest = NtExecutableResource.from(exe, true).entries.find((e) => e.type === 24);
    expect(manifest).toBeDefined();
    expect(m.sxsDependencies).toEqual(parseManifestDependencies(new Uint8Array(manifest?.bin ?? new ArrayBuffer(0))));
    expect(m.sxsDependencies.map((d) => d.name)).toContain('Microsoft.Windows.Common-Controls');
  });
});
