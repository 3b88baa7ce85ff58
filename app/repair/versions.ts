import { DoctorError } from '../base/errors';
import { isCondaPrefix, locateConda, type CommandRunner, type CondaTool } from './conda';
import { findRecord, localCondaRecords, recordOfDistribution } from './conda-meta';
import { condaVersionOffers } from './conda-search';
import { interpreterFacts, nodeHost, pipTags } from '../envs';
import { pipSources } from '../package-index/index-versions';
import { folderFiles, indexFetcher, indexPlace, offersFromFiles, projectFiles } from '../package-index/simple-api';
import { installedPackages } from './pip';
import { runCommand } from '../process/run-command';
import type { VersionOffers } from './types';
import { normalizeName, packageName } from '../base/package-spec';
import { condaPackageName } from './conda-validate';
import { message } from '../messages';

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
  const [tags, sources, installed] = await Promise.all([pipTags(python, { host: nodeHost({ env }) }), pipSources(python, env), installedPackages(python, env)]);
  // Every source pip would use, through pip's proxy; one that fails is an error only when no other source answered.
  const fetcher = indexFetcher(sources.proxy);
  const answers = await Promise.allSettled([...sources.findLinks.map(folderFiles), ...sources.indexes.map((url) => projectFiles(url, project, fetcher))]);
  const files = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
  const failure = answers.find((a) => a.status === 'rejected');
  if (failure && files.length === 0) throw failure.reason;
  const current = installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return {
    package: project,
    manager: 'pip',
    source: [...sources.indexes.map(indexPlace), ...sources.findLinks].join(', '),
    versions: offersFromFiles(project, files, tags, current, options.knownGood ?? null),
  };
}

/** conda's versions of a package: the builds of its environment's channels that fit this Python (conda-search.ts). */
async function condaOffers(python: string, project: string, env: NodeJS.ProcessEnv, options: { knownGood?: string | null; runner?: CommandRunner; conda?: CondaTool | null }): Promise<VersionOffers> {
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
  const tool = options.conda !== undefined ? options.conda : (await isCondaPrefix(facts.prefix)) ? await locateConda(facts.prefix, env) : null;
  if (!tool) throw new DoctorError('conda-not-found', message('error.conda-not-found', { prefix: facts.prefix }), message('error.conda-not-found.what'));
  const records = await localCondaRecords(facts.prefix);
  // pip's name of a package conda installed is searched under conda's (torch is conda's pytorch).
  const record = recordOfDistribution(records, project) ?? findRecord(records, project);
  const installedVersion = record?.version ?? installed.find((p) => normalizeName(p.name) === normalizeName(project))?.version ?? null;
  return condaVersionOffers(facts.pythonVersion, record?.name ?? project, { tool, runner: options.runner ?? runCommand, env, records, installedVersion, knownGood: options.knownGood ?? null });
}
