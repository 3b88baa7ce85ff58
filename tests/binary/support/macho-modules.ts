/**
 * In-memory Mach-O modules for the dyld simulation's tests: each one states only what a case is
 * about (install names, LC_RPATHs, imports, exports, CPU), the rest as a plain arm64 image has it.
 */
import type { DyldFs } from '../../../app/binary/dyld-types';
import type { MachoCpu, MachoDylibKind, MachoImage, MachoLookup, MachoModule, MachoVersion } from '../../../app/binary/macho-types';

function version(text: string): MachoVersion {
  const [a = 0, b = 0, c = 0] = text.split('.').map(Number);
  return { packed: (a << 16) | (b << 8) | c, text };
}

export interface ModuleSpec {
  readonly cpu?: MachoCpu;
  /** Other slices of a universal file (their images are not read). */
  readonly alsoCpus?: readonly MachoCpu[];
  readonly filetype?: 'execute' | 'dylib' | 'bundle';
  readonly id?: string;
  readonly compatibilityVersion?: string;
  readonly dylibs?: readonly (string | { name: string; kind?: MachoDylibKind; compatibilityVersion?: string })[];
  readonly rpaths?: readonly string[];
  /** `_sym` looked up flat, or [`_sym`, ordinal] two-level, or [`_sym`, ordinal, 'weak'] a weak import. */
  readonly imports?: readonly (string | readonly [string, number] | readonly [string, number, 'weak'])[];
  readonly exports?: readonly string[];
  readonly minMacos?: string;
  readonly twoLevel?: boolean;
}

/** A MachoModule as the reader returns it for a process of `wanted` CPU. */
export function machoModule(path: string, spec: ModuleSpec, wanted: MachoCpu): MachoModule {
  const cpu = spec.cpu ?? 'arm64';
  const cpus = [cpu, ...(spec.alsoCpus ?? [])];
  const slices = cpus.map((c) => ({ cpu: c, cpuType: 0, cpuSubtype: 0, offset: 0, size: 0, align: 0 }));
  const chosen = slices.find((s) => s.cpu === wanted) ?? (wanted === 'arm64e' ? slices.find((s) => s.cpu === 'arm64') : undefined);
  const dylibs = (spec.dylibs ?? []).map((d) => {
    const o = typeof d === 'string' ? { name: d } : d;
    return { name: o.name, kind: o.kind ?? 'load', currentVersion: version('1.0.0'), compatibilityVersion: version(o.compatibilityVersion ?? '1.0.0'), timestamp: 2 };
  });
  const imports = (spec.imports ?? []).map((i) => {
    const [name, ordinal, weak] = typeof i === 'string' ? [i, -2, undefined] : i;
    const lookup: MachoLookup = ordinal >= 1 ? 'dylib' : ordinal === 0 ? 'self' : ordinal === -1 ? 'main-executable' : ordinal === -2 ? 'flat-lookup' : 'weak-lookup';
    return { name, libraryOrdinal: ordinal, lookup, library: ordinal >= 1 ? (dylibs[ordinal - 1]?.name ?? null) : null, weakImport: weak === 'weak', source: 'chained-fixups' as const, addend: 0 };
  });
  const image: MachoImage = {
    slice: chosen ?? (slices[0] as MachoModule['slices'][number]),
    bits: 64,
    filetype: spec.filetype ?? 'dylib',
    filetypeCode: 6,
    flags: 0,
    twoLevelNamespace: spec.twoLevel ?? true,
    weakDefines: false,
    bindsToWeak: false,
    loadCommands: [],
    id: spec.id ? { name: spec.id, currentVersion: version(spec.compatibilityVersion ?? '1.0.0'), compatibilityVersion: version(spec.compatibilityVersion ?? '1.0.0'), timestamp: 1 } : null,
    dylibs,
    rpaths: spec.rpaths ?? [],
    minOs: { source: 'build-version', platform: 'macos', platformCode: 1, minos: version(spec.minMacos ?? '11.0'), sdk: version('14.0') },
    uuid: null,
    importsSource: 'chained-fixups',
    imports,
    exportsSource: 'exports-trie',
    exports: (spec.exports ?? []).map((name) => ({ name, kind: 'regular' as const, flags: 0, weakDefinition: false, address: 0, reexport: null, resolver: null })),
  };
  return { format: 'macho', path, fileSize: 0, universal: cpus.length > 1 ? 'fat' : null, slices, image: chosen ? image : null, findings: [] };
}

/** A DyldFs over path → spec; a path not in the map is "no such file". */
export function memoryDyldFs(files: Readonly<Record<string, ModuleSpec>>): DyldFs {
  return {
    readMachO: async (path, cpu) => {
      const spec = files[path];
      return spec ? machoModule(path, spec, cpu) : null;
    },
  };
}
