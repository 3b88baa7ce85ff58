/**
 * loadGraph for a Mach-O module: every image dyld would load for it in this environment's python,
 * from app/binary's dyld simulation with the diagnosis' own context (dyldContext: the interpreter's
 * executable and CPU, the DYLD_* variables, the host's macOS version on a live Mac, none for a
 * folder copied from a Mac and read here).
 */
import { realpath } from 'node:fs/promises';
import { nodeDyldFs, simulateDyldLoad, type DyldSimulation } from '../binary';
import { DoctorError } from '../base/errors';
import type { LoadGraph } from '../contract/load-graph-types';
import { graphShape } from '../diagnosis/load-graph-projection';
import { defaultDeps } from '../diagnosis/facts/default-deps';
import { envPlatform } from '../diagnosis/facts/environment-facts';
import { dyldContext, FOUND_BY, hostMacosVersion } from '../diagnosis/macos/dyld-adapter';
import { message } from '../messages';

/** The dyld simulation of `file` for the macOS environment `python` names, as the wizard's graph. */
export async function macosLoadGraph(python: string, file: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<LoadGraph> {
  const facts = await defaultDeps(python, env, platform).describeEnvironment(python);
  if (envPlatform(facts) !== 'macos') {
    throw new DoctorError('not-macos-environment', message('error.not-macos-environment', { file, python }), message('error.not-macos-environment.what'));
  }
  const base = dyldContext(facts, env, hostMacosVersion(platform));
  if (!base) {
    throw new DoctorError(
      'unknown-architecture',
      message('error.unknown-architecture', { python, architecture: String(facts.description.python.architecture) }),
      message('error.unknown-architecture.what'),
    );
  }
  // dyld resolves @executable_path from the real file (a venv's bin/python3 is a symbolic link).
  const context = { ...base, executablePath: await realpath(facts.python).catch(() => facts.python) };
  return dyldGraph(await simulateDyldLoad(file, context, nodeDyldFs));
}

/**
 * The simulation in the graph's shape: each image with the dyld rule that found it, the missing
 * ones with dyld's `tried:` list as the search order (dyld has no one search path: each @rpath is
 * resolved along the chain of the image that names it), and the files of another architecture.
 */
export function dyldGraph(sim: DyldSimulation): LoadGraph {
  const foundBy = new Map(sim.images.map((i) => [i.path, FOUND_BY[i.foundBy]] as const));
  const searchPath = sim.findings.flatMap((f) => (f.kind === 'dyld-library-not-loaded' || f.kind === 'dyld-incompatible-architecture' ? f.tried.map((t) => ({ path: t.path, step: t.why })) : []));
  const wrongMachine = sim.findings.flatMap((f) => (f.kind === 'dyld-incompatible-architecture' ? [{ file: f.file, machine: f.have.join(', '), expected: f.need.join(' or ') }] : []));
  return graphShape(sim.graph, (n) => foundBy.get(n.id) ?? n.resolution, searchPath, wrongMachine);
}
