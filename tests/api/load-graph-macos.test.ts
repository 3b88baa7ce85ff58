import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../app/api/load-graph';
import { fixtureLib } from '../binary/support/fixtures';
import { canLinkMachO, darwinNodeModules, macExecutable } from '../envs/mac-binaries';
import { makeTempDir } from '../support/venv';

/**
 * The wizard's whole-graph view of a Mach-O module, for a macOS environment copied here: sharp's
 * real arm64 module (it links @rpath/libvips-cpp.8.17.3.dylib with LC_RPATHs relative to
 * @loader_path) placed as an extension module, with and without sharp's real libvips beside it,
 * under an arm64 python3 linked here. The Mac's version is unknown: the shared cache is assumed.
 */
const sharp = darwinNodeModules();
const libvips = fixtureLib('@img/sharp-libvips-darwin-arm64', '1.2.4');

describe.skipIf(!sharp || !libvips || !canLinkMachO)('loadGraph for a macOS environment read offline', () => {
  let root: string;
  let python: string;
  let module: string;
  let site: string;
  beforeAll(async () => {
    root = await makeTempDir('load-graph-macos');
    const prefix = path.join(root, 'Versions', '3.12');
    python = path.join(prefix, 'bin', 'python3');
    await mkdir(path.dirname(python), { recursive: true });
    await writeFile(python, await macExecutable('arm64'), { mode: 0o755 });
    site = path.join(prefix, 'lib', 'python3.12', 'site-packages');
    module = path.join(site, 'sharp_demo', '_sharp.cpython-312-darwin.so');
    await mkdir(path.dirname(module), { recursive: true });
    await copyFile(sharp!.arm64, module);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("shows the @rpath library missing with dyld's tried: paths as the search order, system libraries from the shared cache", async () => {
    const graph = await loadGraph(python, module, {}, 'linux');
    const vips = graph?.nodes.find((n) => n.name === 'libvips-cpp.8.17.3.dylib');
    expect(vips).toMatchObject({ missing: true, path: null, foundBy: null });
    // The first LC_RPATH, @loader_path/../../sharp-libvips-darwin-arm64/lib, is tried first, written as dyld writes it (not normalised).
    expect(graph?.searchPath[0]?.path).toBe(`${path.dirname(module)}/../../sharp-libvips-darwin-arm64/lib/libvips-cpp.8.17.3.dylib`);
    expect(graph?.searchPath.every((s) => /no such file/.test(s.step))).toBe(true);
    expect(graph?.nodes.find((n) => n.name === 'libc++.1.dylib')).toMatchObject({ missing: false, path: null, foundBy: 'dyld shared cache' });
    expect(graph?.edges.filter((e) => e.from === graph.root).map((e) => e.importName).sort()).toEqual(['/usr/lib/libSystem.B.dylib', '/usr/lib/libc++.1.dylib', '@rpath/libvips-cpp.8.17.3.dylib']);
    expect(graph?.wrongMachine).toEqual([]);
  });

  it('finds libvips through the LC_RPATH once it is there, and its imports are all satisfied', async () => {
    const dir = path.join(site, '..', 'sharp-libvips-darwin-arm64', 'lib');
    await mkdir(dir, { recursive: true });
    await copyFile(path.join(libvips!, 'libvips-cpp.8.17.3.dylib'), path.join(dir, 'libvips-cpp.8.17.3.dylib'));
    const graph = await loadGraph(python, module, {}, 'linux');
    const vips = graph?.nodes.find((n) => n.name === 'libvips-cpp.8.17.3.dylib');
    expect(vips).toMatchObject({ missing: false, foundBy: '@rpath (LC_RPATH)' });
    expect(path.normalize(vips?.path ?? '')).toBe(path.join(dir, 'libvips-cpp.8.17.3.dylib'));
    expect(graph?.nodes.some((n) => n.missing)).toBe(false);
    expect(graph?.searchPath).toEqual([]);
    expect(graph?.edges.flatMap((e) => e.missingSymbols)).toEqual([]);
  });

  it('names the wrong architecture: the arm64 module under an x86_64 python (Rosetta)', async () => {
    await writeFile(python, await macExecutable('x86_64'), { mode: 0o755 });
    const graph = await loadGraph(python, module, {}, 'linux');
    expect(graph?.wrongMachine).toEqual([{ file: module, machine: 'arm64', expected: 'x86_64' }]);
    await writeFile(python, await macExecutable('arm64'), { mode: 0o755 });
  });

  it('refuses a Mach-O module for a Linux environment', async () => {
    await expect(loadGraph('/usr/bin/python3', module, {}, 'linux')).rejects.toMatchObject({ code: 'not-macos-environment' });
  });
});
