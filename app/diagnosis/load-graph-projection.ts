/**
 * The load graph the wizard opens (every library a module loads, the search path in order, the step
 * that found each file), made from the same binary simulation the diagnosis reads its findings from.
 */
import type { LoadSimulation } from '../binary';
import { STEP } from './binary-adapter';
import type { LoadGraph } from './load-graph-types';

/** The whole graph of a binary loader simulation, in the words the diagnosis' evidence uses (STEP): translated once, where the diagnosis adapts it. */
export function toLoadGraph(sim: LoadSimulation): LoadGraph {
  const searchPath = sim.searchPath.map((d) => ({ path: d.dir, step: STEP[d.reason] }));
  return {
    root: sim.graph.root,
    searchPath,
    nodes: sim.graph.nodes.map((n) => ({
      id: n.id,
      name: n.name,
      path: n.path,
      foundBy: n.resolution === 'not-found' ? null : n.resolution === 'search-path' && n.searchIndex !== null ? (searchPath[n.searchIndex]?.step ?? null) : n.resolution,
      missing: n.resolution === 'not-found',
    })),
    wrongMachine: wrongMachine(sim),
    edges: sim.graph.edges.map((e) => ({ from: e.from, to: e.to, importName: e.importName, missingSymbols: [...e.missingSymbols] })),
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
