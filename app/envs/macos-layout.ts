/**
 * macOS environments read from their files: the Mach-O header's CPU slices, the facts a CPython
 * build for macOS implies, and the layouts of the installers (python.org and Homebrew frameworks,
 * the Command Line Tools' and Xcode's Python3.framework).
 *
 * Only the header bytes are read here (magic, CPU type, the fat header's slice table:
 * <mach-o/loader.h>, <mach-o/fat.h>), named as the Mach-O reader names CPUs (app/binary's cpuName);
 * load commands, imports and exports are that reader's. A file whose header is not Mach-O gives
 * null, never a guess.
 */
import { cpuName } from '../binary/macho-reader';
import { cpythonAbiTag } from './tags';
import type { Distribution, PythonFacts } from './types';

const MH_MAGIC = 0xfeedface;
const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;
/** Java class files share FAT_MAGIC; their next word (the class version) is 45 or more, no fat file has that many slices. */
const MAX_FAT_SLICES = 30;
/** cpusubtype's capability bits (CPU_SUBTYPE_MASK), not part of the subtype. */
const SUBTYPE = 0x00ffffff;

/**
 * The CPU slices of a Mach-O file from its first bytes: one for a thin file, one per slice (in the
 * file's order) for a universal one; null when the bytes are not a Mach-O header.
 */
export function machoSlices(bytes: Uint8Array): string[] | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getUint32(0, true);
  const be = view.getUint32(0, false);
  if (le === MH_MAGIC || le === MH_MAGIC_64) {
    if (bytes.length < 12) return null;
    return [cpuName(view.getUint32(4, true) | 0, view.getUint32(8, true) & SUBTYPE)];
  }
  // Big-endian thin files are PowerPC builds.
  if (be === MH_MAGIC || be === MH_MAGIC_64) return bytes.length < 12 ? null : [cpuName(view.getUint32(4, false) | 0, view.getUint32(8, false) & SUBTYPE)];
  if (be !== FAT_MAGIC && be !== FAT_MAGIC_64) return null;
  const count = view.getUint32(4, false);
  if (count === 0 || count > MAX_FAT_SLICES) return null;
  const entry = be === FAT_MAGIC ? 20 : 32;
  if (8 + count * entry > bytes.length) return null;
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(cpuName(view.getUint32(8 + i * entry, false) | 0, view.getUint32(12 + i * entry, false) & SUBTYPE));
  return out;
}

/** Wheel platform tags' architecture: "macosx_11_0_arm64" -> arm64; universal2 and intel fat tags say nothing on their own. */
export function macWheelArchitecture(tag: string): string | null {
  const m = /-macosx_\d+_\d+_(\w+)$/.exec(tag);
  return m && (m[1] === 'arm64' || m[1] === 'x86_64') ? m[1] : null;
}

/** The one architecture all thin macOS wheels of an environment name, or null when none or several do. */
export function architectureFromMacWheels(distributions: readonly Distribution[]): { arch: string; from: string[] } | null {
  const byArch = new Map<string, string[]>();
  for (const d of distributions) {
    for (const tag of d.wheelTags) {
      const arch = macWheelArchitecture(tag);
      if (arch) byArch.set(arch, [...(byArch.get(arch) ?? []), `${d.name} ${d.version} (${tag})`]);
    }
  }
  if (byArch.size !== 1) return null;
  const [arch, from] = [...byArch][0]!;
  return { arch, from };
}

/**
 * Where a macOS Python's prefix says it came from: python.org's installer, Homebrew (either prefix),
 * the Command Line Tools or Xcode (Apple's Python3.framework), or none of these. pyenv and conda
 * are not named here: their folders look the same on Linux.
 */
export function macInstallerOf(prefix: string): 'python.org' | 'homebrew' | 'command-line-tools' | 'xcode' | null {
  if (/^\/Library\/Developer\/CommandLineTools\//.test(prefix)) return 'command-line-tools';
  if (/\/Xcode[^/]*\.app\/Contents\/Developer\//.test(prefix)) return 'xcode';
  if (/^\/(opt\/homebrew|usr\/local)\/(Cellar|opt)\/python@3/.test(prefix) || /^\/opt\/homebrew\/Frameworks\//.test(prefix)) return 'homebrew';
  if (/^\/Library\/Frameworks\/Python\.framework\/Versions\//.test(prefix)) return 'python.org';
  return null;
}

/**
 * The shared library a macOS CPython runs from, relative to its prefix: a framework build's
 * `Python` (python.org, Homebrew) or `Python3` (Apple's), else `lib/libpython3.X.dylib` (pyenv with
 * --enable-shared, conda), as listed by `entries` (the prefix) and `libEntries` (its lib folder).
 */
export function macLibPython(entries: readonly string[], libEntries: readonly string[]): string | null {
  if (entries.includes('Python')) return 'Python';
  if (entries.includes('Python3')) return 'Python3';
  const dylib = libEntries.find((e) => /^libpython3\.\d+t?\.dylib$/.test(e));
  return dylib ? `lib/${dylib}` : null;
}

/**
 * The lowest macOS an architecture runs on, the machine's version being unknown offline: Apple
 * silicon starts at macOS 11, and CPython's own x86_64 builds target 10.9 at the oldest.
 */
function lowestMacos(arch: string): string {
  return arch === 'x86_64' ? '10_9' : '11_0';
}

/** Facts that follow from version and architecture for a CPython build for macOS read offline. */
export function darwinOfflineFacts(version: string, arch: string | null): PythonFacts {
  const [major = 3, minor = 0, micro = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const a = arch === 'arm64e' ? 'arm64' : (arch ?? 'unknown');
  const thin = a === 'x86_64' || a === 'arm64';
  // Architecture unknown (a universal interpreter, nothing thin beside it): wheels for either fit, so none is called incompatible.
  const platformTags = thin ? [`macosx_${lowestMacos(a)}_${a}`] : ['arm64', 'x86_64'].map((x) => `macosx_${lowestMacos(x)}_${x}`);
  return {
    version,
    versionInfo: [major, minor, micro],
    implementation: 'cpython',
    architecture: a,
    bits: 64,
    platform: 'darwin',
    sysconfigPlatform: thin ? `macosx-${lowestMacos(a).replace('_', '.')}-${a}` : 'macosx',
    abiTag: cpythonAbiTag(major, minor),
    // importlib.machinery.EXTENSION_SUFFIXES of CPython on macOS (no multiarch triple in SOABI).
    extensionSuffixes: [`.cpython-${major}${minor}${minor < 8 ? 'm' : ''}-darwin.so`, '.abi3.so', '.so'],
    platformTags,
    glibcVersion: null,
    markers: {
      os_name: 'posix',
      sys_platform: 'darwin',
      platform_machine: a,
      platform_python_implementation: 'CPython',
      platform_system: 'Darwin',
      python_version: `${major}.${minor}`,
      python_full_version: version,
      implementation_name: 'cpython',
      implementation_version: version,
    },
  };
}
