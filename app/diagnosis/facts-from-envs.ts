import path from 'node:path';
import { DoctorError } from '../contract/errors';
import type { Distribution, EnvironmentDescription } from '../envs';
import { normalizeProjectName } from './knowledge-base';
import type { EnvironmentFacts, ExtensionModule, PackageFacts } from './facts';
import type { PackageManager } from './types';

/** The importable dotted name of an extension module from its RECORD path ("PIL/_imaging.cp36-win_amd64.pyd"). */
function moduleOf(relative: string): string | null {
  const parts = relative.replace(/\\/g, '/').split('/');
  const file = parts.pop() ?? '';
  const stem = file.split('.')[0] ?? '';
  const names = [...parts, stem];
  return names.every((n) => /^[A-Za-z_]\w*$/.test(n)) ? names.join('.') : null;
}

function managersOf(distribution: Distribution, condaNames: ReadonlySet<string>): PackageManager[] {
  const installer = distribution.installer?.toLowerCase() ?? null;
  const managers: PackageManager[] = [];
  if (installer === 'conda' || condaNames.has(distribution.normalizedName)) managers.push('conda');
  if (installer === 'pip' || installer === 'uv') managers.push('pip');
  return managers.length > 0 ? managers : ['unknown'];
}

/** A requirement's project name, without version, markers or extras; extra-only requirements are left out. */
function requirementName(requirement: string): string | null {
  if (/extra\s*==/.test(requirement)) return null;
  return /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(requirement.trim())?.[0] ?? null;
}

/**
 * The diagnosis' facts from the environments engine's description (app/envs), so an environment is
 * probed by one script only. An interpreter that cannot run is an error here: the diagnosis of a live
 * environment needs it (an offline folder goes through the offline description instead).
 */
export function factsFromDescription(description: EnvironmentDescription, python: string): EnvironmentFacts {
  const facts = description.python;
  if (description.status !== 'ok' || !facts) {
    throw new DoctorError('python-probe-failed', description.message ?? `${python} could not describe itself.`, 'Check that it is a CPython 3 interpreter that starts on its own.');
  }
  const condaNames = new Set(description.condaRecords.map((r) => normalizeProjectName(r.name)));
  const packages: PackageFacts[] = description.distributions.map((d) => {
    const extensionModules: ExtensionModule[] = d.extensionModules.flatMap((rel) => {
      const module = moduleOf(rel);
      return module ? [{ module, path: path.normalize(path.join(d.location, rel)) }] : [];
    });
    return {
      name: d.name,
      version: d.version,
      managers: managersOf(d, condaNames),
      requires: d.requiresDist.map(requirementName).filter((n): n is string => n !== null),
      wheelTags: d.wheelTags,
      files: d.bundledLibraries.map((rel) => path.normalize(path.join(d.location, rel))),
      extensionModules,
    };
  });
  return {
    python: description.interpreter ?? python,
    prefix: description.prefix,
    pythonVersion: facts.version,
    implementation: facts.implementation === 'cpython' ? 'CPython' : facts.implementation,
    platform: facts.platform === 'win32' ? 'windows' : facts.platform.startsWith('linux') ? 'linux' : 'unknown',
    architecture: facts.architecture,
    kind: description.kind === 'conda' ? 'conda' : description.kind === 'venv' ? 'venv' : 'system',
    canRunPython: true,
    packages,
  };
}
