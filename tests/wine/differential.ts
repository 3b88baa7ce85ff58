import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { LoadSimulation } from '../../app/binary/loader-types';
import { nodeModuleFs } from '../../app/binary/module-fs';
import { simulateWindowsLoad } from '../../app/binary/windows-loader';
import type { WindowsLoadContext } from '../../app/binary/windows-search-path';
import { generateCases, type CaseSpec } from './case-generator';
import { buildCases, buildLoader, cleanCases, folderOf, MINGW_TOOLS } from './case-builder';
import { EXPECTED_DIFFERENCES } from './expected-differences';
import { preparePrefix, runCases, wineAvailable, type WineOutcome } from './wine-runner';

/**
 * The differential test of the Windows loader simulation against Wine's loader: generate the
 * cases, build them with mingw-w64, load each under Wine the way Python does, simulate each with
 * simulateWindowsLoad on the same files, and compare the verdicts.
 */

export const DEFAULT_SEED = 20261202;

/** What either side says about one load, in the terms both can state. */
export interface Verdict {
  /** 0, or the Win32 error: 126, 127, 182, 193. */
  readonly code: number;
  /** Imports left unresolved (dll!name, dll!#ordinal), sorted; only for loads that map. */
  readonly unresolved: readonly string[];
  /** The case's own files the load brings in, sorted; only for loads that map. */
  readonly loaded: readonly string[];
}

export interface CaseResult {
  readonly spec: CaseSpec;
  readonly wine: Verdict;
  readonly simulated: Verdict;
  /** Equal verdicts. */
  readonly agree: boolean;
  /** The listed expected difference that explains a disagreement. */
  readonly expected: string | null;
  readonly wineLog: readonly string[];
}

/** Why the suite cannot run here, or null. */
export function missingPrerequisite(): string | null {
  if (!wineAvailable()) return 'wine is not installed (Debian: apt-get install wine wine64)';
  for (const tool of MINGW_TOOLS) {
    if (spawnSync(tool, ['--version']).status !== 0) return `${tool} is not installed (Debian: apt-get install mingw-w64)`;
  }
  return null;
}

const ownFile = (c: CaseSpec) => (path: string): boolean => {
  const p = path.toLowerCase();
  return p.includes(`/cases/c${c.id}/`) || /\/c\d+_[^/]*$/.test(p) && p.split('/').pop()?.startsWith(`c${c.id}_`) === true;
};

export function wineVerdict(c: CaseSpec, outcome: WineOutcome): Verdict {
  const unresolved = [...new Set(outcome.unresolved)].sort();
  if (outcome.error !== 0) return { code: outcome.error, unresolved: [], loaded: [] };
  // Wine binds a missing import to a stub and goes on; Windows fails the load. The code Windows
  // gives is 182 when every missing import is by ordinal, 127 otherwise.
  const code = unresolved.length === 0 ? 0 : unresolved.every((u) => u.includes('!#')) ? 182 : 127;
  return { code, unresolved, loaded: outcome.loaded.filter(ownFile(c)).map((p) => p.toLowerCase()).sort() };
}

export function simulatedVerdict(c: CaseSpec, sim: LoadSimulation): Verdict {
  const problems = sim.findings.filter((f) => f.severity === 'problem');
  let code = 0;
  const unresolved: string[] = [];
  for (const f of problems) {
    if (f.kind === 'procedure-not-found') for (const s of f.missingSymbols) unresolved.push(`${f.dll.toLowerCase()}!${s}`);
  }
  if (problems.some((f) => f.kind === 'wrong-architecture' && f.file === sim.rootPath)) code = 193;
  else if (problems.some((f) => f.kind === 'dll-not-found' || f.kind === 'vc-runtime-missing')) code = 126;
  else if (problems.some((f) => f.kind === 'wrong-architecture' || f.kind === 'unreadable-module')) code = 193;
  else if (unresolved.length > 0) code = unresolved.every((u) => u.includes('!#')) ? 182 : 127;
  if (code !== 0 && code !== 127 && code !== 182) return { code, unresolved: [], loaded: [] };
  // The files that load: every node reached through static imports (delay loads happen later).
  const reached = new Set<string>([sim.graph.root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const e of sim.graph.edges) {
      if (!e.delayLoad && reached.has(e.from) && !reached.has(e.to)) {
        reached.add(e.to);
        grew = true;
      }
    }
  }
  const loaded = sim.graph.nodes.filter((n) => reached.has(n.id) && n.path !== null && n.checked).map((n) => (n.path ?? '').toLowerCase());
  return { code, unresolved: [...new Set(unresolved)].sort(), loaded: [...new Set(loaded.filter(ownFile(c)))].sort() };
}

