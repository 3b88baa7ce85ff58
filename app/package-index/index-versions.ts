/**
 * The versions pip's configured sources offer for a project: the index, the extra indexes and the
 * find-links folders pip is set up with, read with the PEP 691 client (simple-api.ts). The diagnosis
 * asks it for the versions a remedy may name, the repair for the versions the user may choose.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DoctorError } from '../base/errors';
import { packageName } from '../base/package-spec';
import { interpreterFacts } from '../envs';
import { pipArgv, runCommand } from '../process/run-command';
import { offersFromFiles, projectFiles, type IndexFile } from './simple-api';

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

/** The files of a find-links folder (a path or a file: URL). */
export async function folderFiles(link: string): Promise<IndexFile[]> {
  const folder = link.startsWith('file:') ? fileURLToPath(link) : link;
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.map((filename) => ({ filename, yanked: false, requiresPython: null }));
}
