import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseLdconfigOutput, parseLdSoCache, readLdSoCache } from '../../app/binary/ld-so-cache';
import { simulateLinuxLoad, type LinuxLoadContext } from '../../app/binary/linux-loader';
import type { Finding, LoadSimulation } from '../../app/binary/loader-types';
import { nodeModuleFs } from '../../app/binary/module-fs';
import { buildSharedObject } from './support/gcc';

const run = promisify(execFile);
let dir = '';
let ldCache: LinuxLoadContext['ldCache'] = [];

function ofKind<K extends Finding['kind']>(sim: LoadSimulation, kind: K): Extract<Finding, { kind: K }>[] {
  return sim.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}

const CXX_NEW = 'GLIBCXX_3.4 { global: cxx_base; local: *; };\nGLIBCXX_3.4.29 { global: cxx_29; } GLIBCXX_3.4;\nGLIBCXX_3.4.30 { global: cxx_30; } GLIBCXX_3.4.29;\n';
const CXX_OLD = 'GLIBCXX_3.4 { global: cxx_base; local: *; };\nGLIBCXX_3.4.29 { global: cxx_29; } GLIBCXX_3.4;\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'linux-loader-'));
  for (const sub of ['new', 'old', 'bare', 'l32', 'ext', 'ext/lib', 'ext/lib/x86_64-linux-gnu', 'cached']) await mkdir(join(dir, sub));
  // A stand-in libstdc++.so.6 in two versions: the new one defines GLIBCXX_3.4.30, the old one stops at 3.4.29.
  await buildSharedObject(join(dir, 'new'), 'libstdc++.so.6', 'int cxx_base(void){return 0;} int cxx_29(void){return 29;} int cxx_30(void){return 30;}', ['-Wl,-soname,libstdc++.so.6'], CXX_NEW);
  await buildSharedObject(join(dir, 'old'), 'libstdc++.so.6', 'int cxx_base(void){return 0;} int cxx_29(void){return 29;}', ['-Wl,-soname,libstdc++.so.6'], CXX_OLD);
  // Without any version information and without cxx_30 (an unrelated build of the same soname).
  await buildSharedObject(join(dir, 'bare'), 'libstdc++.so.6', 'int cxx_base(void){return 0;} int cxx_29(void){return 29;}', ['-Wl,-soname,libstdc++.so.6']);
  await buildSharedObject(join(dir, 'l32'), 'libstdc++.so.6', 'int cxx_30(void){return 30;}', ['-m32', '-nostdlib', '-Wl,-soname,libstdc++.so.6']);
  await copyFile(join(dir, 'new', 'libstdc++.so.6'), join(dir, 'ext', 'lib', 'libstdc++.so.6'));
  const source = 'extern int cxx_30(void); extern long PyLong_FromLong(long); long f(void){return PyLong_FromLong(cxx_30());}';
  const link = ['-L', join(dir, 'new'), '-l:libstdc++.so.6'];
  await buildSharedObject(join(dir, 'ext'), 'runpath.so', source, [...link, '-Wl,-rpath,$ORIGIN/lib', '-Wl,--enable-new-dtags']);
  await buildSharedObject(join(dir, 'ext'), 'rpath.so', source, [...link, `-Wl,-rpath,${join(dir, 'old')}`, '-Wl,--disable-new-dtags']);
  await buildSharedObject(join(dir, 'ext'), 'plain.so', source, link);
  await buildSharedObject(join(dir, 'ext'), 'libtoken.so', source, [...link, '-Wl,-rpath,$ORIGIN/$LIB', '-Wl,--enable-new-dtags']);
  await copyFile(join(dir, 'new', 'libstdc++.so.6'), join(dir, 'ext', 'lib', 'x86_64-linux-gnu', 'libstdc++.so.6'));
  await buildSharedObject(join(dir, 'ext'), 'needs-bar.so', 'extern int bar(void); int g(void){return bar();}', ['-L', join(dir, 'new'), '-Wl,--no-as-needed', '-l:libstdc++.so.6', `-Wl,--allow-shlib-undefined`]);
  // needs-bar.so additionally needs libbar.so.1, which exists nowhere: build it, link, then forget it.
  await buildSharedObject(join(dir, 'cached'), 'libbar.so.1', 'int bar(void){return 1;}', ['-Wl,-soname,libbar.so.1']);
  await buildSharedObject(join(dir, 'ext'), 'needs-missing.so', 'extern int bar(void); int g(void){return bar();}', ['-L', join(dir, 'cached'), '-l:libbar.so.1']);
  await writeFile(join(dir, 'cached', 'libbar.so.1'), '');
  ldCache = await readLdSoCache();
});

const base = (over: Partial<LinuxLoadContext> = {}): LinuxLoadContext => ({ ldCache, ...over });

