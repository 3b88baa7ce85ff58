/**
 * Uses app/binary's dyld simulation for the diagnosis: builds its context from the environment
 * facts and turns its findings into the diagnosis' LoadFindings, each with the chain from the
 * extension module down to the failing image and dyld's `tried:` list as the search evidence.
 */
import { realpath } from 'node:fs/promises';
import { release } from 'node:os';
import { firstParents, nodeDyldFs, simulateDyldLoad, stepsTo, type GraphStep } from '../../binary';
import type { DyldFs, DyldLoadContext, DyldSimulation } from '../../binary';
import type { MachoCpu } from '../../binary/macho-types';
import { compareVersions } from '../../base/package-spec';
import { firstReleaseExporting } from '../cpython-exports';
import type { EnvironmentFacts, ExtensionModule, LoadFinding, LoadSimulation } from '../facts/facts';
import { buildOwnerIndex, type OwnerIndex } from '../facts/ownership';
import type { DependencyLink, SearchDirectory } from '../types';

/** How dyld found an image, in the words the report uses. */
export const FOUND_BY: Readonly<Record<DyldSimulation['images'][number]['foundBy'], string>> = {
  root: 'root',
  executable: 'executable',
  'dyld-library-path': 'DYLD_LIBRARY_PATH',
  rpath: '@rpath (LC_RPATH)',
  'loader-path': '@loader_path',
  'executable-path': '@executable_path',
  'absolute-path': 'install name',
  fallback: 'DYLD_FALLBACK_LIBRARY_PATH',
  'shared-cache': 'dyld shared cache',
};

/** The process CPU of an interpreter from app/envs' normalised architecture, or null when dyld has no slice name for it. */
export function processCpu(architecture: string): MachoCpu | null {
  if (architecture === 'arm64' || architecture === 'aarch64') return 'arm64';
  if (architecture === 'x86_64' || architecture === 'amd64') return 'x86_64';
  return null;
}

/**
 * The macOS version of this machine when it is a Mac, from the Darwin kernel release (Darwin 20
 * is macOS 11, 23.5 is 14.5; Apple's numbering since Big Sur), else null.
 */
export function hostMacosVersion(platform: NodeJS.Platform = process.platform, kernel: string = release()): string | null {
  if (platform !== 'darwin') return null;
  const [major = 0, minor = 0] = kernel.split('.').map(Number);
  if (major >= 20) return `${major - 9}.${minor}`;
  // Darwin 19 is 10.15, 14 is 10.10.
  return major >= 4 ? `10.${major - 4}` : null;
}

class Chains {
  private readonly parent: Map<string, GraphStep>;

  constructor(private readonly sim: DyldSimulation, private readonly owners: OwnerIndex) {
    this.parent = firstParents(sim.graph);
  }

  private link(step: GraphStep): DependencyLink {
    const image = this.sim.images.find((i) => i.path === step.to);
    return { file: step.from, needs: step.importName, resolvedPath: image && image.foundBy !== 'shared-cache' ? image.path : null, foundBy: image ? FOUND_BY[image.foundBy] : null, owner: image ? this.owners.ownerOf(image.path) : null };
  }

  /** Links from the extension to the image (or the missing install name), extension first. */
  to(id: string): DependencyLink[] {
    return stepsTo(this.parent, id).map((s) => this.link(s));
  }
}

/** dyld's tried: list as the report's search evidence (each entry a path that did not hold a usable image). */
function searched(tried: readonly { path: string; why: string }[]): SearchDirectory[] {
  return tried.map((t) => ({ path: t.path, step: t.why, contains: /incompatible architecture/.test(t.why) }));
}

