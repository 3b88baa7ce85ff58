import { stat } from 'node:fs/promises';
import { DoctorError } from '../contract/errors';
import { nodeHost, probeEnvironment, scanEnvironments, type EnvironmentDescription } from '../envs';
import type { EnvironmentChoice } from './environment-choice';

const sourceWords: Readonly<Record<string, string>> = {
  registry: 'in the Windows registry',
  'py-launcher': 'by the py launcher',
  path: 'on PATH',
  'store-alias': 'as a Microsoft Store alias',
  conda: 'by conda',
  venv: 'as a venv',
  pyenv: 'by pyenv',
  homebrew: 'by Homebrew',
  system: 'as the system Python',
  user: 'added by you',
};

/** What the wizard shows of a described environment. */
export function toEnvironmentChoice(description: EnvironmentDescription): EnvironmentChoice {
  const facts = description.python;
  const python = description.interpreter ?? description.prefix;
  const runs = description.status === 'ok' || description.status === 'offline';
  return {
    python,
    prefix: description.prefix,
    label: facts ? `${description.status === 'offline' && facts.platform === 'win32' ? 'Windows Python' : facts.implementation === 'cpython' ? 'CPython' : facts.implementation} ${facts.version}` : (python.split(/[\\/]/).pop() ?? python),
    version: facts?.version ?? null,
    architecture: facts ? `${facts.bits}-bit ${facts.architecture}` : null,
    kind: description.status === 'offline' ? `${description.kind} (examined from its files)` : description.kind,
    sources: [...new Set(description.sources.map((s) => `${sourceWords[s.kind] ?? s.kind} (${s.detail})`))],
    status: description.status === 'offline' ? 'offline' : runs ? 'ok' : 'failed',
    message: description.message ?? undefined,
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
    throw new DoctorError('not-found', `Nothing exists at ${given}.`, 'Check the path: give the folder of the environment or its python executable.');
  }
  const description = await probeEnvironment(given, { host: nodeHost({ env, platform }), sources: [{ kind: 'user', detail: given }] });
  return toEnvironmentChoice(description);
}
