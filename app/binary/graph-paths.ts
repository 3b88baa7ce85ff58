import type { DependencyGraph } from './loader-types';

/** One step of a path through a dependency graph: `from` names `importName`, which resolved to `to`. */
export interface GraphStep {
  readonly from: string;
  readonly importName: string;
  readonly to: string;
}

/** For each node reachable from the root, the edge that reached it first (breadth first: the shortest chain). */
export function firstParents(graph: DependencyGraph): Map<string, GraphStep> {
  const parent = new Map<string, GraphStep>();
  const queue = [graph.root];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const id = queue.shift() as string;
    for (const e of graph.edges) {
      if (e.from !== id || seen.has(e.to)) continue;
      seen.add(e.to);
      parent.set(e.to, { from: id, importName: e.importName, to: e.to });
      queue.push(e.to);
    }
  }
  return parent;
}

/** The steps from the root to a node, root first (empty for the root or an unreachable node). */
export function stepsTo(parents: ReadonlyMap<string, GraphStep>, id: string): GraphStep[] {
  const out: GraphStep[] = [];
  let at = id;
  for (let guard = 0; guard < 256; guard++) {
    const step = parents.get(at);
    if (!step) break;
    out.unshift(step);
    at = step.from;
  }
  return out;
}