/** The diagnosis' view of one dyld simulation. */
export function adaptDyldSimulation(sim: DyldSimulation, env: EnvironmentFacts): LoadSimulation {
  const owners = buildOwnerIndex(env);
  const chains = new Chains(sim, owners);
  const findings: LoadFinding[] = [];
  for (const f of sim.findings) {
    if (f.severity === 'info') continue;
    switch (f.kind) {
      case 'dyld-library-not-loaded':
        findings.push({ kind: 'missing-library', chain: chains.to(`missing:${f.installName}`), library: f.installName, searched: searched(f.tried) });
        break;
      case 'dyld-incompatible-architecture':
        findings.push({ kind: 'wrong-architecture', chain: f.referencedFrom === null ? [] : chains.to(f.referencedFrom), file: f.file, machine: f.have.join(', '), expectedMachine: sim.cpu });
        break;
      case 'dyld-symbol-not-found':
        findings.push({ kind: 'missing-symbols', chain: chains.to(f.referencedFrom), importer: f.referencedFrom, provider: f.expectedIn ?? 'flat namespace', symbols: [f.symbol], ordinals: [], versions: [] });
        break;
      case 'dyld-newer-macos':
        findings.push({ kind: 'newer-macos', chain: chains.to(f.file), file: f.file, minimum: f.minimum, host: f.host });
        break;
      case 'dyld-incompatible-version':
        findings.push({ kind: 'incompatible-library-version', chain: chains.to(f.file), importer: f.referencedFrom, file: f.file, required: f.required, provided: f.provided });
        break;
    }
  }
  // One missing-symbols finding per importer and provider, as the other platforms give it.
  const merged: LoadFinding[] = [];
  for (const f of findings) {
    const same = f.kind === 'missing-symbols' ? merged.find((m) => m.kind === 'missing-symbols' && m.importer === f.importer && m.provider === f.provider) : undefined;
    if (same && same.kind === 'missing-symbols' && f.kind === 'missing-symbols') merged[merged.indexOf(same)] = { ...same, symbols: [...same.symbols, ...f.symbols] };
    else merged.push(f);
  }
  const resolved = sim.graph.edges.filter((e) => !e.to.startsWith('missing:')).map((e) => chains.to(e.to).at(-1)).filter((l): l is DependencyLink => l !== undefined);
  return { root: sim.rootPath, resolved, findings: merged };
}

/**
 * The dyld context of an environment's interpreter: its executable and CPU, this process's
 * DYLD_* variables, and the host's macOS version when the environment is on this Mac.
 */
export function dyldContext(env: EnvironmentFacts, childEnv: NodeJS.ProcessEnv, hostMacos: string | null): DyldLoadContext | null {
  const cpu = processCpu(env.description.python.architecture);
  if (cpu === null) return null;
  return {
    executablePath: env.python,
    cpu,
    hostMacos,
    env: { DYLD_LIBRARY_PATH: childEnv.DYLD_LIBRARY_PATH, DYLD_FALLBACK_LIBRARY_PATH: childEnv.DYLD_FALLBACK_LIBRARY_PATH, HOME: childEnv.HOME },
    interpreterExports: (symbol) => pythonExports(symbol, env.description.python.version),
  };
}

/**
 * Whether a CPython of this version exports a C-API symbol (Mach-O name, leading underscore): false
 * only for a stable-ABI function CPython added in a later release (cpython-exports.json); other
 * `Py` names are taken as exported; null for names that are not Python's API.
 */
export function pythonExports(symbol: string, version: string): boolean | null {
  if (!/^__?Py/.test(symbol)) return null;
  const first = firstReleaseExporting(symbol.slice(1), version);
  return first === null || compareVersions(first, version) <= 0;
}

/** app/binary's dyld simulation of one extension of a macOS environment, adapted for the diagnosis. */
export async function simulateMacosWithBinary(env: EnvironmentFacts, ext: ExtensionModule, childEnv: NodeJS.ProcessEnv, hostMacos: string | null, fs: DyldFs = nodeDyldFs): Promise<LoadSimulation | null> {
  const base = dyldContext(env, childEnv, hostMacos);
  if (base === null) return null;
  // dyld resolves @executable_path from the real file (a venv's bin/python is a symlink).
  const context = { ...base, executablePath: await realpath(env.python).catch(() => env.python) };
  const sim = await simulateDyldLoad(ext.path, context, fs).catch(() => null);
  return sim ? adaptDyldSimulation(sim, env) : null;
}
