import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DoctorError } from '../contract/errors';
import { isCondaPrefix, locateConda, type CommandRunner, type CondaTool } from './conda';
import { findRecord, readCondaRecords, recordOfDistribution } from './conda-meta';
import { condaVersionOffers } from './conda-search';
import { interpreterFacts } from './interpreter-facts';
import { offersFromFiles, projectFiles, type IndexFile } from './package-index';
import { installedPackages, pipArgv } from './pip';
import { runCommand } from './run-command';
import type { VersionOffers } from './types';
import { condaPackageName, normalizeName, packageName } from './validate';

/** Where pip looks for packages, as the user configured it (environment first, then pip config). */
export async function pipSources(python: string, env: NodeJS.ProcessEnv): Promise<{ indexUrl: string | null; findLinks: string[] }> {
  const findLinks = (env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean);
  if (env.PIP_NO_INDEX && !['0', 'false', 'no', 'off'].includes(env.PIP_NO_INDEX.toLowerCase())) return { indexUrl: null, findLinks };
  if (env.PIP_INDEX_URL) return { indexUrl: env.PIP_INDEX_URL, findLinks };
  const config = await runCommand(pipArgv(python, ['config', 'list']), { env });
  const configured = /^(?:global|install)\.index-url='([^']+)'/m.exec(config.stdout)?.[1];
  return { indexUrl: configured ?? 'https://pypi.org/simple/', findLinks };
}

interface SessionSources {
  readonly indexes: string[];
  readonly findLinks: string[];
}

const sourcesBySession = new Map<string, Promise<SessionSources>>();

/**
 * Where pip looks, once per interpreter and pip settings in this session (`pip config list` costs a
 * pip start): the index, the extra indexes and find-links, from the environment and pip's config.
 */
function sessionSources(python: string, env: NodeJS.ProcessEnv): Promise<SessionSources> {
  const key = JSON.stringify([python, Object.entries(env).filter(([k]) => /^PIP_/i.test(k)).sort()]);
  let sources = sourcesBySession.get(key);
  if (!sources) {
    sources = (async () => {
      const { indexUrl, findLinks } = await pipSources(python, env);
      if (!indexUrl) return { indexes: [], findLinks };
      const config = env.PIP_EXTRA_INDEX_URL === undefined ? (await runCommand(pipArgv(python, ['config', 'list']), { env })).stdout : '';
      const extra = env.PIP_EXTRA_INDEX_URL ?? /^(?:global|install)\.extra-index-url='([^']+)'/m.exec(config)?.[1] ?? '';
      const configuredLinks = env.PIP_FIND_LINKS === undefined ? /^(?:global|install)\.find-links='([^']+)'/m.exec(config)?.[1] ?? '' : '';
      return { indexes: [indexUrl, ...extra.split(/\s+/).filter(Boolean)], findLinks: [...findLinks, ...configuredLinks.split(/\s+/).filter(Boolean)] };
    })();
    sourcesBySession.set(key, sources);
    sources.catch(() => sourcesBySession.delete(key));
  }
  return sources;
}

/** Indexes that failed to answer in this session: asked once, not once per package. */
const unreachable = new Set<string>();

/** fetch, plus file: URLs (a local PEP 503 index such as `file:///opt/pypi/simple`). */
const indexFetch: typeof fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== 'file:') return fetch(input, init);
  const folder = fileURLToPath(url);
  const body = await readFile(join(folder, 'index.html'), 'utf8').catch(() => null);
  return body === null ? new Response('', { status: 404 }) : new Response(body, { status: 200, headers: { 'content-type': 'text/html' } });
};

async function filesFromIndex(indexUrl: string, project: string): Promise<IndexFile[]> {
  if (unreachable.has(indexUrl)) return [];
  try {
    return await projectFiles(indexUrl, project, indexFetch);
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

async function folderFiles(link: string): Promise<IndexFile[]> {
  const folder = link.startsWith('file:') ? fileURLToPath(link) : link;
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.map((filename) => ({ filename, yanked: false, requiresPython: null }));
}

/**
 * The versions of a package this environment can install, newest first, each marked: a wheel fits
 * this interpreter's tags, only a source build would, yanked, installed now, known good.
 */
export async function listVersionOffers(python: string, project: string, options: { manager: 'pip' | 'conda'; env?: NodeJS.ProcessEnv; knownGood?: string | null; runner?: CommandRunner; conda?: CondaTool | null }): Promise<VersionOffers> {
  // Each manager's own name rules: conda's `_libgcc_mutex` is no PEP 508 name.
  if (options.manager === 'conda') condaPackageName(project);
  else packageName(project);
  const env = options.env ?? process.env;
  if (options.manager === 'conda') return condaOffers(python, project, env, options);
  const [facts, sources, installed] = await Promise.all([interpreterFacts(python, env), pipSources(python, env), installedPackages(python, env)]);
  const files: IndexFile[] = [];
  for (const link of sources.findLinks) files.push(...(await folderFiles(link)));
  if (sources.indexUrl) files.push(...(await projectFiles(sources.indexUrl, project)));
  const current = installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return {
    package: project,
    manager: 'pip',
    source: [sources.indexUrl, ...sources.findLinks].filter(Boolean).join(', '),
    versions: offersFromFiles(project, files, facts.tags, current, options.knownGood ?? null),
  };
}

/** conda's versions of a package: the builds of its environment's channels that fit this Python (conda-search.ts). */
async function condaOffers(python: string, project: string, env: NodeJS.ProcessEnv, options: { knownGood?: string | null; runner?: CommandRunner; conda?: CondaTool | null }): Promise<VersionOffers> {
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
  const tool = options.conda !== undefined ? options.conda : (await isCondaPrefix(facts.prefix)) ? await locateConda(facts.prefix, env) : null;
  if (!tool) throw new DoctorError('conda-not-found', `No conda was found for ${facts.prefix}.`, 'Run this from an Anaconda Prompt (so CONDA_EXE is set), or choose pip.');
  const records = await readCondaRecords(facts.prefix);
  // pip's name of a package conda installed is searched under conda's (torch is conda's pytorch).
  const record = recordOfDistribution(records, project) ?? findRecord(records, project);
  const installedVersion = record?.version ?? installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return condaVersionOffers(facts.pythonVersion, record?.name ?? project, { tool, runner: options.runner ?? runCommand, env, records, installedVersion, knownGood: options.knownGood ?? null });
}
