import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NtExecutable, NtExecutableResource } from 'pe-library';
import { describe, expect, it } from 'vitest';
import type { Finding, LoadSimulation } from '../../app/binary/loader-types';
import { hasProblems } from '../../app/binary/loader-types';
import { nodeModuleFs } from '../../app/binary/module-fs';
import { parseManifestDependencies } from '../../app/binary/pe-reader';
import { readModule } from '../../app/binary/read-module';
import { simulateWindowsLoad } from '../../app/binary/windows-loader';
import { FIXTURES_DIR } from '../../scripts/fetch-fixtures';
import facts from '../fixtures/binary/sharp-pefile-facts.json';
import { fixtureLib } from './support/fixtures';
import { peFacts } from './support/module-facts';
import { hasObjdump } from './support/objdump';

// Real MSVC-built DLLs from npm (scripts/fetch-fixtures.ts); the facts were read with Debian's
// python3-pefile 2023.2.7 by tests/fixtures/binary/record-pefile-facts.py.
const x64Old = fixtureLib('@img/sharp-win32-x64', '0.34.5');
const x64New = fixtureLib('@img/sharp-win32-x64', '0.35.0');
const ia32 = fixtureLib('@img/sharp-win32-ia32', '0.34.5');
const present = x64Old !== null && x64New !== null && ia32 !== null;
if (!present) console.warn('real-binaries: fixtures missing, run `npx tsx scripts/fetch-fixtures.ts` (needs the npm registry)');

interface FileFacts {
  sha256: string;
  machine: string;
  isDll: boolean;
  imports: { dll: string; delayLoad: boolean; symbols: string[] }[];
  exportCount: number;
  exportsSha256: string;
}

function ofKind<K extends Finding['kind']>(sim: LoadSimulation, kind: K): Extract<Finding, { kind: K }>[] {
  return sim.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}

const node = { pythonVersion: '3.12', loadedModules: [{ name: 'node.exe' }] };

