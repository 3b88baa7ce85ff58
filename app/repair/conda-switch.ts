import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CommandRunner, CondaTool } from './conda';
import type { CondaRecord } from './conda-meta';
import { condaTarget, condaSearchArgv, fittingVersions, parseCondaSearch, searchChannels } from './conda-search';
import { normalizeName } from '../base/package-spec';
import { message, type MessageRef } from '../messages';

/**
 * What the plan says whenever pip changes a package in a conda environment. conda's docs
 * (docs/source/user-guide/tasks/manage-environments.rst, "Using pip in an environment", at 25.11.1):
 * "Use pip only after conda … Once pip has been used, conda will be unaware of the changes";
 * conda/conda#12828: a later conda command can put conda's copy back over pip's.
 */
export const PIP_AFTER_CONDA = (name: string): MessageRef => message('plan.warning.pip-after-conda', { name });

/**
 * The conda-only path before a switch to pip: when conda itself has a build of the wanted version
 * for this Python and platform, installing that keeps one manager. Returns the message to show, or
 * null when conda has none (or cannot be asked: then the switch is the way).
 */
export async function condaOnlyPath(
  tool: CondaTool,
  name: string,
  version: string | null,
  options: { records: readonly CondaRecord[]; pythonVersion: string; runner: CommandRunner; env: NodeJS.ProcessEnv },
): Promise<MessageRef | null> {
  if (!version) return null;
  try {
    const channels = await searchChannels(tool, options.records, options.runner, options.env);
    const result = await options.runner(condaSearchArgv(tool, name, channels), { env: options.env });
    const fits = fittingVersions(parseCondaSearch(result.stdout, name), condaTarget(options.records, options.pythonVersion));
    const hit = fits.find((v) => v.version === version);
    if (!hit) return null;
    const where = [...new Set(hit.builds.map((b) => b.channel).filter(Boolean))].join(', ');
    return message('plan.warning.conda-only', { name, version, where: where ? ` (${where})` : '' });
  } catch {
    return null;
  }
}

/**
 * pip's own copy of a package that conda also installed: a dist-info whose INSTALLER is not conda
 * and that has a RECORD (pip uninstalls by RECORD; conda-build rewrites INSTALLER to "conda", and
 * without a RECORD pip stops with "Cannot uninstall X, RECORD file not found. Hint: The package
 * was installed by conda.").
 */
export async function duplicatePipCopy(sitePackages: string, name: string): Promise<{ version: string } | null> {
  const wanted = normalizeName(name);
  const entries = await readdir(sitePackages).catch(() => [] as string[]);
  for (const entry of entries) {
    const m = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
    if (!m || normalizeName(m[1] ?? '') !== wanted) continue;
    const folder = path.join(sitePackages, entry);
    const installer = (await readFile(path.join(folder, 'INSTALLER'), 'utf8').catch(() => '')).trim();
    const hasRecord = await stat(path.join(folder, 'RECORD')).then((s) => s.isFile(), () => false);
    if (installer !== 'conda' && hasRecord) return { version: m[2] ?? '' };
  }
  return null;
}
