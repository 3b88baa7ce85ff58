import { realpath } from 'node:fs/promises';
import { readLdSoCache } from '../binary/ld-so-cache';
import { simulateLinuxLoad } from '../binary/linux-loader';
import type { LoadSimulation } from '../binary/loader-types';
import { nodeModuleFs } from '../binary/module-fs';
import { readModule } from '../binary/read-module';
import { simulateWindowsLoad } from '../binary/windows-loader';
import { DoctorError } from '../base/errors';
import { hostWindowsFolders, STEP, windowsLoadContext } from '../diagnosis/binary-adapter';
import { defaultDeps } from '../diagnosis/default-deps';
import { envPlatform } from '../diagnosis/environment-facts';
import type { LoadGraph } from '../contract/load-graph-types';
import { message } from '../messages';

/**
 * Every library a compiled module loads, as the loader simulation resolves it for this
 * interpreter, with the same inputs as the diagnosis. Linux: LD_LIBRARY_PATH, the ld.so cache, the
 * interpreter's own objects already loaded. Windows (live, or a copied environment read offline):
 * the diagnosis' own Windows load context (windowsLoadContext: Python version, conda's DLL folders,
 * the interpreter's machine and DLLs, this machine's PATH and System32 on Windows only).
 */
export async function loadGraph(python: string, file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<LoadGraph | null> {
  const module = await readModule(file).catch((error: Error) => {
    throw new DoctorError('unreadable-module', message('error.unreadable-module', { file, why: error.message }), message('error.unreadable-module.what'));
  });
  if (module.format === 'pe') return asGraph(await simulateWindows(python, file, env, platform));
  if (module.format !== 'elf') return null;
  const interpreter = await realpath(python).catch(() => python);
  const ld = env.LD_LIBRARY_PATH;
  return asGraph(await simulateLinuxLoad(file, { ldLibraryPath: ld ? ld.split(':').filter(Boolean) : [], ldCache: await readLdSoCache(), loadedObjects: [interpreter] }, nodeModuleFs));
}

/** The Windows simulation for a module of the environment `python` names, described as the diagnosis describes it. */
async function simulateWindows(python: string, file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<LoadSimulation> {
  const facts = await defaultDeps(python, env, platform).describeEnvironment(python);
  if (envPlatform(facts) !== 'windows') {
    throw new DoctorError('not-windows-environment', message('error.not-windows-environment', { file, python }), message('error.not-windows-environment.what'));
  }
  const context = await windowsLoadContext(facts, hostWindowsFolders(env, platform));
  if (!context) {
    throw new DoctorError('unknown-python-version', message('error.unknown-python-version', { python }), message('error.unknown-python-version.what'));
  }
  return simulateWindowsLoad(file, context, nodeModuleFs);
}

function asGraph(sim: LoadSimulation): LoadGraph {
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
