import { DoctorError } from '../contract/errors';
import { isCondaPrefix, locateConda, type CommandRunner, type CondaTool } from './conda';
import { findRecord, readCondaRecords } from './conda-meta';
import { condaVersionOffers } from './conda-search';
import { interpreterFacts } from './interpreter-facts';
import { folderFiles, indexPlace, offersFromFiles, projectFiles, type IndexFile } from './package-index';
import { installedPackages, pipArgv } from './pip';
import { runCommand } from './run-command';
import type { VersionOffers } from './types';
import { normalizeName, packageName } from './validate';

/** Where pip looks for packages: its indexes (none with --no-index) and its find-links folders. */
export interface PipSources {
  readonly indexes: string[];
  readonly findLinks: string[];
}

const OFF = ['0', 'false', 'no', 'off'];

/**
 * Where pip looks, as the user configured it: each setting from the environment (PIP_INDEX_URL,
 * PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX) or else from pip's config files (`pip config
 * list`, global or install section), as pip itself ranks them.
 * https://pip.pypa.io/en/stable/topics/configuration/#precedence-override-order
 */
export function pipSourcesFrom(env: NodeJS.ProcessEnv, configList: string): PipSources {
  // The install section overrides global for `pip install` (pip lists global first).
  const configured = (key: string) => new RegExp(`^install\\.${key}='([^']*)'`, 'm').exec(configList)?.[1] ?? new RegExp(`^global\\.${key}='([^']*)'`, 'm').exec(configList)?.[1];
  const setting = (variable: string, key: string) => env[variable] ?? configured(key);
  const words = (value: string | undefined) => (value ?? '').split(/\s+/).filter(Boolean);
  const findLinks = words(setting('PIP_FIND_LINKS', 'find-links'));
  const noIndex = setting('PIP_NO_INDEX', 'no-index');
  if (noIndex !== undefined && !OFF.includes(noIndex.toLowerCase())) return { indexes: [], findLinks };
  return { indexes: [setting('PIP_INDEX_URL', 'index-url') ?? 'https://pypi.org/simple/', ...words(setting('PIP_EXTRA_INDEX_URL', 'extra-index-url'))], findLinks };
}

const sourcesBySession = new Map<string, Promise<PipSources>>();

/**
 * Where pip looks, once per interpreter and pip settings in this session (`pip config list` costs a
 * pip start, and is skipped when the environment sets everything it could say).
 */
function sessionSources(python: string, env: NodeJS.ProcessEnv): Promise<PipSources> {
  const key = JSON.stringify([python, Object.entries(env).filter(([k]) => /^PIP_/i.test(k)).sort()]);
  let sources = sourcesBySession.get(key);
  if (!sources) {
    sources = (async () => {
      const allSet = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'PIP_NO_INDEX'].every((v) => env[v] !== undefined);
      const config = allSet ? '' : (await runCommand(pipArgv(python, ['config', 'list']), { env })).stdout;
      return pipSourcesFrom(env, config);
    })();
    sourcesBySession.set(key, sources);
    sources.catch(() => sourcesBySession.delete(key));
  }
  return sources;
}

/** Indexes that failed to answer in this session: asked once, not once per package. */
const unreachable = new Set<string>();

async function filesFromIndex(indexUrl: string, project: string): Promise<IndexFile[]> {
  if (unreachable.has(indexUrl)) return [];
  try {
    return await projectFiles(indexUrl, project);
  } catch (error) {
    if (error instanceof DoctorError && error.code === 'index-unreachable') unreachable.add(indexUrl);
    return [];
  }
}

const PRE_RELEASE = /\d(?:[._-]?(?:a|b|c|rc|alpha|beta|pre|preview)\d*|[._-]?dev\d*)(?:$|[.+-])/i;

/**
 * The versions `pip index versions` would list (installable here, not yanked, no pre-releases),
 * newest first, read with the PEP 691 client from the indexes and find-links pip is configured with
 * (an index that cannot be reached is skipped for the rest of the session). Many packages are
 * looked up in parallel without a pip start each.
 */
export async function indexVersions(python: string, project: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  packageName(project);
  const [facts, sources] = await Promise.all([interpreterFacts(python, env), sessionSources(python, env)]);
  const lists = await Promise.all([...sources.findLinks.map(folderFiles), ...sources.indexes.map((url) => filesFromIndex(url, project))]);
  return offersFromFiles(project, lists.flat(), facts.tags, null, null)
    .filter((o) => o.installable && !o.yanked && !PRE_RELEASE.test(o.version))
    .map((o) => o.version);
}

/**
 * The versions of a package this environment can install, newest first, each marked: a wheel fits
 * this interpreter's tags, only a source build would, yanked, installed now, known good.
 */
export async function listVersionOffers(python: string, project: string, options: { manager: 'pip' | 'conda'; env?: NodeJS.ProcessEnv; knownGood?: string | null; runner?: CommandRunner; conda?: CondaTool | null }): Promise<VersionOffers> {
  packageName(project);
  const env = options.env ?? process.env;
  if (options.manager === 'conda') return condaOffers(python, project, env, options);
  const [facts, sources, installed] = await Promise.all([interpreterFacts(python, env), sessionSources(python, env), installedPackages(python, env)]);
  // Every source pip would use; one that fails is an error only when no other source answered.
  const answers = await Promise.allSettled([...sources.findLinks.map(folderFiles), ...sources.indexes.map((url) => projectFiles(url, project))]);
  const files = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  const failure = answers.find((a) => a.status === 'rejected');
  if (failure && files.length === 0) throw failure.reason;
  const current = installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return {
    package: project,
    manager: 'pip',
    source: [...sources.indexes.map(indexPlace), ...sources.findLinks].join(', '),
    versions: offersFromFiles(project, files, facts.tags, current, options.knownGood ?? null),
  };
}

/** conda's versions of a package: the builds of its environment's channels that fit this Python (conda-search.ts). */
async function condaOffers(python: string, project: string, env: NodeJS.ProcessEnv, options: { knownGood?: string | null; runner?: CommandRunner; conda?: CondaTool | null }): Promise<VersionOffers> {
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
  const tool = options.conda !== undefined ? options.conda : (await isCondaPrefix(facts.prefix)) ? await locateConda(facts.prefix, env) : null;
  if (!tool) throw new DoctorError('conda-not-found', `No conda was found for ${facts.prefix}.`, 'Run this from an Anaconda Prompt (so CONDA_EXE is set), or choose pip.');
  const records = await readCondaRecords(facts.prefix);
  const installedVersion = findRecord(records, project)?.version ?? installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return condaVersionOffers(facts.pythonVersion, project, { tool, runner: options.runner ?? runCommand, env, records, installedVersion, knownGood: options.knownGood ?? null });
}
