import { describe, expect, it } from 'vitest';
import type { Finding, LoadSimulation } from '../../app/binary/loader-types';
import { hasProblems } from '../../app/binary/loader-types';
import { memoryModuleFs } from '../../app/binary/module-fs';
import { simulateWindowsLoad } from '../../app/binary/windows-loader';
import { condaDllDirs, windowsSearchPath, type WindowsLoadContext } from '../../app/binary/windows-search-path';
import { writePe, type PeSpec } from './support/pe-writer';

const ENV = 'C:\\env';
const SITE = `${ENV}\\Lib\\site-packages\\pkg`;
const SYS = 'C:\\Windows\\System32';
const EXT = `${SITE}\\_ext.pyd`;

function fsOf(files: Record<string, PeSpec | Uint8Array>): ReturnType<typeof memoryModuleFs> {
  return memoryModuleFs(new Map(Object.entries(files).map(([p, spec]) => [p, spec instanceof Uint8Array ? spec : writePe(spec)])));
}

function ofKind<K extends Finding['kind']>(sim: LoadSimulation, kind: K): Extract<Finding, { kind: K }>[] {
  return sim.findings.filter((f): f is Extract<Finding, { kind: K }> => f.kind === kind);
}

const ctx = (over: Partial<WindowsLoadContext> = {}): WindowsLoadContext => ({ pythonVersion: '3.11', interpreterDir: ENV, ...over });

describe('Windows search path per Python version and distribution', () => {
  it('3.8+: module folder, python.exe folder, add_dll_directory folders, System32; never PATH or cwd', () => {
    const dirs = windowsSearchPath(ctx({ dllDirectories: ['C:\\libs'], path: ['C:\\onpath'], currentDir: 'C:\\cwd', systemDir: SYS }), SITE);
    expect(dirs.map((d) => [d.dir, d.reason])).toEqual([
      [SITE, 'dll-load-dir'], [ENV, 'application-dir'], ['C:\\libs', 'add-dll-directory'], [SYS, 'system32'],
    ]);
  });

  it('3.7 and earlier: module folder, System32, Windows, cwd, then PATH', () => {
    const dirs = windowsSearchPath(ctx({ pythonVersion: '3.7', path: ['C:\\onpath'], currentDir: 'C:\\cwd', systemDir: SYS, windowsDir: 'C:\\Windows' }), SITE);
    expect(dirs.map((d) => d.reason)).toEqual(['dll-load-dir', 'system32', 'windows-dir', 'current-dir', 'path']);
  });

  it('conda: the five conda folders after add_dll_directory folders, before System32; <3.10 ignores add_dll_directory', () => {
    const modern = windowsSearchPath(ctx({ pythonVersion: '3.11', distribution: 'conda', condaPrefix: ENV, dllDirectories: ['C:\\libs'], systemDir: SYS }), SITE);
    expect(modern.map((d) => d.dir)).toEqual([
      SITE, ENV, 'C:\\libs', `${ENV}\\Library\\mingw-w64\\bin`, `${ENV}\\Library\\usr\\bin`, `${ENV}\\Library\\bin`, `${ENV}\\Scripts`, `${ENV}\\bin`, SYS,
    ]);
    const old = windowsSearchPath(ctx({ pythonVersion: '3.9', distribution: 'conda', condaPrefix: ENV, dllDirectories: ['C:\\libs'] }), SITE);
    expect(old.map((d) => d.dir)).not.toContain('C:\\libs');
  });

  it('conda with CONDA_DLL_SEARCH_MODIFICATION_ENABLE: Windows, cwd, conda folders, PATH, add_dll_directory, System32 last (python-feedstock#481)', () => {
    const dirs = windowsSearchPath(ctx({ pythonVersion: '3.9', distribution: 'conda', condaPrefix: ENV, condaDllSearchModification: true, dllDirectories: ['C:\\libs'], path: ['C:\\onpath'], currentDir: 'C:\\cwd', systemDir: SYS, windowsDir: 'C:\\Windows' }), SITE);
    expect(dirs.map((d) => d.reason)).toEqual(['dll-load-dir', 'application-dir', 'windows-dir', 'current-dir', 'conda-dir', 'conda-dir', 'conda-dir', 'conda-dir', 'conda-dir', 'path', 'add-dll-directory', 'system32']);
    const plain = windowsSearchPath(ctx({ pythonVersion: '3.9', condaDllSearchModification: true, path: ['C:\\onpath'], systemDir: SYS }), SITE);
    expect(plain.map((d) => d.reason)).not.toContain('path');
  });
});

