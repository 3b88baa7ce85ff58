import { stat } from 'node:fs/promises';
import { DoctorError } from '../base/errors';
import { nodeHost, probeEnvironment, scanEnvironments, type EnvironmentDescription } from '../envs';
import type { EnvironmentChoice } from '../contract/environment-choice';
import { english, message } from '../messages';
import type { MessageRef } from '../messages';

/** How a source found an environment, as the start of a sentence, with the source's detail. */
const sourceWords: Readonly<Record<string, (detail: string) => MessageRef>> = {
  registry: (detail) => message('source.registry', { detail }),
  'py-launcher': (detail) => message('source.py-launcher', { detail }),
  path: (detail) => message('source.path', { detail }),
  'store-alias': (detail) => message('source.store-alias', { detail }),
  conda: (detail) => message('source.conda', { detail }),
  venv: (detail) => message('source.venv', { detail }),
  pyenv: (detail) => message('source.pyenv', { detail }),
  homebrew: (detail) => message('source.homebrew', { detail }),
  system: (detail) => message('source.system', { detail }),
  user: (detail) => message('source.user', { detail }),
};

/**
 * The name of an environment whose interpreter gave no facts: a Python 2 says which (its probe
 * message names the release), never the bare file name "python".
 */
function unprobedLabel(description: EnvironmentDescription, python: string): string {
  if (description.status === 'python2') return `Python ${/is Python (2\.\d+(?:\.\d+)?)/.exec(description.message ?? '')?.[1] ?? '2'}`;
  return python.split(/[\\/]/).pop() ?? python;
}

/** How the environment was found, in English and as messages, each said once. */
function sourcesOf(description: EnvironmentDescription): Pick<EnvironmentChoice, 'sources' | 'sourceMessages'> {
  const said = description.sources.map((s) => sourceWords[s.kind]?.(s.detail) ?? message('source.other', { kind: s.kind, detail: s.detail }));
  const unique = said.filter((ref, i) => said.findIndex((other) => english(other) === english(ref)) === i);
  return { sources: unique.map(english), sourceMessages: unique };
}

/** What the wizard shows of a described environment. */
export function toEnvironmentChoice(description: EnvironmentDescription): EnvironmentChoice {
  const facts = description.python;
  const python = description.interpreter ?? description.prefix;
  const runs = description.status === 'ok' || description.status === 'offline';
  return {
    python,
    prefix: description.prefix,
    label: facts ? `${description.status === 'offline' && facts.platform === 'win32' ? 'Windows Python' : facts.implementation === 'cpython' ? 'CPython' : facts.implementation} ${facts.version}` : unprobedLabel(description, python),
    version: facts?.version ?? null,
    architecture: facts ? `${facts.bits}-bit ${facts.architecture}` : null,
    kind: description.status === 'offline' ? `${description.kind} (examined from its files)` : description.kind,
    ...sourcesOf(description),
    status: description.status === 'offline' ? 'offline' : runs ? 'ok' : 'failed',
    message: description.message ?? undefined,
    ...(description.messages ? { messages: description.messages } : {}),
  };
}

/** Every environment on this machine, each described with at most one run of its interpreter. */
export async function listEnvironments(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<EnvironmentChoice[]> {
  const { environments } = await scanEnvironments({ host: nodeHost({ env, platform }) });
  return environments.map(toEnvironmentChoice);
}

/**
 * An environment the user names by path: an interpreter, or a folder that holds one. A Windows
 * environment given on another system is described from its files (offline), never run.
 */
export async function addEnvironment(given: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<EnvironmentChoice> {
  if (!(await stat(given).catch(() => undefined))) {
    throw new DoctorError('not-found', message('error.not-found', { path: given }), message('error.not-found.what'));
  }
  const description = await probeEnvironment(given, { host: nodeHost({ env, platform }), sources: [{ kind: 'user', detail: given }] });
  if (isNoPython(description)) {
    throw new DoctorError(
      'not-an-environment',
      message('error.not-an-environment', { path: given }),
      message('error.not-an-environment.what'),
    );
  }
  return toEnvironmentChoice(description);
}

/**
 * A path that is plainly no Python: a folder with nothing of an environment in it (/tmp), or a file
 * that is not named like an interpreter and did not answer like one (/etc/passwd, a .py script).
 * A real interpreter that fails (crashes, Python 2, a Store stub) stays a result the user can read.
 */
function isNoPython(description: EnvironmentDescription): boolean {
  if (description.status === 'offline') return description.python === null;
  if (description.status === 'ok') return false;
  const name = (description.interpreter ?? description.prefix).split(/[\\/]/).pop() ?? '';
  const namedLikePython = /^python(\d+(\.\d+)*)?[tw]?(\.exe)?$/i.test(name);
  return !namedLikePython && ['permission-denied', 'bad-output', 'not-found'].includes(description.status);
}
