/**
 * Where Pythons live on a Mac, beyond PATH and pyenv (discovery.ts): Apple's Python3.framework of
 * the Command Line Tools and of Xcode behind the `/usr/bin/python3` shim, python.org's framework
 * builds (including the free-threaded PythonT.framework), Homebrew's kegs on both prefixes, and
 * the conda installers' macOS folders.
 *
 * `/usr/bin/python3` is never a candidate itself: it is a shim that runs the Python of the
 * developer folder `xcode-select` chose, and with neither the Command Line Tools nor Xcode
 * installed it opens the "install the command line developer tools" dialog instead of running.
 * The framework it would run is listed in its place, found on disk, so nothing is started.
 */
import type { EnvHost } from './host';
import type { PathApi } from './paths';
import type { DiscoverySource } from './types';

export interface MacCandidate {
  readonly path: string;
  readonly source: DiscoverySource;
  readonly version?: string | null;
}

/** The shim's path: a candidate found there (PATH, /usr/bin) is replaced by `appleFrameworkPythons`. */
export const APPLE_SHIM = '/usr/bin/python3';

const CLT = '/Library/Developer/CommandLineTools';
const XCODE = '/Applications/Xcode.app/Contents/Developer';
/** xcode-select's choice is this symbolic link (`xcode-select -p` prints where it points). */
const XCODE_SELECT_LINK = '/var/db/xcode_select_link';

/** Whether a candidate is Apple's `/usr/bin/python3` shim (macOS up to 12.2 also had a real Python 2.7 at /usr/bin/python: not a shim). */
export function isAppleShim(host: EnvHost, file: string): boolean {
  return host.platform === 'darwin' && file === APPLE_SHIM;
}

async function versionsOf(host: EnvHost, p: PathApi, framework: string): Promise<string[]> {
  return (await host.listDir(p.join(framework, 'Versions'))).filter((v) => /^\d+\.\d+$/.test(v)).sort();
}

/**
 * The Python3.framework of the Command Line Tools and of Xcode, the one the shim runs first.
 * The shim runs the developer folder in DEVELOPER_DIR, else xcode-select's link, else the
 * Command Line Tools (xcrun(1), xcode-select(1)).
 */
export async function appleFrameworkPythons(host: EnvHost, p: PathApi): Promise<MacCandidate[]> {
  const selected = host.env.DEVELOPER_DIR ?? (await host.realPath(XCODE_SELECT_LINK));
  const roots = [...new Set([...(selected ? [selected.replace(/\/+$/, '')] : []), CLT, XCODE])];
  const out: MacCandidate[] = [];
  for (const root of roots) {
    const framework = p.join(root, 'Library', 'Frameworks', 'Python3.framework');
    for (const v of await versionsOf(host, p, framework)) {
      const exe = p.join(framework, 'Versions', v, 'bin', 'python3');
      if (!(await host.isExecutable(exe))) continue;
      const what = root === CLT ? "the Command Line Tools' Python" : root.includes('.app/') ? "Xcode's Python" : `the Python of ${root}`;
      const shim = out.length === 0 ? `; ${APPLE_SHIM} runs it` : '';
      out.push({ path: exe, source: { kind: 'system', detail: `${what}${shim}` }, version: v });
    }
  }
  return out;
}

/** python.org's framework builds: Python.framework and the free-threaded PythonT.framework (3.13+). */
export async function pythonOrgFrameworks(host: EnvHost, p: PathApi): Promise<MacCandidate[]> {
  const out: MacCandidate[] = [];
  for (const name of ['Python.framework', 'PythonT.framework']) {
    const framework = p.join('/Library/Frameworks', name);
    for (const v of await versionsOf(host, p, framework)) {
      const bin = p.join(framework, 'Versions', v, 'bin');
      const exe = name === 'Python.framework' ? 'python3' : `python${v}t`;
      if (await host.isExecutable(p.join(bin, exe))) out.push({ path: p.join(bin, exe), source: { kind: 'system', detail: `python.org installer: ${p.join(framework, 'Versions')}` }, version: v });
    }
  }
  return out;
}

/**
 * Homebrew's Python kegs: `opt/python@3.X` links on Apple silicon's /opt/homebrew and Intel's
 * /usr/local, and the Cellar's versions behind them (an upgraded keg's old version stays there
 * until `brew cleanup`). Each keg's bin/python3.X points into its Frameworks/Python.framework;
 * only the default keg also has an unversioned python3, so the versioned name is the one looked for.
 */
export async function homebrewPythons(host: EnvHost, p: PathApi): Promise<MacCandidate[]> {
  const out: MacCandidate[] = [];
  for (const brew of ['/opt/homebrew', '/usr/local']) {
    for (const keg of (await host.listDir(p.join(brew, 'opt'))).filter((n) => /^python@3\.\d+$/.test(n)).sort()) {
      for (const exe of [keg.replace('@', ''), 'python3']) out.push({ path: p.join(brew, 'opt', keg, 'bin', exe), source: { kind: 'homebrew', detail: p.join(brew, 'opt', keg) } });
    }
    const cellar = p.join(brew, 'Cellar');
    for (const keg of (await host.listDir(cellar)).filter((n) => /^python@3\.\d+$/.test(n)).sort()) {
      for (const version of (await host.listDir(p.join(cellar, keg))).sort()) {
        const exe = p.join(cellar, keg, version, 'bin', keg.replace('@', ''));
        if (await host.isExecutable(exe)) out.push({ path: exe, source: { kind: 'homebrew', detail: p.join(cellar, keg) }, version: version.replace(/_\d+$/, '') });
      }
    }
  }
  return out;
}

/**
 * Where the conda installers put conda on a Mac besides the home folder and /opt: `bases` hold
 * folders named like the installer (Anaconda's graphical installer uses ~/opt/anaconda3), `roots`
 * are conda roots themselves (`brew install --cask miniforge` installs into the Caskroom's `base`).
 */
export function macCondaLocations(host: EnvHost, p: PathApi): { bases: string[]; roots: string[] } {
  return { bases: [p.join(host.homeDir, 'opt')], roots: ['/opt/homebrew/Caskroom/miniforge/base', '/usr/local/Caskroom/miniforge/base'] };
}
