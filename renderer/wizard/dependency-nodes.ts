import type { LoadGraph } from '../../app/contract/load-graph-types';
import type { DependencyLink, Evidence } from '../../app/diagnosis/types';

/** One file in the dependency tree, with what is wrong with it (if anything) and what it needs. */
export interface DependencyNode {
  /** The full path, or the bare name when it was not found. */
  readonly file: string;
  readonly foundBy: string | null;
  readonly owner: DependencyLink['owner'];
  /** Not found anywhere on the search path. */
  readonly missing: boolean;
  /** Found, but lacks what its importer needs (functions, ordinals, symbol versions). */
  readonly lacks: readonly string[];
  /** The file the loader should have found instead (a shadowed library), when known. */
  readonly satisfiedBy: string | null;
  /** Built for another CPU than the interpreter (this file, or the file of this name the loader skipped). */
  readonly wrongMachine: { readonly file: string; readonly machine: string; readonly expected: string } | null;
  /** This node or something under it fails: the path to the problem, marked (lucasg/Dependencies#128). */
  readonly failing: boolean;
  /** Shown already higher up (a cycle or a shared library); its children are not repeated. */
  readonly repeat: boolean;
  readonly children: readonly DependencyNode[];
}

const key = (p: string) => p.replace(/\\/g, '/').toLowerCase();
const nameKey = (p: string) => `name:${key(p).split('/').at(-1) ?? ''}`;

/**
 * Whether the engine can follow every library this file loads (loadGraph): a compiled module named
 * by its full path, a Linux shared object, a Windows .pyd / .dll or a macOS .so / .dylib (live, or in
 * a copied folder).
 */
export function canShowWholeGraph(file: string): boolean {
  const absolute = file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\');
  return absolute && /\.(so(\.[\w.]*)?|pyd|dll|dylib)$/i.test(file);
}

/**
 * Builds the tree from the links the diagnosis found and marks the failing nodes and their
 * ancestors, using the cause's other evidence: missing symbols on the library that lacks them,
 * the intended file of a shadowed library.
 */
export function dependencyTree(links: readonly DependencyLink[], missing: string | null, evidence: readonly Evidence[]): DependencyNode | null {
  const root = links[0]?.file;
  if (!root) return null;
  const lacks = new Map<string, string[]>();
  const satisfiedBy = new Map<string, string>();
  const wrongMachine = new Map<string, NonNullable<DependencyNode['wrongMachine']>>();
  for (const item of evidence) {
    // Keyed by path and by name: a DLL skipped for its CPU is a "not found" node known by name only.
    if (item.kind === 'architecture') {
      const mark = { file: item.file, machine: item.machine, expected: item.expectedMachine };
      wrongMachine.set(key(item.file), mark);
      wrongMachine.set(nameKey(item.file), mark);
    }
    if (item.kind === 'missing-symbols') lacks.set(key(item.provider), [...item.symbols, ...item.ordinals.map((o) => `#${o}`), ...item.versions]);
    if (item.kind === 'shadowing' && item.intended) satisfiedBy.set(key(item.winner), item.intended);
  }
  const build = (file: string, link: DependencyLink | null, seen: ReadonlySet<string>): DependencyNode => {
    const repeat = seen.has(key(file));
    const nextSeen = new Set(seen).add(key(file));
    const children = repeat || seen.size > 64 ? [] : links.filter((l) => key(l.file) === key(file)).map((l) => (l.resolvedPath ? build(l.resolvedPath, l, nextSeen) : notFound(l, wrongMachine.get(nameKey(l.needs)) ?? null)));
    const own = lacks.get(key(file)) ?? [];
    const shadowed = satisfiedBy.get(key(file)) ?? null;
    const machine = wrongMachine.get(key(file)) ?? null;
    return { file, foundBy: link?.foundBy ?? null, owner: link?.owner ?? null, missing: false, lacks: own, satisfiedBy: shadowed, wrongMachine: machine, failing: own.length > 0 || shadowed !== null || machine !== null || children.some((c) => c.failing), repeat, children };
  };
  return build(root, null, new Set());
}

function notFound(link: DependencyLink, wrongMachine: DependencyNode['wrongMachine']): DependencyNode {
  return { file: link.needs, foundBy: null, owner: null, missing: true, lacks: [], satisfiedBy: null, wrongMachine, failing: true, repeat: false, children: [] };
}

/**
 * The whole load graph as links and marks for dependencyTree: every edge from the module down,
 * root first, and the symbols each found library lacks as missing-symbols facts.
 */
export function graphAsLinks(graph: LoadGraph): { readonly links: DependencyLink[]; readonly marks: Evidence[] } {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const fileOf = (id: string) => nodes.get(id)?.path ?? nodes.get(id)?.name ?? id;
  const order: string[] = [graph.root];
  for (let i = 0; i < order.length; i++) for (const e of graph.edges) if (e.from === order[i] && !order.includes(e.to)) order.push(e.to);
  const edges = [...graph.edges].sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from));
  const links = edges.map((e): DependencyLink => {
    const to = nodes.get(e.to);
    // A library resolved without a file (KnownDLLs, an API set) keeps the name its importer wrote.
    return { file: fileOf(e.from), needs: e.importName, resolvedPath: to?.missing ? null : (to?.path ?? e.importName), foundBy: to?.foundBy ?? null, owner: null };
  });
  const marks = edges
    .filter((e) => e.missingSymbols.length > 0)
    .map((e): Evidence => ({ kind: 'missing-symbols', summary: '', importer: fileOf(e.from), provider: fileOf(e.to), symbols: [...e.missingSymbols], ordinals: [], versions: [] }));
  const machines = graph.wrongMachine.map((w): Evidence => ({ kind: 'architecture', summary: '', file: w.file, machine: w.machine, expectedMachine: w.expected }));
  return { links, marks: [...marks, ...machines] };
}
