/**
 * A module linked by a newer Visual C++ toolset than the runtime DLL the loader gives it.
 *
 * Microsoft supports mixing binaries of the v140-v143 toolsets only when the Redistributable is at
 * least as new as the newest toolset used by any component ("C++ binary compatibility between
 * Visual Studio versions"; "Latest supported Visual C++ Redistributable downloads": "The
 * Redistributable version must be at least as recent as the MSVC build toolset used to build your
 * app"). The toolset is the PE linker version (14.29 is Visual Studio 2019 16.11), the runtime's
 * the file version of its version resource (14.16.27012.0). Nothing is claimed unless both are known.
 */
import { pathKey, type DllVersion } from '../../envs';
import type { DependencyGraph } from '../../binary';

export const VC_RUNTIME_COMPATIBILITY_SOURCES = [
  'https://learn.microsoft.com/en-us/cpp/porting/binary-compat-2015-2017',
  'https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist',
] as const;

/** The DLLs of the Visual C++ 2015-2022 runtime (major version 14), whose version resource is read. */
const RUNTIME_140 = /^(vcruntime140(_\d+)?|msvcp140(_\w+)?|concrt140|vcomp140)\.dll$/i;

export interface OutdatedRuntime {
  /** The module whose linker is newer. */
  readonly importer: string;
  /** "14.29". */
  readonly linkerVersion: string;
  readonly runtime: string;
  /** "14.16.27012.0". */
  readonly runtimeVersion: string;
  /** The import name as the module writes it ("VCRUNTIME140.dll"). */
  readonly dll: string;
}

function majorMinor(version: string): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Every edge from a module linked by toolset 14.x to a runtime DLL whose file version is older. */
export function outdatedRuntimes(graph: DependencyGraph, dllVersions: readonly DllVersion[]): OutdatedRuntime[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const versions = new Map(dllVersions.filter((d) => d.fileVersion !== null).map((d) => [pathKey(d.path, 'windows'), d.fileVersion as string]));
  const out: OutdatedRuntime[] = [];
  for (const edge of graph.edges) {
    if (edge.viaForwarder || !RUNTIME_140.test(edge.importName)) continue;
    const from = nodes.get(edge.from);
    const to = nodes.get(edge.to);
    const linker = from?.linkerVersion;
    // Only Microsoft's v14x toolsets write 14.x with a meaningful minor (lld writes 14.0, never newer than a runtime).
    if (!from?.path || !to?.path || !linker || linker.major !== 14) continue;
    const runtimeVersion = versions.get(pathKey(to.path, 'windows'));
    const runtime = runtimeVersion ? majorMinor(runtimeVersion) : null;
    if (!runtimeVersion || !runtime || runtime[0] !== 14) continue;
    if (linker.minor <= runtime[1]) continue;
    if (out.some((o) => o.importer === from.path && pathKey(o.runtime, 'windows') === pathKey(to.path as string, 'windows'))) continue;
    out.push({ importer: from.path, linkerVersion: `${linker.major}.${linker.minor}`, runtime: to.path, runtimeVersion, dll: edge.importName });
  }
  return out;
}
