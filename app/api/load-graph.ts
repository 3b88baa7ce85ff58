import { realpath } from 'node:fs/promises';
import { readLdSoCache } from '../binary/ld-so-cache';
import { simulateLinuxLoad } from '../binary/linux-loader';
import { nodeModuleFs } from '../binary/module-fs';
import { readModule } from '../binary/read-module';
import { DoctorError } from '../contract/errors';
import { STEP } from '../diagnosis/binary-adapter';
import type { LoadGraph } from './load-graph-types';

/**
 * Every library a compiled Linux module loads, as the loader simulation resolves it for this
 * interpreter: the same simulation, with the same inputs, as the diagnosis runs (LD_LIBRARY_PATH,
 * the ld.so cache, the interpreter's own objects already loaded). Null for a Windows module: its
 * full graph needs the diagnosis' Windows context, which only the diagnosis has.
 */
export async function loadGraph(python: string, file: string, env: NodeJS.ProcessEnv): Promise<LoadGraph | null> {
  const module = await readModule(file).catch((error: Error) => {
    throw new DoctorError('unreadable-module', `${file} could not be read as a compiled module: ${error.message}`, 'Diagnose again: the file may have changed.');
  });
  if (module.format !== 'elf') return null;
  const interpreter = await realpath(python).catch(() => python);
  const ld = env.LD_LIBRARY_PATH;
  const sim = await simulateLinuxLoad(file, { ldLibraryPath: ld ? ld.split(':').filter(Boolean) : [], ldCache: await readLdSoCache(), loadedObjects: [interpreter] }, nodeModuleFs);
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
    edges: sim.graph.edges.map((e) => ({ from: e.from, to: e.to, importName: e.importName, missingSymbols: [...e.missingSymbols] })),
  };
}
