import { DoctorError } from '../base/errors';
import { condaRefusal, type CommandRunner, type CondaTool } from './conda';
import { environmentChannels, environmentSubdir, findRecord, type CondaRecord } from './conda-meta';
import { compareCondaVersions, condaBuildMatches, condaVersionMatches, parseDependency } from '../envs';
import type { VersionOffers } from './types';
import { normalizeName } from '../base/package-spec';
import { condaBuildString, condaChannel, condaPackageName, condaPackageVersion } from './conda-validate';
import { message } from '../messages';

/** One build that `conda search` lists: the fields of an installed record but the package file's URL. */
export type CondaSearchRecord = Pick<CondaRecord, 'name' | 'version' | 'build' | 'channel' | 'subdir' | 'depends'>;

const CHANNEL = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s]+|[A-Za-z0-9_.\-/]+)$/;

/**
 * `conda search --json` for one package in the channels the environment uses. No `--prefix`:
 * conda's search parser lost `add_parser_prefix` in 4.6 (conda/cli/conda_argparse.py
 * `configure_parser_search` at 4.5.13 has it, at 4.6.0 it does not; conda/cli/main_search.py at
 * 25.11.1 neither), so argparse would reject it. `-c` / `--override-channels` come from
 * `add_parser_channels` (conda/cli/helpers.py at 25.11.1) and, for micromamba and mamba 2,
 * `init_channel_parser` (micromamba/src/repoquery.cpp, common_options.cpp at 2.3.0). mamba 1.x hands
 * `search` to conda's own main_search (mamba/mamba/mamba.py at mamba-1.5.8).
 */
export function condaSearchArgv(tool: CondaTool, project: string, channels: readonly string[]): string[] {
  for (const channel of channels) if (!CHANNEL.test(channel)) throw new DoctorError('invalid-channel', message('error.invalid-channel', { value: channel.slice(0, 80) }));
  const channelArgs = channels.length > 0 ? ['--override-channels', ...channels.flatMap((c) => ['-c', c])] : [];
  return [tool.exe, 'search', '--json', ...channelArgs, condaPackageName(project)];
}

/** The channels to search: those the environment's records came from, else conda's configured ones. */
export async function searchChannels(tool: CondaTool, records: readonly CondaRecord[], runner: CommandRunner, env: NodeJS.ProcessEnv): Promise<string[]> {
  const fromRecords = environmentChannels(records);
  if (fromRecords.length > 0) return fromRecords;
  // `conda config --show channels --json` prints {"channels": [...]} (conda/cli/main_config.py at 25.11.1, the --show branch).
  const result = await runner([tool.exe, 'config', '--show', 'channels', '--json'], { env });
  try {
    const channels = (JSON.parse(result.stdout) as { channels?: unknown }).channels;
    return Array.isArray(channels) ? channels.filter((c): c is string => typeof c === 'string' && CHANNEL.test(c)) : [];
  } catch {
    return [];
  }
}

/**
 * Reads the answer of `search --json`, in either shape:
 * - conda (and mamba 1.x): `{<name>: [record, …]}` (conda/cli/main_search.py at 25.11.1:
 *   `json_obj[match.name].append(match)`), or conda's error object (`exception_name`,
 *   conda/exceptions.py `dump_map`) with `PackagesNotFoundError` when nothing matches;
 * - micromamba 1.x/2.x and mamba 2: `{query: {query, type}, result: {msg, pkgs: [record, …], status}}`
 *   (libmamba/src/core/query.cpp `QueryResult::json` at 2.3.0 and micromamba-1.5.10).
 */
export function parseCondaSearch(stdout: string, project: string): CondaSearchRecord[] {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    throw new DoctorError('conda-output', message('error.conda-output.search'), message('error.conda-output.search.what'));
  }
  if (typeof data.exception_name === 'string') {
    if (data.exception_name === 'PackagesNotFoundError') return [];
    throw condaRefusal(data.exception_name, typeof data.message === 'string' ? data.message : '');
  }
  const result = data.result as { pkgs?: unknown } | undefined;
  const list: unknown[] = data.query && result && Array.isArray(result.pkgs) ? result.pkgs : (Object.entries(data).find(([name]) => normalizeName(name) === normalizeName(project))?.[1] as unknown[] | undefined) ?? [];
  const wanted = normalizeName(project);
  return list.flatMap((raw) => {
    const r = raw as Record<string, unknown>;
    if (typeof r.name !== 'string' || typeof r.version !== 'string' || normalizeName(r.name) !== wanted) return [];
    const subdir = typeof r.subdir === 'string' ? r.subdir : null;
    // mamba 2 cuts `channel` to a name ("pkgs" for repo.anaconda.com/pkgs/main: libmamba/src/core/output.cpp
    // cut_repo_name at 2.3.0); the package URL minus /<subdir>/<file> is the channel every tool accepts.
    const url = typeof r.url === 'string' ? r.url : null;
    const at = url && subdir ? url.lastIndexOf(`/${subdir}/`) : -1;
    const channel = url && at > 0 ? url.slice(0, at) : typeof r.channel === 'string' ? r.channel : null;
    return [{ name: r.name, version: r.version, build: typeof r.build === 'string' ? r.build : '', channel, subdir, depends: Array.isArray(r.depends) ? r.depends.filter((d): d is string => typeof d === 'string') : [] }];
  });
}

