/**
 * Wheel tag compatibility: does a wheel built for tag X fit this interpreter?
 *
 * Follows the platform compatibility tag rules (https://packaging.python.org/en/latest/specifications/
 * platform-compatibility-tags/, PEP 425, PEP 600 manylinux_x_y, PEP 656 musllinux) as implemented by
 * `packaging.tags`. Limits: macOS tags are matched by architecture and OS version only; PyPy tags by
 * exact interpreter tag; Windows ARM64 ARM64EC is not modelled.
 */

export interface TagEnvironment {
  readonly implementation: string;
  readonly versionInfo: readonly [number, number, number];
  readonly abiTag: string;
  /** Platform tags that fit, e.g. ["win_amd64"] or ["manylinux_2_36_x86_64", ..., "linux_x86_64"]. */
  readonly platformTags: readonly string[];
}

/** The ABI tag of CPython x.y: cp36m for 3.6/3.7 (pymalloc), cp38+ without flags, 't' for free-threaded. */
export function cpythonAbiTag(major: number, minor: number, gilDisabled = false, debug = false): string {
  const flags = (debug ? 'd' : '') + (major === 3 && minor < 8 ? 'm' : '') + (gilDisabled ? 't' : '');
  return `cp${major}${minor}${flags}`;
}

/** Derives the wheel ABI tag from SOABI ("cpython-311-x86_64-linux-gnu", "cp311-win_amd64", "cpython-36m-..."). */
export function abiTagFrom(soabi: string | null, implementation: string, major: number, minor: number, gilDisabled: boolean): string {
  if (implementation === 'cpython') {
    const m = soabi ? /^(?:cpython|cp)-?(\d)(\d+)([dmt]*)/.exec(soabi) : null;
    if (m) return `cp${m[1]}${m[2]}${m[3]}`;
    return cpythonAbiTag(major, minor, gilDisabled);
  }
  if (soabi) return soabi.split('-').slice(0, 2).join('_').replace(/[-.]/g, '_');
  return 'none';
}

/** Manylinux legacy aliases (PEP 600). */
const legacyManylinux: Readonly<Record<string, string>> = {
  manylinux1: '2_5',
  manylinux2010: '2_12',
  manylinux2014: '2_17',
};

/** Platform tags that fit on Linux for glibc x.y and an architecture, best first (packaging.tags order). */
export function linuxPlatformTags(arch: string, glibc: string | null, musl: string | null = null): string[] {
  const out: string[] = [];
  const a = arch === 'amd64' ? 'x86_64' : arch;
  if (glibc) {
    const [maj, min] = glibc.split('.').map(Number);
    if (maj === 2 && min !== undefined) {
      for (let m = min; m >= 5; m--) {
        out.push(`manylinux_2_${m}_${a}`);
        for (const [legacy, ver] of Object.entries(legacyManylinux)) if (ver === `2_${m}`) out.push(`${legacy}_${a}`);
      }
    }
  }
  if (musl) {
    const [, min] = musl.split('.').map(Number);
    for (let m = min ?? 0; m >= 1; m--) out.push(`musllinux_1_${m}_${a}`);
  }
  out.push(`linux_${a}`);
  return out;
}

/** Windows platform tag for a sysconfig platform ("win-amd64" -> "win_amd64", "win32" -> "win32"). */
export function windowsPlatformTag(sysconfigPlatform: string): string {
  return sysconfigPlatform.replace(/[-.]/g, '_');
}

function macFits(plat: string, env: TagEnvironment): boolean {
  const m = /^macosx_(\d+)_(\d+)_(\w+)$/.exec(plat);
  if (!m) return false;
  const envTag = env.platformTags.find((t) => t.startsWith('macosx_'));
  const e = envTag ? /^macosx_(\d+)_(\d+)_(\w+)$/.exec(envTag) : null;
  if (!e) return false;
  const want = Number(m[1]) * 100 + Number(m[2]);
  const have = Number(e[1]) * 100 + Number(e[2]);
  const arch = m[3]!;
  const envArch = e[3]!;
  const archOk = arch === envArch || arch === 'universal2' || (arch === 'intel' && envArch === 'x86_64') || (arch.startsWith('universal') && envArch === 'x86_64');
  return archOk && want <= have;
}

/** True when one expanded tag "py-abi-plat" fits the environment. */
export function tagFits(tag: string, env: TagEnvironment): boolean {
  const parts = tag.split('-');
  if (parts.length !== 3) return false;
  const [py, abi, plat] = parts as [string, string, string];
  return py.split('.').some((i) => abi.split('.').some((a) => plat.split('.').some((p) => single(i, a, p, env))));
}

function single(py: string, abi: string, plat: string, env: TagEnvironment): boolean {
  const [major, minor] = env.versionInfo;
  const isCpython = env.implementation === 'cpython';
  // Interpreter part.
  let pyOk: boolean;
  let pyMinor: number | null = null;
  const cp = /^cp(\d)(\d+)$/.exec(py);
  const generic = /^py(\d)(\d*)$/.exec(py);
  if (cp) {
    pyOk = isCpython && Number(cp[1]) === major && Number(cp[2]) <= minor;
    pyMinor = Number(cp[2]);
  } else if (generic) {
    pyOk = Number(generic[1]) === major && (generic[2] === '' || Number(generic[2]) <= minor);
  } else {
    pyOk = py === env.abiTag.split('_')[0];
  }
  if (!pyOk) return false;
  // ABI part.
  if (abi === 'abi3') {
    if (!isCpython || env.abiTag.endsWith('t')) return false;
  } else if (abi !== 'none') {
    if (abi !== env.abiTag) return false;
    if (cp && pyMinor !== minor) return false;
  } else if (cp && pyMinor !== minor) {
    // cpXY-none-any only for the same version.
    return false;
  }
  // Platform part.
  if (plat === 'any') return true;
  if (env.platformTags.includes(plat)) return true;
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(plat);
  if (legacy) return env.platformTags.includes(`manylinux_${legacyManylinux[legacy[1]!]}_${legacy[2]}`);
  return plat.startsWith('macosx_') && macFits(plat, env);
}

/** Expands compressed tag sets ("py2.py3-none-any") into single tags. */
export function expandTag(tag: string): string[] {
  const parts = tag.split('-');
  if (parts.length !== 3) return [tag];
  const [py, abi, plat] = parts as [string, string, string];
  const out: string[] = [];
  for (const i of py.split('.')) for (const a of abi.split('.')) for (const p of plat.split('.')) out.push(`${i}-${a}-${p}`);
  return out;
}
