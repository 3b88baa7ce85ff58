/**
 * Whether a POSIX environment folder read offline is a macOS one, and for which architecture.
 *
 * Evidence, in order of weight: the Mach-O header of the interpreter, of the shared library it runs
 * from (a framework's `Python`, `lib/libpython3.X.dylib`), then of the extension modules its
 * packages installed, then the macOS wheel tags of those packages. A universal interpreter runs
 * the slice of the Mac it is started on, so its architecture is taken from thin extension modules
 * or wheels when they agree, and otherwise left unknown.
 */
import { readDistributions } from './distributions';
import type { EnvHost } from './host';
import { architectureFromMacWheels, machoSlices, macInstallerOf, macLibPython } from './macos-layout';
import { pathsFor } from './paths';

export interface MacLayout {
  readonly arch: string | null;
  /** The shared library the interpreter runs from, absolute; null when none was found. */
  readonly libPython: string | null;
  readonly evidence: string[];
}

/** Extension modules whose headers are read when nothing else said macOS: enough to tell, bounded for large environments. */
const MAX_EXTENSIONS_READ = 64;

/** The macOS facts of a POSIX folder, or null when no file in it is Mach-O and no wheel is for macOS. */
export async function readMacLayout(host: EnvHost, prefix: string, entries: readonly string[], interpreter: string | null, sitePackages: readonly string[]): Promise<MacLayout | null> {
  const p = pathsFor(host.platform);
  const evidence: string[] = [];
  const installer = macInstallerOf(prefix);
  let isMac = false;
  let universal: string[] | null = null;
  let arch: string | null = null;
  const weigh = (slices: string[], what: string): void => {
    isMac = true;
    if (arch || universal) return;
    if (slices.length === 1) {
      arch = slices[0]!;
      evidence.push(`architecture ${arch}: Mach-O header of ${what}`);
    } else {
      universal = slices;
      evidence.push(`${what} is universal (${slices.join(', ')}): it runs the slice of the Mac it is started on`);
    }
  };
  if (interpreter) {
    const slices = machoSlices((await host.readBytes(interpreter, 4096)) ?? new Uint8Array());
    if (slices) weigh(slices, p.relative(prefix, interpreter));
  }
  const libRel = macLibPython(entries, await host.listDir(p.join(prefix, 'lib')));
  const libPython = libRel ? p.join(prefix, libRel) : null;
  if (libPython) {
    const slices = machoSlices((await host.readBytes(libPython, 4096)) ?? new Uint8Array());
    if (slices) weigh(slices, libRel!);
  }
  if (!arch) {
    // Extension modules: the packages' RECORDs name them; '.so' is the suffix every CPython on macOS accepts.
    const distributions = await readDistributions(host, sitePackages, ['.so']);
    const thin = new Map<string, string>();
    let read = 0;
    for (const d of distributions) {
      for (const rel of d.extensionModules) {
        if (read++ >= MAX_EXTENSIONS_READ) break;
        const slices = machoSlices((await host.readBytes(p.join(d.location, rel), 4096)) ?? new Uint8Array());
        if (!slices) continue;
        isMac = true;
        if (slices.length === 1 && !thin.has(slices[0]!)) thin.set(slices[0]!, `${rel} (${d.name})`);
      }
    }
    if (thin.size === 1) {
      const [a, file] = [...thin][0]!;
      arch = a;
      evidence.push(`architecture ${arch}: Mach-O header of the extension module ${file}${universal ? ', the slice of the universal interpreter it needs' : ''}`);
    } else if (thin.size > 1) {
      evidence.push(`architecture unknown: extension modules are built for different architectures (${[...thin].map(([a, f]) => `${a}: ${f}`).join('; ')})`);
    }
    const wheels = thin.size === 0 ? architectureFromMacWheels(distributions) : null;
    if (wheels) {
      isMac = true;
      arch = wheels.arch;
      evidence.push(`architecture ${arch}: the macOS wheel tags of ${wheels.from.slice(0, 3).join(', ')}${wheels.from.length > 3 ? ` and ${wheels.from.length - 3} more` : ''}`);
    } else if (distributions.some((d) => d.wheelTags.some((t) => /-macosx_/.test(t)))) isMac = true;
  }
  if (!isMac && !installer) return null;
  if (installer) evidence.unshift(`installed by ${installer === 'python.org' ? "python.org's installer" : installer === 'command-line-tools' ? "Apple's Command Line Tools" : installer === 'xcode' ? 'Xcode' : 'Homebrew'}: ${prefix}`);
  if (libPython) evidence.push(`shared library: ${libRel}`);
  return { arch, libPython, evidence };
}
