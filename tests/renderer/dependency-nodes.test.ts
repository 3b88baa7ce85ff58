import { describe, expect, it } from 'vitest';
import type { DependencyLink, Evidence } from '../../app/diagnosis/types';
import type { LoadGraph } from '../../app/contract/load-graph-types';
import { dependencyTree, graphAsLinks } from '../../renderer/wizard/dependency-nodes';

const link = (file: string, needs: string, resolvedPath: string | null, foundBy: string | null = 'RUNPATH'): DependencyLink => ({ file, needs, resolvedPath, foundBy, owner: null });

describe('the dependency tree', () => {
  it('marks the library that lacks functions on its own node, and its ancestors as the way to the problem', () => {
    const links = [link('/v/_core.so', 'libcompanion.so.1', '/v/libcompanion.so.1'), link('/v/_core.so', 'libc.so.6', '/lib/libc.so.6', 'ld.so.cache')];
    const evidence = [{ kind: 'missing-symbols', summary: '', importer: '/v/_core.so', provider: '/v/libcompanion.so.1', symbols: ['companion_blend_v2'], ordinals: [], versions: [] }] as Evidence[];
    const root = dependencyTree(links, null, evidence);
    expect(root?.failing).toBe(true);
    expect(root?.lacks).toEqual([]);
    const [companion, libc] = root?.children ?? [];
    expect(companion).toMatchObject({ file: '/v/libcompanion.so.1', foundBy: 'RUNPATH', lacks: ['companion_blend_v2'], failing: true });
    expect(libc).toMatchObject({ file: '/lib/libc.so.6', foundBy: 'ld.so.cache', failing: false });
  });

  it('marks a library found nowhere, and the file that would satisfy a shadowed one', () => {
    const links = [link('C:\\e\\_geos.pyd', 'geos_c.dll', null), link('C:\\e\\_geos.pyd', 'zlib.dll', 'C:\\Windows\\zlib.dll', 'PATH')];
    const evidence = [{ kind: 'shadowing', summary: '', library: 'zlib.dll', winner: 'C:\\Windows\\zlib.dll', winnerStep: 'PATH', intended: 'C:\\e\\Library\\bin\\zlib.dll' }] as unknown as Evidence[];
    const root = dependencyTree(links, 'geos_c.dll', evidence);
    expect(root?.children[0]).toMatchObject({ file: 'geos_c.dll', missing: true, failing: true });
    expect(root?.children[1]).toMatchObject({ satisfiedBy: 'C:\\e\\Library\\bin\\zlib.dll', failing: true });
  });

  it('ends cycles', () => {
    const root = dependencyTree([link('/a.so', 'b.so', '/b.so'), link('/b.so', 'a.so', '/a.so')], null, []);
    expect(root?.children[0]?.children[0]).toMatchObject({ file: '/a.so', repeat: true, children: [] });
  });
});

describe('the whole load graph as a tree', () => {
  it('puts the module first, keeps the search step of each file, and marks the symbols a library lacks', () => {
    const graph: LoadGraph = {
      root: 'r',
      searchPath: [{ path: '/v/lib', step: 'RUNPATH' }],
      nodes: [
        { id: 'r', name: '_core.so', path: '/v/_core.so', foundBy: 'root', missing: false },
        { id: 'c', name: 'libcompanion.so.1', path: '/v/lib/libcompanion.so.1', foundBy: 'RUNPATH', missing: false },
        { id: 'libc', name: 'libc.so.6', path: '/lib/libc.so.6', foundBy: 'ld.so.cache', missing: false },
        { id: 'm', name: 'libm.so.6', path: null, foundBy: 'system', missing: false },
        { id: 'x', name: 'libx.so', path: null, foundBy: null, missing: true },
      ],
      edges: [
        { from: 'c', to: 'libc', importName: 'libc.so.6', missingSymbols: [] },
        { from: 'r', to: 'c', importName: 'libcompanion.so.1', missingSymbols: ['companion_blend_v2'] },
        { from: 'r', to: 'm', importName: 'libm.so.6', missingSymbols: [] },
        { from: 'r', to: 'x', importName: 'libx.so', missingSymbols: [] },
      ],
      wrongMachine: [],
    };
    const { links, marks } = graphAsLinks(graph);
    const root = dependencyTree(links, null, marks);
    expect(root?.file).toBe('/v/_core.so');
    const [companion, libm, libx] = root?.children ?? [];
    expect(companion).toMatchObject({ foundBy: 'RUNPATH', lacks: ['companion_blend_v2'], failing: true });
    expect(companion?.children[0]).toMatchObject({ file: '/lib/libc.so.6', foundBy: 'ld.so.cache', failing: false });
    expect(libm).toMatchObject({ file: 'libm.so.6', missing: false, failing: false });
    expect(libx).toMatchObject({ file: 'libx.so', missing: true });
  });

  it('marks a file built for another CPU, and a DLL found only in a build for another CPU', () => {
    const graph: LoadGraph = {
      root: 'r',
      searchPath: [{ path: 'C:/fm', step: 'dll-load-dir' }],
      nodes: [
        { id: 'r', name: '_core.pyd', path: 'C:/fm/_core.pyd', foundBy: 'root', missing: false },
        { id: 'h', name: 'helper.dll', path: 'C:/fm/helper.dll', foundBy: 'dll-load-dir', missing: false },
        { id: 'i', name: 'fastmath_impl.dll', path: null, foundBy: null, missing: true },
      ],
      edges: [
        { from: 'r', to: 'h', importName: 'helper.dll', missingSymbols: [] },
        { from: 'r', to: 'i', importName: 'FASTMATH_IMPL.dll', missingSymbols: [] },
      ],
      wrongMachine: [
        { file: 'C:/fm/helper.dll', machine: 'arm64', expected: 'x64' },
        { file: 'C:/fm/fastmath_impl.dll', machine: 'x86', expected: 'x64' },
      ],
    };
    const { links, marks } = graphAsLinks(graph);
    const root = dependencyTree(links, null, marks);
    const [helper, impl] = root?.children ?? [];
    expect(root?.failing).toBe(true);
    expect(helper).toMatchObject({ missing: false, failing: true, wrongMachine: { machine: 'arm64', expected: 'x64' } });
    expect(impl).toMatchObject({ file: 'FASTMATH_IMPL.dll', missing: true, wrongMachine: { file: 'C:/fm/fastmath_impl.dll', machine: 'x86' } });
  });
});
