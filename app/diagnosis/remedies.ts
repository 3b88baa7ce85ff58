/**
 * Builders for remedies: each cause turns into data the repair engine executes.
 *
 * Titles are imperative and name the package and version; explanations say in plain words why the
 * step helps. The VC++ runtime link is Microsoft's permanent one for the latest supported
 * redistributable (https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist).
 */
import type { KnownFix } from './knowledge-base';
import type { Dependent, PackageManager, Remedy } from './types';

export const VC_REDIST_URLS = {
  x64: 'https://aka.ms/vs/17/release/vc_redist.x64.exe',
  x86: 'https://aka.ms/vs/17/release/vc_redist.x86.exe',
  arm64: 'https://aka.ms/vs/17/release/vc_redist.arm64.exe',
} as const;

/** Hands out remedy ids that stay stable within one diagnosis ("r1", "r2", ...). */
export class RemedyIds {
  private next = 1;
  take(): string {
    return `r${this.next++}`;
  }
}

type Draft<K extends Remedy['kind']> = Omit<Extract<Remedy, { kind: K }>, 'id'>;

export function installVersion(ids: RemedyIds, manager: PackageManager, pkg: string, version: string, why: string): Remedy {
  if (manager === 'conda') {
    const draft: Draft<'conda-install-version'> = {
      kind: 'conda-install-version',
      title: `Install ${pkg} ${version} with conda`,
      explanation: why,
      automatic: true,
      risk: 'medium',
      package: pkg,
      version,
      channel: null,
    };
    return { id: ids.take(), ...draft };
  }
  const draft: Draft<'pip-install-version'> = {
    kind: 'pip-install-version',
    title: `Install ${pkg} ${version} with pip`,
    explanation: why,
    automatic: true,
    risk: 'low',
    package: pkg,
    version,
  };
  return { id: ids.take(), ...draft };
}

export function forceReinstall(ids: RemedyIds, manager: PackageManager, pkg: string, version: string | null, why: string): Remedy {
  if (manager === 'conda') {
    return {
      id: ids.take(),
      kind: 'conda-force-reinstall',
      title: `Reinstall ${pkg}${version ? ` ${version}` : ''} with conda`,
      explanation: why,
      automatic: true,
      risk: 'low',
      package: pkg,
      version,
    };
  }
  return {
    id: ids.take(),
    kind: 'pip-force-reinstall',
    title: `Reinstall ${pkg}${version ? ` ${version}` : ''} with pip`,
    explanation: why,
    automatic: true,
    risk: 'low',
    package: pkg,
    version,
  };
}

/**
 * A copy outside the environment wins the search from a folder on PATH (or LD_LIBRARY_PATH): take
 * that folder off the variable for this Python. Nothing outside the environment is moved.
 */
export function offSearchPath(ids: RemedyIds, winner: string, step: string, library: string, platform: 'windows' | 'linux' | 'macos' | 'unknown'): Remedy {
  const folder = winner.replace(/[\\/][^\\/]*$/, '');
  const variable = /LD_LIBRARY_PATH/i.test(step) ? 'LD_LIBRARY_PATH' : 'PATH';
  const steps =
    platform === 'windows'
      ? [
          `In cmd.exe, before starting Python: set "PATH=%PATH:${folder};=%"`,
          `In PowerShell: $env:PATH = ($env:PATH -split ';' | Where-Object { $_ -ne '${folder}' }) -join ';'`,
          'Or use Python 3.8 or newer, which does not search PATH for the DLLs of extension modules.',
        ]
      : [`In the shell that starts Python: export ${variable}="$(printf '%s' "$${variable}" | tr ':' '\\n' | grep -vxF '${folder}' | paste -sd: -)"`];
  return {
    id: ids.take(),
    kind: 'manual',
    title: `Take ${folder} off ${variable} for this Python`,
    explanation: `${winner} is found first through ${step} and belongs to another program, so it is not moved. Without ${folder} on ${variable} the loader reaches the environment's own ${library}.`,
    automatic: false,
    risk: 'low',
    steps,
  };
}

/** `pip install "pkg<2.1"` / `conda install "libfoo>=1.5"`: the manager picks the version within the constraint. */
export function installConstraint(ids: RemedyIds, manager: PackageManager, pkg: string, specifier: string, why: string): Remedy {
  const conda = manager === 'conda';
  const spec = `${pkg}${specifier}`;
  const command = conda ? ['conda', 'install', spec] : ['pip', 'install', spec];
  return {
    id: ids.take(),
    kind: 'install-constraint',
    title: `${conda ? 'conda' : 'pip'} install "${spec}"`,
    explanation: why,
    automatic: false,
    risk: 'medium',
    manager: conda ? 'conda' : 'pip',
    package: pkg,
    specifier,
    command,
  };
}

/** Install a newer Python (a person does it: the environment is rebuilt on the new interpreter). */
export function upgradePython(ids: RemedyIds, minimumVersion: string, why: string): Remedy {
  return { id: ids.take(), kind: 'upgrade-python', title: `Upgrade Python to ${minimumVersion} or newer`, explanation: why, automatic: false, risk: 'high', minimumVersion };
}