/** What a build must fit: this Python, the environment's platform, and its python_abi build if it has one. */
export interface CondaTarget {
  readonly pythonVersion: string;
  readonly subdir: string | null;
  readonly pythonAbiBuild: string | null;
}

export function condaTarget(records: readonly CondaRecord[], pythonVersion: string): CondaTarget {
  return { pythonVersion, subdir: environmentSubdir(records), pythonAbiBuild: findRecord(records, 'python_abi')?.build ?? null };
}

/**
 * Whether a build can go into this environment without changing Python: its platform is the
 * environment's (or noarch), and its `depends` on python / python_abi admit the installed Python
 * ("python >=3.6,<3.7.0a0" is a build for 3.6 only; conda search lists builds for every Python).
 */
export function buildFits(record: CondaSearchRecord, target: CondaTarget): boolean {
  if (record.subdir && target.subdir && record.subdir !== 'noarch' && record.subdir !== target.subdir) return false;
  for (const entry of record.depends) {
    const dep = parseDependency(entry);
    if (dep.name === 'python' && dep.version && !condaVersionMatches(target.pythonVersion, dep.version)) return false;
    if (dep.name === 'python_abi') {
      if (dep.version && !condaVersionMatches(target.pythonVersion, dep.version)) return false;
      if (dep.build && target.pythonAbiBuild && !condaBuildMatches(target.pythonAbiBuild, dep.build)) return false;
    }
  }
  return true;
}

/** The versions with at least one fitting build, newest first (conda's VersionOrder). */
export function fittingVersions(records: readonly CondaSearchRecord[], target: CondaTarget): { version: string; builds: CondaSearchRecord[] }[] {
  const byVersion = new Map<string, CondaSearchRecord[]>();
  for (const r of records) if (buildFits(r, target)) byVersion.set(r.version, [...(byVersion.get(r.version) ?? []), r]);
  return [...byVersion.entries()].sort((a, b) => compareCondaVersions(b[0], a[0])).map(([version, builds]) => ({ version, builds }));
}

/**
 * An exact conda match spec, every part validated by conda's rules. conda's `pkg=4.0.0` is fuzzy
 * (it also matches 4.0.0.1); `pkg==4.0.0` is exact (docs/source/user-guide/concepts/pkg-specs.rst at
 * 25.11.1: "The exact constraint numpy==1.11 matches 1.11, 1.11.0, 1.11.0.0"). A channel pins where
 * it comes from (`channel::name`, conda ≥ 4.4), a build which build (`name==version=build`, the
 * canonical form of MatchSpec.__str__ in conda/models/match_spec.py).
 */
export function exactCondaSpec(name: string, version: string | null, channel?: string | null, build?: string | null): string {
  const head = channel ? `${condaChannel(channel.replace(/\/+$/, ''))}::` : '';
  const tail = version && build ? `=${condaBuildString(build)}` : '';
  return `${head}${condaPackageName(name)}${version ? `==${condaPackageVersion(version)}` : ''}${tail}`;
}

/**
 * conda's versions of a package for this environment: searched in the environment's channels,
 * each version offered only when a build of it fits this Python and platform.
 */
export async function condaVersionOffers(
  pythonVersion: string,
  project: string,
  options: { tool: CondaTool; runner: CommandRunner; env: NodeJS.ProcessEnv; records: readonly CondaRecord[]; installedVersion: string | null; knownGood: string | null },
): Promise<VersionOffers> {
  const channels = await searchChannels(options.tool, options.records, options.runner, options.env);
  const result = await options.runner(condaSearchArgv(options.tool, project, channels), { env: options.env });
  const found = parseCondaSearch(result.stdout, project);
  const target = condaTarget(options.records, pythonVersion);
  const versions = fittingVersions(found, target);
  return {
    package: project,
    manager: 'conda',
    source: `${options.tool.flavor} search${channels.length > 0 ? ` in ${channels.join(', ')}` : ''} (builds for Python ${pythonVersion}${target.subdir ? ` on ${target.subdir}` : ''})`,
    versions: versions.map(({ version }) => ({ version, installable: true, needsSourceBuild: false, knownGood: options.knownGood === version, installed: options.installedVersion === version, yanked: false })),
  };
}