describe('simulateWindowsLoad', () => {
  it('resolves a clean graph with cycles and repeats, case-insensitively, and finds nothing wrong', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'LIBA.DLL', symbols: ['a'] }, { dll: 'libb.dll', symbols: ['b'] }, { dll: 'KERNEL32.dll', symbols: ['GetLastError'] }] },
      [`${SITE}\\liba.dll`]: { exports: [{ name: 'a' }], imports: [{ dll: 'libb.dll', symbols: ['b'] }] },
      [`${SITE}\\LibB.dll`]: { exports: [{ name: 'b' }], imports: [{ dll: 'liba.dll', symbols: ['a'] }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx(), fs);
    expect(sim.findings).toEqual([]);
    expect(hasProblems(sim)).toBe(false);
    expect(sim.graph.nodes.map((n) => n.resolution).sort()).toEqual(['known-dll', 'root', 'search-path', 'search-path']);
    expect(sim.graph.edges.filter((e) => e.to.endsWith('liba.dll'))).toHaveLength(2);
  });

  it('126: names the missing DLL, who imports it and the folders searched', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'zlib1.dll', symbols: ['inflate'] }] } });
    const [f] = ofKind(await simulateWindowsLoad(EXT, ctx({ dllDirectories: ['C:\\libs'] }), fs), 'dll-not-found');
    expect(f).toMatchObject({ code: 126, dll: 'zlib1.dll', importedBy: [EXT], searched: [SITE, ENV, 'C:\\libs'], severity: 'problem' });
  });

  it('3.8+ does not find a DLL that is only on PATH; 3.7 does', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'hdf5.dll', symbols: ['H5open'] }] }, 'C:\\tools\\hdf5.dll': { exports: [{ name: 'H5open' }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ path: ['C:\\tools'] }), fs), 'dll-not-found')).toHaveLength(1);
    expect((await simulateWindowsLoad(EXT, ctx({ pythonVersion: '3.7', path: ['C:\\tools'] }), fs)).findings).toEqual([]);
  });

  it('127: names the missing procedures, the file loaded, and the other copy that exports them', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'python36.dll', symbols: ['PyLong_FromLong', 'PySlice_Unpack', 'PySlice_AdjustIndices'] }] },
      [`${ENV}\\python36.dll`]: { exports: [{ name: 'PyLong_FromLong' }] },
      'C:\\py361\\python36.dll': { exports: [{ name: 'PyLong_FromLong' }, { name: 'PySlice_AdjustIndices' }, { name: 'PySlice_Unpack' }] },
    });
    // Pillow 4.1.0 built on 3.6.1 running on 3.6.0 (catalog row 1): python36.dll is already loaded by python.exe.
    const loadedModules = [{ name: 'python36.dll', path: `${ENV}\\python36.dll` }];
    const sim36 = await simulateWindowsLoad(EXT, ctx({ pythonVersion: '3.6', loadedModules, environmentDirs: ['C:\\py361'] }), fs);
    expect(ofKind(sim36, 'procedure-not-found')[0]).toMatchObject({
      code: 127, dll: 'python36.dll', loadedFile: `${ENV}\\python36.dll`, missingSymbols: ['PySlice_Unpack', 'PySlice_AdjustIndices'], exportedBy: ['C:\\py361\\python36.dll'],
    });
  });

  it('182: an ordinal the loaded DLL lacks', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'mkl_rt.dll', symbols: [241] }] }, [`${SITE}\\mkl_rt.dll`]: { exports: [{ name: 'x', ordinal: 1 }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'procedure-not-found')[0]).toMatchObject({ code: 182, missingSymbols: ['#241'] });
  });

  it('follows forwarders to the file they name, and treats a forwarder loop as missing', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'front.dll', symbols: ['good', 'broken', 'loop'] }] },
      [`${SITE}\\front.dll`]: { exports: [{ name: 'good', forwarder: 'back.real' }, { name: 'broken', forwarder: 'back.absent' }, { name: 'loop', forwarder: 'back.loop' }] },
      [`${SITE}\\back.dll`]: { exports: [{ name: 'real' }, { name: 'loop', forwarder: 'front.loop' }] },
    });
    const [f] = ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'procedure-not-found');
    expect(f?.missingSymbols).toEqual(['broken', 'loop']);
  });

  it('a 32-bit DLL met by a 64-bit module is skipped: the search goes on, 126 when nothing else is found', async () => {
    const only32 = fsOf({ [EXT]: { imports: [{ dll: 'libffi-8.dll', symbols: ['ffi_call'] }] }, [`${SITE}\\libffi-8.dll`]: { machine: 'x86', exports: [{ name: 'ffi_call' }] } });
    const sim = await simulateWindowsLoad(EXT, ctx(), only32);
    expect(ofKind(sim, 'wrong-architecture')).toEqual([]);
    expect(ofKind(sim, 'dll-not-found')[0]).toMatchObject({ code: 126, dll: 'libffi-8.dll', skippedWrongMachine: [{ path: `${SITE}\\libffi-8.dll`, machine: 'x86' }] });
    const withRightCopy = fsOf({
      [EXT]: { imports: [{ dll: 'libffi-8.dll', symbols: ['ffi_call'] }] },
      [`${SITE}\\libffi-8.dll`]: { machine: 'x86', exports: [{ name: 'ffi_call' }] },
      [`${ENV}\\libffi-8.dll`]: { exports: [{ name: 'ffi_call' }] },
    });
    const ok = await simulateWindowsLoad(EXT, ctx(), withRightCopy);
    expect(hasProblems(ok)).toBe(false);
    expect(ok.graph.nodes.find((n) => n.name === 'libffi-8.dll')?.path).toBe(`${ENV}\\libffi-8.dll`);
  });

  it('193: a DLL of the same bitness for another CPU stops the search', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'libffi-8.dll', symbols: ['ffi_call'] }] },
      [`${SITE}\\libffi-8.dll`]: { machine: 'arm64', exports: [{ name: 'ffi_call' }] },
      [`${ENV}\\libffi-8.dll`]: { exports: [{ name: 'ffi_call' }] },
    });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'wrong-architecture')[0]).toMatchObject({ code: 193, machine: 'arm64', expected: 'x64', file: `${SITE}\\libffi-8.dll` });
  });

  it('ARM64X loads in an x64 process (emulated on ARM64 Windows); plain ARM64 and ARM64EC in the wrong process do not', async () => {
    const dep = (spec: Partial<PeSpec>) => fsOf({ [EXT]: { imports: [{ dll: 'libm.dll', symbols: ['f'] }] }, [`${SITE}\\libm.dll`]: { exports: [{ name: 'f' }], ...spec } });
    expect(hasProblems(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'x64' }), dep({ machine: 'arm64', hybridMetadata: true })))).toBe(false);
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'x64' }), dep({ machine: 'arm64' })), 'wrong-architecture')[0]).toMatchObject({ machine: 'arm64', expected: 'x64' });
    const armRoot = (spec: Partial<PeSpec>) => fsOf({ [EXT]: { machine: 'arm64', imports: [{ dll: 'libm.dll', symbols: ['f'] }] }, [`${SITE}\\libm.dll`]: { exports: [{ name: 'f' }], ...spec } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'arm64' }), armRoot({ machine: 'x64', hybridMetadata: true })), 'wrong-architecture')[0]).toMatchObject({ machine: 'x64', expected: 'arm64' });
    expect(hasProblems(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'arm64' }), armRoot({ machine: 'arm64', hybridMetadata: true })))).toBe(false);
  });

  it('a module for another CPU than the interpreter is the one finding: its imports are not reported', async () => {
    const fs = fsOf({ [EXT]: { machine: 'x86', imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError'] }, { dll: 'gone.dll', symbols: ['f'] }] }, [`${SYS}\\kernel32.dll`]: { exports: [{ name: 'GetLastError' }] } });
    const sim = await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'x64', systemDir: SYS }), fs);
    expect(sim.findings.map((f) => f.kind)).toEqual(['wrong-architecture']);
  });

  it('with a System32 at hand, a core or known DLL it lacks is missing (126), not assumed', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'bcryptprimitives.dll', symbols: ['ProcessPrng'] }, { dll: 'ws2_32.dll', symbols: ['WSAStartup'] }] }, [`${SYS}\\kernel32.dll`]: { exports: [{ name: 'GetLastError' }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ systemDir: SYS }), fs), 'dll-not-found').map((f) => f.dll).sort()).toEqual(['bcryptprimitives.dll', 'ws2_32.dll']);
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'dll-not-found')).toEqual([]);
  });

  it('a forwarder target is mapped with the module: it joins the graph and its own imports are checked', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'liba.dll', symbols: ['f'] }] },
      [`${SITE}\\liba.dll`]: { exports: [{ name: 'f', forwarder: 'libb.g' }] },
      [`${SITE}\\libb.dll`]: { exports: [{ name: 'g' }], imports: [{ dll: 'libc.dll', symbols: ['h'] }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx(), fs);
    expect(sim.graph.edges.find((e) => e.viaForwarder)).toMatchObject({ from: `${SITE}\\liba.dll`.toLowerCase(), to: `${SITE}\\libb.dll`.toLowerCase(), importName: 'libb' });
    expect(ofKind(sim, 'dll-not-found')[0]).toMatchObject({ dll: 'libc.dll', importedBy: [`${SITE}\\libb.dll`] });
  });

  it('193 for a dependency whose section data lies past the end of the file', async () => {
    const whole = writePe({ exports: [{ name: 'f' }] });
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'liba.dll', symbols: ['f'] }] }, [`${SITE}\\liba.dll`]: whole.subarray(0, whole.length - 0x100) });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'unreadable-module')[0]).toMatchObject({ severity: 'problem', file: `${SITE}\\liba.dll` });
  });

  it('193: the extension itself is for another CPU than the interpreter', async () => {
    const fs = fsOf({ [EXT]: { machine: 'x86', imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError'] }] } });
    const [f] = ofKind(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'x64' }), fs), 'wrong-architecture');
    expect(f).toMatchObject({ code: 193, file: EXT, machine: 'x86', expected: 'x64' });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ pythonMachine: 'x86' }), fs), 'wrong-architecture')).toEqual([]);
  });

  it('reports a missing VC++ runtime, and the UCRT when a System32 stand-in lacks ucrtbase.dll', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'VCRUNTIME140.dll', symbols: ['memcpy'] }, { dll: 'MSVCP140.dll', symbols: ['?_Xlength_error@std@@YAXPEBD@Z'] }, { dll: 'api-ms-win-crt-runtime-l1-1-0.dll', symbols: ['_initterm'] }] },
      [`${SYS}\\kernel32.dll`]: { exports: [{ name: 'GetLastError' }] },
    });
    const withoutSystem = ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'vc-runtime-missing')[0];
    expect(withoutSystem?.dlls).toEqual(['vcruntime140.dll', 'msvcp140.dll']);
    const withSystem = ofKind(await simulateWindowsLoad(EXT, ctx({ systemDir: SYS }), fs), 'vc-runtime-missing')[0];
    expect(withSystem?.dlls).toEqual(['vcruntime140.dll', 'msvcp140.dll', 'api-ms-win-crt-runtime-l1-1-0.dll']);
  });

  it('checks KnownDLLs and the UCRT against a System32 stand-in when one is given', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError', 'NoSuchApi'] }, { dll: 'api-ms-win-crt-heap-l1-1-0.dll', symbols: ['malloc'] }] },
      [`${SYS}\\KERNEL32.DLL`]: { exports: [{ name: 'GetLastError' }] },
      [`${SYS}\\ucrtbase.dll`]: { exports: [{ name: 'malloc' }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx({ systemDir: SYS }), fs);
    expect(ofKind(sim, 'procedure-not-found').map((f) => f.missingSymbols)).toEqual([['NoSuchApi']]);
    const without = await simulateWindowsLoad(EXT, ctx(), fs);
    expect(without.findings).toEqual([]);
    expect(without.graph.nodes.find((n) => n.name === 'kernel32.dll')).toMatchObject({ resolution: 'known-dll', checked: false });
  });

  it('shadowing: a System32 copy wins for Python 3.7 and the environment copy would have worked', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'libssl-1_1-x64.dll', symbols: ['OPENSSL_init_ssl'] }] },
      [`${SYS}\\libssl-1_1-x64.dll`]: { exports: [{ name: 'SSL_new' }] },
      [`${ENV}\\Library\\bin\\libssl-1_1-x64.dll`]: { exports: [{ name: 'OPENSSL_init_ssl' }, { name: 'SSL_new' }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx({ pythonVersion: '3.7', systemDir: SYS, path: [`${ENV}\\Library\\bin`] }), fs);
    expect(ofKind(sim, 'shadowed')[0]).toMatchObject({
      severity: 'problem', winner: `${SYS}\\libssl-1_1-x64.dll`, winnerSatisfies: false,
      shadowed: [{ path: `${ENV}\\Library\\bin\\libssl-1_1-x64.dll`, wouldSatisfy: true }],
    });
    expect(ofKind(sim, 'procedure-not-found')[0]?.exportedBy).toEqual([`${ENV}\\Library\\bin\\libssl-1_1-x64.dll`]);
  });

  it('an already-loaded module wins over every folder (h5py after GDAL)', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'hdf5.dll', symbols: ['H5Pset_fapl_ros3'] }] },
      [`${SITE}\\hdf5.dll`]: { exports: [{ name: 'H5Pset_fapl_ros3' }] },
      'C:\\gdal\\hdf5.dll': { exports: [{ name: 'H5open' }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx({ loadedModules: [{ name: 'hdf5.dll', path: 'C:\\gdal\\hdf5.dll' }] }), fs);
    expect(ofKind(sim, 'procedure-not-found')[0]).toMatchObject({ loadedFile: 'C:\\gdal\\hdf5.dll', exportedBy: [`${SITE}\\hdf5.dll`] });
    expect(ofKind(sim, 'shadowed')[0]).toMatchObject({ severity: 'problem', winner: 'C:\\gdal\\hdf5.dll' });
  });

  it('a harmless duplicate further down is reported as info only', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'zlib.dll', symbols: ['inflate'] }] },
      [`${SITE}\\zlib.dll`]: { exports: [{ name: 'inflate' }] },
      [`${ENV}\\zlib.dll`]: { exports: [{ name: 'inflate' }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx(), fs);
    expect(sim.findings.map((f) => [f.kind, f.severity])).toEqual([['shadowed', 'info']]);
    expect(hasProblems(sim)).toBe(false);
  });

  it('a missing delay-loaded DLL is a warning, not a load failure', async () => {
    const fs = fsOf({ [EXT]: { delayImports: [{ dll: 'nvcuda.dll', symbols: ['cuInit'] }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'dll-not-found')[0]).toMatchObject({ severity: 'warning', delayLoad: true });
  });

  it('flags an extension built for another Python version', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'python37.dll', symbols: ['PyLong_FromLong'] }] }, [`${ENV}\\python37.dll`]: { exports: [{ name: 'PyLong_FromLong' }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ pythonVersion: '3.8' }), fs), 'python-version-mismatch')[0]).toMatchObject({ dll: 'python37.dll', expected: 'python38.dll' });
  });

  it('reports a dependency that cannot be parsed instead of failing', async () => {
    const fs = fsOf({ [EXT]: { imports: [{ dll: 'broken.dll', symbols: ['x'] }] }, [`${SITE}\\broken.dll`]: new Uint8Array([0x4d, 0x5a, 1, 2, 3]) });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx(), fs), 'unreadable-module')[0]?.file).toBe(`${SITE}\\broken.dll`);
  });
});