export function vcRuntime(ids: RemedyIds, architecture: string | null, missing: readonly string[]): Remedy {
  const arch = architecture === 'x86' ? 'x86' : architecture === 'arm64' ? 'arm64' : 'x64';
  return {
    id: ids.take(),
    kind: 'install-vc-runtime',
    title: `Install the Microsoft Visual C++ Redistributable (${arch})`,
    explanation: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} part of the Visual C++ runtime, which Windows does not always include. Microsoft's installer puts ${missing.length === 1 ? 'it' : 'them'} in place for every program.`,
    automatic: false,
    risk: 'low',
    architecture: arch,
    url: VC_REDIST_URLS[arch],
    missingDlls: [...missing],
  };
}

export function quarantine(ids: RemedyIds, path: string, library: string, intended: string | null, why: string): Remedy {
  return {
    id: ids.take(),
    kind: 'quarantine-dll',
    title: `Move ${path} out of the way`,
    explanation: why,
    automatic: true,
    risk: 'medium',
    path,
    library,
    intended,
  };
}

export function reinstallDependents(ids: RemedyIds, pkg: string, dependents: readonly Dependent[], manager: PackageManager, why: string): Remedy {
  return {
    id: ids.take(),
    kind: 'reinstall-dependents',
    title: `Reinstall ${dependents.map((d) => d.name).join(', ')} so ${pkg} comes back`,
    explanation: why,
    automatic: true,
    risk: 'low',
    package: pkg,
    dependents: [...dependents],
    manager,
  };
}

export function removeDuplicate(ids: RemedyIds, pkg: string, keep: PackageManager, remove: PackageManager, files: readonly string[]): Remedy {
  return {
    id: ids.take(),
    kind: 'remove-duplicate',
    title: `Remove the ${remove} copy of ${pkg} and keep the ${keep} one`,
    explanation: `${pkg} was installed twice, by ${keep} and by ${remove}; their files overwrite each other and each manager believes it owns them. Keeping one copy makes the files match what the manager recorded.`,
    automatic: true,
    risk: 'medium',
    package: pkg,
    keep,
    remove,
    files: [...files],
  };
}

export function systemLibrary(ids: RemedyIds, library: string): Remedy {
  return {
    id: ids.take(),
    kind: 'install-system-library',
    title: `Install the system package that provides ${library}`,
    explanation: `No Python package in this environment provides ${library}; on Linux it usually comes from the distribution (apt, dnf). Install the package that contains it.`,
    automatic: false,
    risk: 'low',
    library,
  };
}

export function activate(ids: RemedyIds, prefix: string): Remedy {
  return {
    id: ids.take(),
    kind: 'activate-environment',
    title: 'Run Python from the activated environment',
    explanation: 'conda keeps DLLs in <prefix>\\Library\\bin and puts that folder on PATH only when the environment is activated.',
    automatic: false,
    risk: 'low',
    prefix,
  };
}

/**
 * A knowledge-base fix as a remedy for this environment.
 *
 * Returns null for a fix that cannot be made concrete here (a quarantine with no file found).
 */
export function fromKnownFix(ids: RemedyIds, fix: KnownFix, ctx: { manager: PackageManager; architecture: string | null; prefix: string; source: string }): Remedy | null {
  const why = `${fix.description} (known issue, ${ctx.source})`;
  switch (fix.kind) {
    case 'pip-install-version':
    case 'conda-install-version':
      if (!fix.package || !fix.version) return null;
      return installVersion(ids, fix.kind === 'conda-install-version' ? 'conda' : 'pip', fix.package, fix.version, why);
    case 'pip-force-reinstall':
    case 'conda-force-reinstall':
      if (!fix.package) return null;
      return forceReinstall(ids, fix.kind === 'conda-force-reinstall' ? 'conda' : ctx.manager, fix.package, fix.version ?? null, why);
    case 'switch-manager':
      if (!fix.package || !fix.from || !fix.to) return null;
      return {
        id: ids.take(),
        kind: 'switch-manager',
        title: `Replace the ${fix.from} copy of ${fix.package} with ${fix.to}'s`,
        explanation: why,
        automatic: true,
        risk: 'medium',
        package: fix.package,
        version: fix.version ?? null,
        from: fix.from,
        to: fix.to,
        ...(fix.targetPackage ? { targetPackage: fix.targetPackage } : {}),
      };
    case 'install-vc-runtime':
      return vcRuntime(ids, ctx.architecture, ['the Visual C++ runtime DLLs']);
    case 'upgrade-python':
      return fix.version ? upgradePython(ids, fix.version, why) : null;
    case 'activate-environment':
      return activate(ids, ctx.prefix);
    case 'manual':
      return { id: ids.take(), kind: 'manual', title: fix.description, explanation: why, automatic: false, risk: 'low', steps: [fix.description] };
    default:
      return null;
  }
}