describe('simulateLinuxLoad', () => {
  it('finds a library through DT_RUNPATH with $ORIGIN and reports nothing wrong', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'runpath.so'), base(), nodeModuleFs);
    expect(sim.findings).toEqual([]);
    expect(sim.graph.nodes.find((n) => n.name === 'libstdc++.so.6')?.path).toBe(join(dir, 'ext', '$ORIGIN/lib'.replace('$ORIGIN/', ''), 'libstdc++.so.6'));
    expect(sim.searchPath[0]).toEqual({ dir: join(dir, 'ext', 'lib'), reason: 'runpath' });
  });

  it('LD_LIBRARY_PATH wins over DT_RUNPATH: an older libstdc++ there gives "version GLIBCXX_3.4.30 not found"', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'runpath.so'), base({ ldLibraryPath: [join(dir, 'old')] }), nodeModuleFs);
    expect(ofKind(sim, 'symbol-version-not-found')).toEqual([expect.objectContaining({
      version: 'GLIBCXX_3.4.30', library: 'libstdc++.so.6', libraryFile: join(dir, 'old', 'libstdc++.so.6'), requiredBy: join(dir, 'ext', 'runpath.so'),
    })]);
    expect(ofKind(sim, 'undefined-symbol')[0]?.symbols).toEqual(['cxx_30@GLIBCXX_3.4.30']);
  });

  it('expands $LIB in a RUNPATH to the multiarch folder', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'libtoken.so'), base(), nodeModuleFs);
    expect(sim.findings).toEqual([]);
    expect(sim.graph.nodes.find((n) => n.name === 'libstdc++.so.6')?.path).toBe(join(dir, 'ext', 'lib', 'x86_64-linux-gnu', 'libstdc++.so.6'));
  });

  it('DT_RPATH wins over LD_LIBRARY_PATH (when there is no DT_RUNPATH)', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'rpath.so'), base({ ldLibraryPath: [join(dir, 'new')] }), nodeModuleFs);
    expect(ofKind(sim, 'symbol-version-not-found')[0]?.libraryFile).toBe(join(dir, 'old', 'libstdc++.so.6'));
    expect(sim.searchPath.map((d) => d.reason).slice(0, 2)).toEqual(['rpath', 'ld-library-path']);
  });

  it('undefined symbol: a build without version information lacks cxx_30', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'plain.so'), base({ ldLibraryPath: [join(dir, 'bare')] }), nodeModuleFs);
    expect(ofKind(sim, 'symbol-version-not-found')).toEqual([]);
    expect(ofKind(sim, 'undefined-symbol')[0]).toMatchObject({ file: join(dir, 'ext', 'plain.so'), symbols: ['cxx_30@GLIBCXX_3.4.30'] });
  });

  it('skips a candidate of the wrong ELF class and takes the next one', async () => {
    const sim = await simulateLinuxLoad(join(dir, 'ext', 'plain.so'), base({ ldLibraryPath: [join(dir, 'l32'), join(dir, 'new')] }), nodeModuleFs);
    expect(sim.findings.map((f) => [f.kind, f.severity])).toEqual([['wrong-elf-class', 'info']]);
    expect(sim.graph.nodes.find((n) => n.name === 'libstdc++.so.6')?.path).toBe(join(dir, 'new', 'libstdc++.so.6'));
  });

  it('library not found, with the folders searched; a wrong-class candidate is then a problem too', async () => {
    const missing = await simulateLinuxLoad(join(dir, 'ext', 'needs-missing.so'), base(), nodeModuleFs);
    expect(ofKind(missing, 'library-not-found')[0]).toMatchObject({ library: 'libbar.so.1', neededBy: [join(dir, 'ext', 'needs-missing.so')] });
    expect(ofKind(missing, 'library-not-found')[0]?.searched).toContain('/etc/ld.so.cache');
    const only32 = await simulateLinuxLoad(join(dir, 'ext', 'plain.so'), base({ ldLibraryPath: [join(dir, 'l32')], ldCache: [], defaultDirs: [] }), nodeModuleFs);
    expect(only32.findings.map((f) => [f.kind, f.severity])).toEqual([['wrong-elf-class', 'problem'], ['library-not-found', 'problem']]);
    expect(ofKind(only32, 'wrong-elf-class')[0]).toMatchObject({ found: 'ELFCLASS32 x86', expected: 'ELFCLASS64 x86-64' });
  });

  it('resolves a real extension of the system Python through the ld.so cache', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', 'import _ssl; print(_ssl.__file__)']);
    const sim = await simulateLinuxLoad(stdout.trim(), base(), nodeModuleFs);
    expect(sim.findings).toEqual([]);
    expect(sim.graph.nodes.map((n) => n.name)).toEqual(expect.arrayContaining(['libssl.so.3', 'libcrypto.so.3', 'libc.so.6']));
  });

  it('checks Py symbols against the interpreter when it is given as loaded', async () => {
    const python = '/usr/bin/python3.11';
    const ok = await simulateLinuxLoad(join(dir, 'ext', 'runpath.so'), base({ loadedObjects: [python] }), nodeModuleFs);
    expect(ok.findings).toEqual([]);
    const withoutHost = await simulateLinuxLoad(join(dir, 'ext', 'runpath.so'), base({ assumeInterpreterSymbols: false }), nodeModuleFs);
    expect(ofKind(withoutHost, 'undefined-symbol')[0]?.symbols).toEqual(['PyLong_FromLong']);
  });
});

describe('ld.so.cache', () => {
  it('parses /etc/ld.so.cache to the same entries as `ldconfig -p`', async () => {
    const { stdout } = await run('ldconfig', ['-p']);
    const fromTool = parseLdconfigOutput(stdout).map((e) => `${e.name} ${e.path}`).sort();
    const fromFile = parseLdSoCache(new Uint8Array(await readFile('/etc/ld.so.cache'))).map((e) => `${e.name} ${e.path}`).sort();
    expect(fromFile.length).toBeGreaterThan(10);
    expect(fromFile).toEqual(fromTool);
  });

  it('returns no entries for bytes in an unknown format', () => {
    expect(parseLdSoCache(new TextEncoder().encode('not a cache at all'))).toEqual([]);
  });
});
