/**
 * The environment as the diagnosis examines it, from app/envs' description and nothing else: its
 * installed packages (dist-info and conda-meta records joined through the files conda-meta lists, with their extension modules
 * and libraries as absolute paths), and what the diagnosis derives from the description (platform,
 * report kind, implementation name, whether its Python can run here).
 */
import path from 'node:path';
import { DoctorError } from '../../base/errors';
import type { CondaRecord, EnvironmentDescription } from '../../envs';
import { normalizeName } from '../../base/package-spec';
import type { EnvironmentFacts, ExtensionModule, PackageFacts } from './facts';
import type { EnvironmentSummary, Platform } from '../types';
import { message } from '../../messages';

/** The importable dotted name of an extension module from its RECORD path ("PIL/_imaging.cp36-win_amd64.pyd"). */
function moduleOf(relative: string): string | null {
  const parts = relative.replace(/\\/g, '/').split('/');
  const file = parts.pop() ?? '';
  const stem = file.split('.')[0] ?? '';
  const names = [...parts, stem];
  return names.every((n) => /^[A-Za-z_]\w*$/.test(n)) ? names.join('.') : null;
}

const SITE_PACKAGES = /^(?:Lib|lib\/python\d+\.\d+)\/site-packages\/(.+)$/;
const EXTENSION = /\.(pyd|so)$/i;
const LIBRARY = /\.(dll|so(\.\d+)*|dylib)$/i;

function packageFromCondaRecord(record: CondaRecord, prefix: string): PackageFacts {
  const extensionModules: ExtensionModule[] = [];
  const files: string[] = [];
  for (const file of record.files) {
    const relative = file.replace(/\\/g, '/');
    const inSite = SITE_PACKAGES.exec(relative)?.[1];
    const module = inSite && EXTENSION.test(inSite) ? moduleOf(inSite) : null;
    if (module) extensionModules.push({ module, path: path.normalize(path.join(prefix, relative)) });
    else if (LIBRARY.test(relative)) files.push(path.normalize(path.join(prefix, relative)));
  }
  return {
    name: record.name,
    version: record.version,
    distribution: null,
    condaRecord: record,
    files,
    extensionModules,
  };
}

/** sys.platform in the diagnosis' words ("darwin" is macOS, as the error reader calls it). */
export function platformOf(sysPlatform: string): Platform {
  if (sysPlatform === 'win32') return 'windows';
  if (sysPlatform.startsWith('linux')) return 'linux';
  if (sysPlatform === 'darwin') return 'macos';
  return 'unknown';
}

/**
 * The diagnosis' facts from the environments engine's description (app/envs), so an environment is
 * probed by one script and read by one reader. A folder described offline (a Windows environment
 * copied here) gives facts without a runnable interpreter; any other failure to describe is an error.
 */
export function factsFromDescription(description: EnvironmentDescription, python: string): EnvironmentFacts {
  const facts = description.python;
  const offline = description.status === 'offline';
  if ((description.status !== 'ok' && !offline) || !facts) {
    throw new DoctorError('python-probe-failed', description.message ?? message('error.python-probe-failed', { python }), message('error.python-probe-failed.what'));
  }
  // Joined through the files conda-meta lists (conda's pytorch installed torch); a record no metadata
  // folder is joined to by its files meets a distribution of its name (pip's copy over conda's package).
  const byFiles = new Set(description.distributions.map((d) => d.condaMetaFile).filter(Boolean));
  const joined = new Set<CondaRecord>();
  const packages: PackageFacts[] = description.distributions.map((d) => {
    const record =
      (d.condaMetaFile
        ? description.condaRecords.find((r) => r.metaFile === d.condaMetaFile)
        : description.condaRecords.find((r) => !byFiles.has(r.metaFile) && normalizeName(r.name) === d.normalizedName)) ?? null;
    if (record) joined.add(record);
    const extensionModules: ExtensionModule[] = d.extensionModules.flatMap((rel) => {
      const module = moduleOf(rel);
      return module ? [{ module, path: path.normalize(path.join(d.location, rel)) }] : [];
    });
    return {
      name: d.name,
      version: d.version,
      distribution: d,
      condaRecord: record ?? null,
      files: d.bundledLibraries.map((rel) => path.normalize(path.join(d.location, rel))),
      extensionModules,
    };
  });
  // conda packages that have no dist-info (compiled libraries, or packages conda built without it)
  // are known from their conda-meta records alone.
  for (const record of description.condaRecords) {
    if (joined.has(record)) continue;
    packages.push(packageFromCondaRecord(record, description.prefix));
  }
  const unrecordedExtensions = (description.unrecordedExtensions?.modules ?? []).map((m) => ({ module: m.module, path: path.normalize(m.path) }));
  return { python: description.interpreter ?? python, description: { ...description, python: facts }, packages, unrecordedExtensions };
}

/** The environment's platform in the diagnosis' words. */
export function envPlatform(env: EnvironmentFacts): Platform {
  return platformOf(env.description.python.platform);
}

/** The environment's kind as the report states it: pyenv, Store, Homebrew and installed Pythons are 'system'. */
export function envKind(env: EnvironmentFacts): EnvironmentSummary['kind'] {
  const kind = env.description.kind;
  // 'unknown' stays unknown: the knowledge base must not read it as "not a conda environment".
  return kind === 'conda' || kind === 'venv' || kind === 'unknown' ? kind : 'system';
}

/** Whether the import test can run: false for an offline description of another machine's folder. */
export function canRunPython(env: EnvironmentFacts): boolean {
  return env.description.status !== 'offline';
}

/** The implementation's display name ("CPython"). */
export function implementationName(env: EnvironmentFacts): string {
  const name = env.description.python.implementation;
  return name === 'cpython' ? 'CPython' : name;
}
