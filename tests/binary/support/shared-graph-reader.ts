import type { DependencyEdge, DependencyGraph, DependencyNode } from '../../../app/binary/loader-types';
import type { PrintedGraph } from '../../../app/cli/commands/inspect-shared-graph';

/** A reader of `inspect --json` lines: each line's whole graph back from the shared records. */
export class SharedGraphReader {
  private readonly nodes = new Map<string, DependencyNode>();
  private readonly edges = new Map<string, readonly DependencyEdge[]>();

  read(printed: PrintedGraph): DependencyGraph {
    const edgesFrom = new Map<string, DependencyEdge[]>();
    for (const e of printed.edges) edgesFrom.set(e.from, [...(edgesFrom.get(e.from) ?? []), e]);
    for (const node of printed.nodes) {
      this.nodes.set(node.id, node);
      this.edges.set(node.id, edgesFrom.get(node.id) ?? []);
    }
    const order: string[] = [];
    const seen = new Set<string>();
    const visit = (id: string): void => {
      if (seen.has(id)) return;
      seen.add(id);
      order.push(id);
    };
    visit(printed.root);
    for (const id of printed.unreachable ?? []) visit(id);
    for (let i = 0; i < order.length; i++) for (const e of this.edges.get(order[i] as string) ?? []) visit(e.to);
    const nodes = order.map((id) => this.nodes.get(id)).filter((n): n is DependencyNode => n !== undefined);
    return { root: printed.root, nodes, edges: nodes.flatMap((n) => this.edges.get(n.id) ?? []) };
  }
}
