import type { DependencyEdge, DependencyGraph, DependencyNode } from '../../binary/loader-types';

/**
 * A file's dependency graph as `inspect --json` prints it: only what no earlier line of the run
 * printed the same way.
 *
 * Files of one folder share most of their graphs (DLLs importing each other in a cycle share all
 * of it), so printing each file's whole graph makes the output grow with the square of the number
 * of files. Instead, a node and its outgoing edges are printed once; a later line that has the
 * very same node and edges leaves them out (and counts them in `sharedNodes`). A reader keeps, for
 * each node id, the latest record printed (with its edges) and finds a file's graph by following
 * edges from `root` (plus `unreachable`, nodes no edge from the root leads to).
 */
export interface PrintedGraph {
  readonly root: string;
  /** Nodes that no earlier line printed exactly so. */
  readonly nodes: readonly DependencyNode[];
  /** The outgoing edges of those nodes (all of each node's edges). */
  readonly edges: readonly DependencyEdge[];
  /** Nodes of this graph left out because an earlier line printed them, with the same edges, last. */
  readonly sharedNodes: number;
  /** Nodes of this graph that following edges from the root does not reach (rare: modules already loaded). */
  readonly unreachable?: readonly string[];
}

/** Remembers what the lines of one run printed; `print` gives each graph's share to print. */
export class SharedGraphPrinter {
  /** Node id → the node and edges printed for it last. */
  private readonly printed = new Map<string, { node: DependencyNode; edges: readonly DependencyEdge[] }>();

  print(graph: DependencyGraph): PrintedGraph {
    const edgesFrom = new Map<string, DependencyEdge[]>();
    for (const e of graph.edges) {
      const list = edgesFrom.get(e.from);
      if (list) list.push(e);
      else edgesFrom.set(e.from, [e]);
    }
    const nodes: DependencyNode[] = [];
    const edges: DependencyEdge[] = [];
    let sharedNodes = 0;
    for (const node of graph.nodes) {
      const out = edgesFrom.get(node.id) ?? [];
      const last = this.printed.get(node.id);
      // Compared field by field, not as JSON text: a cycle of n files compares n² records.
      if (last && (last.node === node || sameValue(last.node, node)) && sameEdges(last.edges, out)) {
        sharedNodes++;
        continue;
      }
      this.printed.set(node.id, { node, edges: out });
      nodes.push(node);
      edges.push(...out);
    }
    const unreachable = unreachableFrom(graph, edgesFrom);
    return { root: graph.root, nodes, edges, sharedNodes, ...(unreachable.length > 0 ? { unreachable } : {}) };
  }
}

/** The same edges in the same order, every field of DependencyEdge compared (add any field it gains). */
function sameEdges(a: readonly DependencyEdge[], b: readonly DependencyEdge[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as DependencyEdge;
    const y = b[i] as DependencyEdge;
    if (x === y) continue;
    if (x.from !== y.from || x.to !== y.to || x.importName !== y.importName || x.delayLoad !== y.delayLoad || x.viaForwarder !== y.viaForwarder) return false;
    if (x.missingSymbols.length !== y.missingSymbols.length || x.missingSymbols.some((m, k) => m !== y.missingSymbols[k])) return false;
  }
  return true;
}

/** Deep equality of JSON-like values as JSON.stringify would print them (undefined members count as absent). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], other[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const key in x) if (Object.hasOwn(x, key) && !sameValue(x[key], y[key])) return false;
  for (const key in y) if (Object.hasOwn(y, key) && x[key] === undefined && y[key] !== undefined) return false;
  return true;
}

/** Ids of the graph's nodes that following edges from the root does not reach. */
function unreachableFrom(graph: DependencyGraph, edgesFrom: ReadonlyMap<string, readonly DependencyEdge[]>): string[] {
  const seen = new Set<string>([graph.root]);
  const stack = [graph.root];
  while (stack.length > 0) {
    for (const e of edgesFrom.get(stack.pop() as string) ?? []) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return graph.nodes.filter((n) => !seen.has(n.id)).map((n) => n.id);
}