export function contextOf(c: CaseSpec, driveC: string): WindowsLoadContext {
  const dir = (f: Parameters<typeof folderOf>[1]) => join(driveC, folderOf(c, f));
  return {
    pythonVersion: c.python,
    distribution: c.conda ? 'conda' : 'cpython',
    interpreterDir: join(driveC, 'py'),
    dllDirectories: [dir('add')],
    condaPrefix: c.conda ? join(driveC, 'cases', `c${c.id}`, 'env') : null,
    path: [dir('path')],
    currentDir: driveC,
    systemDir: join(driveC, 'windows', 'system32'),
    windowsDir: join(driveC, 'windows'),
    pythonMachine: 'x64',
  };
}

function same(a: Verdict, b: Verdict): boolean {
  return a.code === b.code && JSON.stringify(a.unresolved) === JSON.stringify(b.unresolved) && JSON.stringify(a.loaded) === JSON.stringify(b.loaded);
}

export interface DifferentialRun {
  readonly results: readonly CaseResult[];
  readonly seconds: { readonly build: number; readonly wine: number; readonly simulate: number };
}

/** Runs the whole differential suite; `only` restricts it to some case ids. */
export async function runDifferential(options: { seed?: number; cacheDir: string; only?: readonly string[] }): Promise<DifferentialRun> {
  const seed = options.seed ?? DEFAULT_SEED;
  const all = generateCases(seed);
  const cases = options.only ? all.filter((c) => options.only?.includes(c.id)) : all;
  const prefix = join(options.cacheDir, 'prefix');
  const t0 = Date.now();
  const driveC = await preparePrefix(prefix);
  await cleanCases(driveC);
  await buildLoader(join(import.meta.dirname, 'loader.c'), driveC);
  await buildCases(cases, driveC, join(options.cacheDir, 'build'));
  const t1 = Date.now();
  const outcomes = await runCases(cases, prefix, driveC);
  const t2 = Date.now();
  const results: CaseResult[] = [];
  for (const c of cases) {
    const outcome = outcomes.get(c.id);
    if (!outcome) throw new Error(`the loader printed nothing for case ${c.id}`);
    const wine = wineVerdict(c, outcome);
    const sim = await simulateWindowsLoad(join(driveC, folderOf(c, 'module'), c.root.name), contextOf(c, driveC), nodeModuleFs);
    const simulated = simulatedVerdict(c, sim);
    const agree = same(wine, simulated);
    const expected = agree ? null : (EXPECTED_DIFFERENCES.find((d) => d.applies(c, wine, simulated, outcome.log))?.id ?? null);
    results.push({ spec: c, wine, simulated, agree, expected, wineLog: outcome.log });
  }
  const t3 = Date.now();
  return { results, seconds: { build: (t1 - t0) / 1000, wine: (t2 - t1) / 1000, simulate: (t3 - t2) / 1000 } };
}

/** A failing case as a reader needs it: the inputs, both verdicts, Wine's log. */
export function describeFailure(r: CaseResult): string {
  return [
    `case ${r.spec.id} (${r.spec.kind}, Python ${r.spec.python}${r.spec.conda ? ', conda' : ''})`,
    `  inputs: ${JSON.stringify({ root: r.spec.root, dlls: r.spec.dlls })}`,
    `  wine:      ${JSON.stringify(r.wine)}`,
    `  simulated: ${JSON.stringify(r.simulated)}`,
    ...r.wineLog.slice(0, 20).map((l) => `  wine log: ${l}`),
  ].join('\n');
}
