import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DependencyGraph, DependencyNode } from '../../app/binary/loader-types';
import type { ParsedArgs } from '../../app/cli/command';
import { inspectCommand } from '../../app/cli/commands/inspect';
import { SharedGraphPrinter, type PrintedGraph } from '../../app/cli/commands/inspect-shared-graph';
import { writePe } from './support/pe-writer';
import { SharedGraphReader } from './support/shared-graph-reader';

/** Runs `inspect` in-process; returns its JSON lines. */
async function inspectJson(...argv: string[]): Promise<{ stdout: string; lines: { path: string; simulation: { graph: PrintedGraph } }[] }> {
  let stdout = '';
  const args = parseArgs({ args: [...argv, '--json'], options: inspectCommand.options, allowPositionals: true, strict: true });
  await inspectCommand.run(args as ParsedArgs, { stdout: (t) => { stdout += t; }, stderr: () => {}, cwd: '/', env: {} });
  return { stdout, lines: stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; simulation: { graph: PrintedGraph } }) };
}

/** A folder of n DLLs importing each other in a cycle (m0 → m1 → … → m0), as the hostile-input suite builds it. */
async function cycleFolder(parent: string, n: number): Promise<string> {
  const dir = join(parent, `cycle-${n}`);
  await mkdir(dir);
  await Promise.all(Array.from({ length: n }, (_, i) => writeFile(join(dir, `m${i}.dll`), writePe({ exportName: `m${i}.dll`, exports: [{ name: `f${i}` }], imports: [{ dll: `m${(i + 1) % n}.dll`, symbols: [`f${(i + 1) % n}`] }] }))));
  return dir;
}

const node = (id: string, resolution: DependencyNode['resolution'] = 'search-path'): DependencyNode => ({ id, name: id, path: `/x/${id}`, resolution, searchIndex: 0, machine: 'x64', checked: true });
const edge = (from: string, to: string, missingSymbols: string[] = []): DependencyGraph['edges'][number] => ({ from, to, importName: to, delayLoad: false, missingSymbols });

describe('inspect --json shares graph records between the lines of one run', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inspect-shared-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a node and its edges once, and again when they differ from what was printed last', () => {
    const printer = new SharedGraphPrinter();
    const first: DependencyGraph = { root: 'a', nodes: [node('a', 'root'), node('b'), node('c')], edges: [edge('a', 'b'), edge('b', 'c')] };
    const second: DependencyGraph = { root: 'b', nodes: [node('b', 'root'), node('c')], edges: [edge('b', 'c')] };
    const third: DependencyGraph = { root: 'c', nodes: [node('c', 'root'), node('b')], edges: [edge('c', 'b', ['g'])] };
    const fourth: DependencyGraph = { root: 'a', nodes: [node('a', 'root'), node('b'), node('c')], edges: [edge('a', 'b'), edge('b', 'c')] };

    const printed = [first, second, third, fourth].map((g) => printer.print(g));

    expect(printed[0]).toEqual({ root: 'a', nodes: first.nodes, edges: first.edges, sharedNodes: 0 });
    // b is the root now (another record); c and its (no) edges were printed alike.
    expect(printed[1]).toEqual({ root: 'b', nodes: [node('b', 'root')], edges: [edge('b', 'c')], sharedNodes: 1 });
    expect(printed[2]?.nodes.map((n) => n.id)).toEqual(['c', 'b']);
    // b and c were printed differently since: printed again, a alike.
    expect(printed[3]).toEqual({ root: 'a', nodes: [node('b'), node('c')], edges: [edge('b', 'c')], sharedNodes: 1 });
    const reader = new SharedGraphReader();
    expect(printed.map((p) => reader.read(p))).toEqual([first, second, third, fourth]);
  });

  it('names the nodes no edge from the root reaches', () => {
    const graph: DependencyGraph = { root: 'a', nodes: [node('a', 'root'), node('loaded', 'already-loaded')], edges: [] };
    const printed = new SharedGraphPrinter().print(graph);

    expect(printed.unreachable).toEqual(['loaded']);
    expect(new SharedGraphReader().read(printed)).toEqual(graph);
  });

  it('gives output that grows linearly with the number of DLLs importing each other in a cycle', async () => {
    const small = await inspectJson(await cycleFolder(dir, 25));
    const large = await inspectJson(await cycleFolder(dir, 100));

    // Four times the files: about four times the bytes (each file's whole graph repeated: sixteen).
    expect(large.stdout.length / small.stdout.length).toBeLessThan(5);
    // Each line prints its root, and the previous line's root (now an ordinary node) again.
    expect(large.lines.slice(1).every((l) => l.simulation.graph.sharedNodes === 98 && l.simulation.graph.nodes.length === 2)).toBe(true);
  });

  it('rebuilds from each line the graph that inspecting that file alone prints', async () => {
    const folder = await cycleFolder(dir, 12);
    const { lines } = await inspectJson(folder);
    const reader = new SharedGraphReader();

    expect(lines).toHaveLength(12);
    // A reader reads every line, in order.
    const graphs = lines.map((l) => reader.read(l.simulation.graph));
    for (const i of [0, 5, 11]) {
      const alone = await inspectJson(lines[i]?.path as string);
      const whole = alone.lines[0]?.simulation.graph as PrintedGraph;
      expect(whole.sharedNodes).toBe(0);
      const rebuilt = graphs[i] as DependencyGraph;
      expect(new Set(rebuilt.nodes.map((n) => JSON.stringify(n)))).toEqual(new Set(whole.nodes.map((n) => JSON.stringify(n))));
      expect(new Set(rebuilt.edges.map((e) => JSON.stringify(e)))).toEqual(new Set(whole.edges.map((e) => JSON.stringify(e))));
    }
  });
});
