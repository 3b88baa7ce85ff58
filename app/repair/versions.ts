import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DoctorError } from '../contract/errors';
import { isCondaPrefix, locateConda, type CommandRunner, type CondaTool } from './conda';
import { findRecord, readCondaRecords } from './conda-meta';
import { condaVersionOffers } from './conda-search';
import { interpreterFacts } from './interpreter-facts';
import { offersFromFiles, projectFiles, type IndexFile } from './package-index';
import { installedPackages, pipArgv } from './pip';
import { runCommand } from './run-command';
import type { VersionOffers } from './types';
import { normalizeName, packageName } from './validate';

/** Where pip looks for packages, as the user configured it (environment first, then pip config). */
export async function pipSources(python: string, env: NodeJS.ProcessEnv): Promise<{ indexUrl: string | null; findLinks: string[] }> {
  const findLinks = (env.PIP_FIND_LINKS ?? '').split(/\s+/).filter(Boolean);
  if (env.PIP_NO_INDEX && !['0', 'false', 'no', 'off'].includes(env.PIP_NO_INDEX.toLowerCase())) return { indexUrl: null, findLinks };
  if (env.PIP_INDEX_URL) return { indexUrl: env.PIP_INDEX_URL, findLinks };
  const config = await runCommand(pipArgv(python, ['config', 'list']), { env });
  const configured = /^(?:global|install)\.index-url='([^']+)'/m.exec(config.stdout)?.[1];
  return { indexUrl: configured ?? 'https://pypi.org/simple/', findLinks };
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
  packageName(project);
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
  const installedVersion = findRecord(records, project)?.version ?? installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return condaVersionOffers(facts.pythonVersion, project, { tool, runner: options.runner ?? runCommand, env, records, installedVersion, knownGood: options.knownGood ?? null });
}