describe('side-by-side assemblies (Python 2.7 era VC90 runtime)', () => {
  const manifest = '<assembly><dependency><dependentAssembly><assemblyIdentity type="win32" name="Microsoft.VC90.CRT" version="9.0.21022.8" processorArchitecture="amd64" publicKeyToken="1fc8b3b9a1e18e3b"/></dependentAssembly></dependency></assembly>';

  it('loads msvcr90.dll from the private assembly folder next to the module when there is one', async () => {
    const fs = fsOf({
      [EXT]: { imports: [{ dll: 'MSVCR90.dll', symbols: ['malloc', 'missing_fn'] }], manifest },
      [`${SITE}\\Microsoft.VC90.CRT\\msvcr90.dll`]: { exports: [{ name: 'malloc' }] },
    });
    const sim = await simulateWindowsLoad(EXT, ctx({ pythonVersion: '2.7' }), fs);
    expect(sim.graph.nodes.find((n) => n.name === 'msvcr90.dll')).toMatchObject({ resolution: 'side-by-side', path: `${SITE}\\Microsoft.VC90.CRT\\msvcr90.dll` });
    expect(ofKind(sim, 'procedure-not-found')[0]?.missingSymbols).toEqual(['missing_fn']);
  });

  it('otherwise leaves it to WinSxS (not checked), and without the manifest reports the runtime missing', async () => {
    const withManifest = fsOf({ [EXT]: { imports: [{ dll: 'MSVCR90.dll', symbols: ['malloc'] }], manifest } });
    const sim = await simulateWindowsLoad(EXT, ctx({ pythonVersion: '2.7' }), withManifest);
    expect(sim.findings).toEqual([]);
    expect(sim.graph.nodes.find((n) => n.name === 'msvcr90.dll')).toMatchObject({ resolution: 'side-by-side', checked: false });
    const without = fsOf({ [EXT]: { imports: [{ dll: 'MSVCR90.dll', symbols: ['malloc'] }] } });
    expect(ofKind(await simulateWindowsLoad(EXT, ctx({ pythonVersion: '2.7' }), without), 'vc-runtime-missing')[0]?.dlls).toEqual(['msvcr90.dll']);
  });
});

describe('condaDllDirs', () => {
  it('names the five conda folders in the style of the prefix, so a copied Windows folder is found on Linux', () => {
    expect(condaDllDirs('/mnt/copy/Anaconda3')).toEqual(['/mnt/copy/Anaconda3/Library/mingw-w64/bin', '/mnt/copy/Anaconda3/Library/usr/bin', '/mnt/copy/Anaconda3/Library/bin', '/mnt/copy/Anaconda3/Scripts', '/mnt/copy/Anaconda3/bin']);
    expect(condaDllDirs('C:\\Users\\me\\Anaconda3')[2]).toBe('C:\\Users\\me\\Anaconda3\\Library\\bin');
  });
});