describe.skipIf(!present)('real Windows binaries (sharp for win32)', () => {
  it('reads every file exactly as pefile does (imports, delay-loads, exports, machine)', async () => {
    const entries = Object.entries(facts as Record<string, FileFacts>);
    expect(entries.length).toBe(9);
    for (const [rel, expected] of entries) {
      const path = join(FIXTURES_DIR, rel);
      const sha = createHash('sha256').update(await readFile(path)).digest('hex');
      expect(sha, `${rel} changed since the facts were recorded`).toBe(expected.sha256);
      const m = await readModule(path);
      if (m.format !== 'pe') throw new Error('expected PE');
      const ours = peFacts(m);
      expect(`0x${m.machineCode.toString(16)}`, rel).toBe(expected.machine);
      expect(m.isDll, rel).toBe(expected.isDll);
      expect(ours.imports, rel).toEqual(expected.imports);
      expect(ours.exports.length, rel).toBe(expected.exportCount);
      expect(createHash('sha256').update(ours.exports.join('\n')).digest('hex'), rel).toBe(expected.exportsSha256);
    }
  });

  it.runIf(hasObjdump())('reads the linker version binutils objdump reads (14.44 for MSVC-linked files, 14.0 for libvips-42.dll)', async () => {
    for (const rel of Object.keys(facts)) {
      const path = join(FIXTURES_DIR, rel);
      const dump = execFileSync('objdump', ['-p', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      const major = Number(/MajorLinkerVersion\s+(\d+)/.exec(dump)?.[1]);
      const minor = Number(/MinorLinkerVersion\s+(\d+)/.exec(dump)?.[1]);
      const m = await readModule(path);
      if (m.format !== 'pe') throw new Error('expected PE');
      expect(m.linkerVersion, rel).toEqual({ major, minor });
    }
  });

  it('finds the same machine and embedded manifest as pe-library (which reads the whole file)', async () => {
    let manifests = 0;
    for (const rel of Object.keys(facts)) {
      const path = join(FIXTURES_DIR, rel);
      const exe = NtExecutable.from(await readFile(path), { ignoreCert: true });
      const manifest = NtExecutableResource.from(exe, true).entries.find((e) => e.type === 24);
      const m = await readModule(path);
      if (m.format !== 'pe') throw new Error('expected PE');
      expect(m.machineCode, rel).toBe(exe.newHeader.fileHeader.machine);
      expect(m.sxsDependencies, rel).toEqual(manifest ? parseManifestDependencies(new Uint8Array(manifest.bin)) : []);
      if (manifest) manifests++;
    }
    expect(manifests).toBe(6);
  });

  it('a package as shipped loads cleanly (node.exe delay-load resolved from the process)', async () => {
    const sim = await simulateWindowsLoad(join(x64New as string, 'sharp-win32-x64-0.35.0.node'), node, nodeModuleFs);
    expect(sim.findings).toEqual([]);
    expect(sim.graph.nodes.filter((n) => n.resolution === 'search-path').map((n) => n.name).sort()).toEqual(['libvips-42.dll', 'libvips-cpp-8.18.3.dll']);
  });

  it('version mismatch: sharp 0.35.0 next to 0.34.5\'s libvips-42.dll is "procedure not found: vips_image_get_gainmap"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sharp-mix-'));
    await copyFile(join(x64New as string, 'sharp-win32-x64-0.35.0.node'), join(dir, 'sharp-win32-x64-0.35.0.node'));
    await copyFile(join(x64New as string, 'libvips-cpp-8.18.3.dll'), join(dir, 'libvips-cpp-8.18.3.dll'));
    await copyFile(join(x64Old as string, 'libvips-42.dll'), join(dir, 'libvips-42.dll'));
    const sim = await simulateWindowsLoad(join(dir, 'sharp-win32-x64-0.35.0.node'), { ...node, environmentDirs: [x64New as string] }, nodeModuleFs);
    const found = ofKind(sim, 'procedure-not-found');
    expect(found.map((f) => [f.importedBy, f.missingSymbols])).toEqual([
      [join(dir, 'sharp-win32-x64-0.35.0.node'), ['vips_image_get_gainmap']],
      [join(dir, 'libvips-cpp-8.18.3.dll'), ['vips_image_get_gainmap']],
    ]);
    expect(found[0]).toMatchObject({ code: 127, loadedFile: join(dir, 'libvips-42.dll'), exportedBy: [join(x64New as string, 'libvips-42.dll')] });
    expect(hasProblems(sim)).toBe(true);
  });

  it('wrong architecture: the 32-bit libvips-42.dll next to the 64-bit module is skipped, and nothing else is found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sharp-arch-'));
    await copyFile(join(x64Old as string, 'sharp-win32-x64.node'), join(dir, 'sharp-win32-x64.node'));
    await copyFile(join(x64Old as string, 'libvips-cpp-8.17.3.dll'), join(dir, 'libvips-cpp-8.17.3.dll'));
    await copyFile(join(ia32 as string, 'libvips-42.dll'), join(dir, 'libvips-42.dll'));
    const sim = await simulateWindowsLoad(join(dir, 'sharp-win32-x64.node'), node, nodeModuleFs);
    const f = ofKind(sim, 'dll-not-found').find((x) => x.dll === 'libvips-42.dll');
    expect(f).toMatchObject({ code: 126, skippedWrongMachine: [{ path: join(dir, 'libvips-42.dll'), machine: 'x86' }] });
  });

  it('DLL not found: the module without its lib folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sharp-alone-'));
    await copyFile(join(x64Old as string, 'sharp-win32-x64.node'), join(dir, 'sharp-win32-x64.node'));
    const missing = ofKind(await simulateWindowsLoad(join(dir, 'sharp-win32-x64.node'), node, nodeModuleFs), 'dll-not-found');
    expect(missing.map((f) => f.dll).sort()).toEqual(['libvips-42.dll', 'libvips-cpp-8.17.3.dll']);
  });
});
