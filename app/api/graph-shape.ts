/**
 * One loader simulation's dependency graph in the shape the wizard draws (LoadGraph), whichever
 * loader produced it: Windows, Linux (load-graph.ts) or dyld (load-graph-macos.ts).
 */
import type { DependencyGraph, DependencyNode } from '../binary/loader-types';
import type { LoadGraph } from '../contract/load-graph-types';

/** The graph with each found node's step named by `foundBy`, and the loader's search order and wrong-CPU files. */
export function graphShape(graph: DependencyGraph, foundBy: (node: DependencyNode) => string | null, searchPath: LoadGraph['searchPath'], wrongMachine: LoadGraph['wrongMachine']): LoadGraph {
  return {
    root: graph.root,
    searchPath,
    nodes: graph.nodes.map((n) => ({ id: n.id, name: n.name, path: n.path, foundBy: n.resolution === 'not-found' ? null : foundBy(n), missing: n.resolution === 'not-found' })),
    wrongMachine,
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, importName: e.importName, missingSymbols: [...e.missingSymbols] })),
  };
}
