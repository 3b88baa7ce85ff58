/**
 * The versions pip's configured sources offer for a project: the index, the extra indexes and the
 * find-links folders pip is set up with, read with the PEP 691 client (simple-api.ts). The diagnosis
 * asks it for the versions a remedy may name, the repair for the versions the user may choose.
 */
import { DoctorError } from '../base/errors';
import { packageName } from '../base/package-spec';
import { nodeHost, pipTags } from '../envs';
import { pipArgv, runCommand } from '../process/run-command';
import { pipConfigValue } from './pip-config';
import { proxySettingsFrom, type ProxySettings } from './proxy-settings';
import { folderFiles, indexFetcher, offersFromFiles, projectFiles, type IndexFile } from './simple-api';

/** Where pip looks for packages: its indexes (none with --no-index) and its find-links folders. */
export interface PipSources {
  readonly indexes: string[];
  readonly findLinks: string[];
}

/** Where pip looks and the proxy it goes through (proxy-settings.ts). */
export interface PipSetup extends PipSources {
  readonly proxy: ProxySettings;
}

const OFF = ['0', 'false', 'no', 'off'];

/**
 * Where pip looks, as the user configured it: each setting from the environment (PIP_INDEX_URL,
 * PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX) or else from pip's config files (`pip config
 * list`, global or install section), as pip itself ranks them.
 * https://pip.pypa.io/en/stable/topics/configuration/#precedence-override-order
 */
export function pipSourcesFrom(env: NodeJS.ProcessEnv, configList: string): PipSources {
  const setting = (variable: string, key: string) => env[variable] ?? pipConfigValue(configList, key);
  const words = (value: string | undefined) => (value ?? '').split(/\s+/).filter(Boolean);
  const findLinks = words(setting('PIP_FIND_LINKS', 'find-links'));
  const noIndex = setting('PIP_NO_INDEX', 'no-index');
  if (noIndex !== undefined && !OFF.includes(noIndex.toLowerCase())) return { indexes: [], findLinks };
  return { indexes: [setting('PIP_INDEX_URL', 'index-url') ?? 'https://pypi.org/simple/', ...words(setting('PIP_EXTRA_INDEX_URL', 'extra-index-url'))], findLinks };
}

const sourcesBySession = new Map<string, Promise<PipSetup>>();

/**
 * Where pip looks and through which proxy, once per interpreter and pip and proxy settings in this
 * session (`pip config list` costs a pip start, and is skipped when the environment sets everything
 * it could say).
 */
export function pipSources(python: string, env: NodeJS.ProcessEnv): Promise<PipSetup> {
  const key = JSON.stringify([python, Object.entries(env).filter(([k]) => /^PIP_|_PROXY$/i.test(k)).sort()]);
  let sources = sourcesBySession.get(key);
  if (!sources) {
    sources = (async () => {
      const allSet = ['PIP_INDEX_URL', 'PIP_EXTRA_INDEX_URL', 'PIP_FIND_LINKS', 'PIP_NO_INDEX', 'PIP_PROXY'].every((v) => env[v] !== undefined);
      const config = allSet ? '' : (await runCommand(pipArgv(python, ['config', 'list']), { env })).stdout;
      return { ...pipSourcesFrom(env, config), proxy: proxySettingsFrom(env, config) };
    })();
    sourcesBySession.set(key, sources);
    sources.catch(() => sourcesBySession.delete(key));
  }
  return sources;
}

/** Indexes that failed to answer in this session: asked once, not once per package. */
const unreachable = new Set<string>();

async function filesFromIndex(indexUrl: string, project: string, fetcher: typeof fetch): Promise<IndexFile[]> {
  if (unreachable.has(indexUrl)) return [];
  try {
    return await projectFiles(indexUrl, project, fetcher);
  } catch (error) {
    if (error instanceof DoctorError && (error.code === 'index-unreachable' || error.code === 'index-proxy')) unreachable.add(indexUrl);
    return [];
  }
}

const PRE_RELEASE = /\d(?:[._-]?(?:a|b|c|rc|alpha|beta|pre|preview)\d*|[._-]?dev\d*)(?:$|[.+-])/i;

/**
 * The versions `pip index versions` would list (installable here, not yanked, no pre-releases),
 * newest first, read with the PEP 691 client from the indexes and find-links pip is configured with
 * through the proxy pip would use (an index that cannot be reached is skipped for the rest of the
 * session). Many packages are
 * looked up in parallel without a pip start each.
 */
export async function indexVersions(python: string, project: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  packageName(project);
  const [tags, sources] = await Promise.all([pipTags(python, { host: nodeHost({ env }) }), pipSources(python, env)]);
  const fetcher = indexFetcher(sources.proxy);
  const lists = await Promise.all([...sources.findLinks.map(folderFiles), ...sources.indexes.map((url) => filesFromIndex(url, project, fetcher))]);
  return offersFromFiles(project, lists.flat(), tags, null, null)
    .filter((o) => o.installable && !o.yanked && !PRE_RELEASE.test(o.version))
    .map((o) => o.version);
}
