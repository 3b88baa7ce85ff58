/**
 * Builders for remedies: each cause turns into data the repair engine executes.
 *
 * Titles are imperative and name the package and version; explanations say in plain words why the
 * step helps. The VC++ runtime link is Microsoft's permanent one for the latest supported
 * redistributable (https://learn.microsoft.com/en-us/cpp/windows/latest-supported-vc-redist).
 */
import type { KnownFix } from './knowledge-base';
import type { Dependent, PackageManager, Remedy } from './types';
import { message, texts } from '../messages';
import type { MessageParam, MessageRef } from '../messages';
import { manualSteps } from './manual-steps';

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

/** A remedy's title and explanation in English, with the messages behind them; a `why` given as text stays as it is. */
function words(title: MessageRef, why: string | MessageRef): { title: string; explanation: string; messages: Record<string, MessageRef> } {
  return typeof why === 'string' ? { ...texts({ title }), explanation: why } : texts({ title, explanation: why });
}

export function installVersion(ids: RemedyIds, manager: PackageManager, pkg: string, version: string, why: string | MessageRef): Remedy {
  if (manager === 'conda') {
    const draft: Draft<'conda-install-version'> = {
      kind: 'conda-install-version',
      ...words(message('remedy.install-version.conda', { package: pkg, version }), why),
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
    ...words(message('remedy.install-version.pip', { package: pkg, version }), why),
    automatic: true,
    risk: 'low',
    package: pkg,
    version,
  };
  return { id: ids.take(), ...draft };
}

export function forceReinstall(ids: RemedyIds, manager: PackageManager, pkg: string, version: string | null, why: string | MessageRef): Remedy {
  if (manager === 'conda') {
    return {
      id: ids.take(),
      kind: 'conda-force-reinstall',
      ...words(message('remedy.reinstall.conda', { package: version ? `${pkg} ${version}` : pkg }), why),
      automatic: true,
      risk: 'low',
      package: pkg,
      version,
    };
  }
  return {
    id: ids.take(),
    kind: 'pip-force-reinstall',
    ...words(message('remedy.reinstall.pip', { package: version ? `${pkg} ${version}` : pkg }), why),
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
    ...texts({
      title: message('remedy.off-search-path.title', { folder, variable }),
      explanation: message('remedy.off-search-path.explanation', { winner, step, folder, variable, library }),
    }),
    automatic: false,
    risk: 'low',
    steps,
  };
}

/** `pip install "pkg<2.1"` / `conda install "libfoo>=1.5"`: the manager picks the version within the constraint. */
export function installConstraint(ids: RemedyIds, manager: PackageManager, pkg: string, specifier: string, why: string | MessageRef): Remedy {
  const conda = manager === 'conda';
  const spec = `${pkg}${specifier}`;
  const command = conda ? ['conda', 'install', spec] : ['pip', 'install', spec];
  return {
    id: ids.take(),
    kind: 'install-constraint',
    ...words(message('remedy.install-constraint', { manager: conda ? 'conda' : 'pip', spec }), why),
    automatic: false,
    risk: 'medium',
    manager: conda ? 'conda' : 'pip',
    package: pkg,
    specifier,
    command,
  };
}

/** Install a newer Python (a person does it: the environment is rebuilt on the new interpreter). */
export function upgradePython(ids: RemedyIds, minimumVersion: string, why: string | MessageRef): Remedy {
  return { id: ids.take(), kind: 'upgrade-python', ...words(message('remedy.upgrade-python', { version: minimumVersion }), why), automatic: false, risk: 'high', minimumVersion };
}

/** `dlls`: the DLLs in words, when `missing` holds no file names (a knowledge-base fix names none). */
export function vcRuntime(ids: RemedyIds, architecture: string | null, missing: readonly string[], dlls: MessageParam = missing.join(', ')): Remedy {
  const arch = architecture === 'x86' ? 'x86' : architecture === 'arm64' ? 'arm64' : 'x64';
  return {
    id: ids.take(),
    kind: 'install-vc-runtime',
    ...texts({
      title: message('remedy.vc-runtime.title', { architecture: arch }),
      explanation: message('remedy.vc-runtime.explanation', { count: missing.length, dlls }),
    }),
    automatic: false,
    risk: 'low',
    architecture: arch,
    url: VC_REDIST_URLS[arch],
    missingDlls: [...missing],
  };
}

export function quarantine(ids: RemedyIds, path: string, library: string, intended: string | null, why: string | MessageRef): Remedy {
  return {
    id: ids.take(),
    kind: 'quarantine-dll',
    ...words(message('remedy.quarantine', { path }), why),
    automatic: true,
    risk: 'medium',
    path,
    library,
    intended,
  };
}

export function reinstallDependents(ids: RemedyIds, pkg: string, dependents: readonly Dependent[], manager: PackageManager, why: string | MessageRef): Remedy {
  return {
    id: ids.take(),
    kind: 'reinstall-dependents',
    ...words(message('remedy.reinstall-dependents', { dependents: dependents.map((d) => d.name).join(', '), package: pkg }), why),
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
    ...texts({
      title: message('remedy.remove-duplicate.title', { remove, package: pkg, keep }),
      explanation: message('remedy.remove-duplicate.explanation', { package: pkg, keep, remove }),
    }),
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
    ...texts({ title: message('remedy.system-library.title', { library }), explanation: message('remedy.system-library.explanation', { library }) }),
    automatic: false,
    risk: 'low',
    library,
  };
}

export function activate(ids: RemedyIds, prefix: string): Remedy {
  return {
    id: ids.take(),
    kind: 'activate-environment',
    ...texts({ title: message('remedy.activate.title'), explanation: message('remedy.activate.explanation') }),
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
export function fromKnownFix(ids: RemedyIds, fix: KnownFix, ctx: { manager: PackageManager; architecture: string | null; prefix: string; source: string; description: MessageRef }): Remedy | null {
  // The description is the knowledge base's own text (known-issues.json, English; its German by entry id in app/messages).
  const why = message('remedy.why.known-issue', { description: ctx.description, source: ctx.source });
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
        ...words(message('remedy.switch-manager', { from: fix.from, package: fix.package, to: fix.to }), why),
        automatic: true,
        risk: 'medium',
        package: fix.package,
        version: fix.version ?? null,
        from: fix.from,
        to: fix.to,
        ...(fix.targetPackage ? { targetPackage: fix.targetPackage } : {}),
      };
    case 'install-vc-runtime':
      return vcRuntime(ids, ctx.architecture, ['the Visual C++ runtime DLLs'], message('word.vc-runtime-dlls'));
    case 'upgrade-python':
      return fix.version ? upgradePython(ids, fix.version, why) : null;
    case 'activate-environment':
      return activate(ids, ctx.prefix);
    case 'manual':
      return { id: ids.take(), kind: 'manual', ...texts({ title: ctx.description, explanation: why }), automatic: false, risk: 'low', ...manualSteps(ctx.description) };
    default:
      return null;
  }
}
