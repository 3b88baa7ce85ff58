/**
 * The load graph the wizard opens (every library a module loads, the search path in order, the step
 * that found each file), made from the same binary simulation the diagnosis reads its findings from.
 */
import type { DependencyGraph, DependencyNode, LoadSimulation } from '../binary';
import { STEP } from './binary-adapter';
import type { LoadGraph } from './load-graph-types';

/** The whole graph of a binary loader simulation, in the words the diagnosis' evidence uses (STEP): translated once, where the diagnosis adapts it. */
export function toLoadGraph(sim: LoadSimulation): LoadGraph {
  const searchPath = sim.searchPath.map((d) => ({ path: d.dir, step: STEP[d.reason] }));
  const foundBy = (n: DependencyNode): string | null => (n.resolution === 'search-path' && n.searchIndex !== null ? (searchPath[n.searchIndex]?.step ?? null) : n.resolution);
  return graphShape(sim.graph, foundBy, searchPath, wrongMachine(sim));
}

/**
 * One loader simulation's dependency graph in the shape the wizard draws, whichever loader produced
 * it (Windows, Linux, or dyld: app/api/load-graph-macos.ts): each found node's step named by `foundBy`.
 */
export function graphShape(graph: DependencyGraph, foundBy: (node: DependencyNode) => string | null, searchPath: LoadGraph['searchPath'], wrongMachine: LoadGraph['wrongMachine']): LoadGraph {
  return {
    root: graph.root,
    searchPath,
    nodes: graph.nodes.map((n) => ({ id: n.id, name: n.name, path: n.path, foundBy: n.resolution === 'not-found' ? null : foundBy(n), missing: n.resolution === 'not-found' })),
    wrongMachine,
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, importName: e.importName, missingSymbols: [...e.missingSymbols] })),
  };
}

/** The files the simulation found built for another CPU, the reference being the interpreter's (or the module's) machine. */
function wrongMachine(sim: LoadSimulation): LoadGraph['wrongMachine'] {
  const expected = sim.graph.nodes.find((n) => n.id === sim.graph.root)?.machine ?? 'unknown';
  return sim.findings.flatMap((f) => {
    if (f.kind === 'wrong-architecture') return [{ file: f.file, machine: f.machine, expected: f.expected }];
    if (f.kind === 'wrong-elf-class') return [{ file: f.file, machine: f.found, expected: f.expected }];
    if (f.kind === 'dll-not-found') return (f.skippedWrongMachine ?? []).map((w) => ({ file: w.path, machine: w.machine, expected }));
    return [];
  });
}
