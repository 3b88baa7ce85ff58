import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../contract/errors';
import { describeWindowsFolder } from '../diagnosis/offline/windows-folder';
import { askVersion, listPathInterpreters } from '../interpreters/path-interpreters';
import type { PathInterpreter } from '../interpreters/types';
import type { EnvironmentChoice } from './environment-choice';

function fromInterpreter(item: PathInterpreter, sources: readonly string[]): EnvironmentChoice {
  return {
    python: item.path,
    label: item.status === 'ok' ? `${item.implementation} ${item.version}` : path.basename(item.path),
    version: item.version ?? null,
    architecture: item.bits ? `${item.bits}-bit` : null,
    kind: 'interpreter',
    sources,
    status: item.status,
    message: item.message,
  };
}

/** The environments whose interpreters are on PATH. */
export async function listEnvironments(pathVariable: string, platform: NodeJS.Platform): Promise<EnvironmentChoice[]> {
  const found = await listPathInterpreters({ pathVariable, platform });
  return found.map((item) => fromInterpreter(item, [`PATH as ${item.names.join(', ')}`]));
}

const INTERPRETER_PLACES = ['bin/python3', 'bin/python', 'python.exe', 'Scripts/python.exe'];

/**
 * An environment the user names by path: an interpreter, or a folder that holds one. A Windows
 * python.exe given on another system is described from its files (offline), never run.
 */
export async function addEnvironment(given: string, platform: NodeJS.Platform): Promise<EnvironmentChoice> {
  const info = await stat(given).catch(() => undefined);
  if (!info) throw new DoctorError('not-found', `Nothing exists at ${given}.`, 'Check the path: give the folder of the environment or its python executable.');
  let python = given;
  if (info.isDirectory()) {
    const candidates = await Promise.all(INTERPRETER_PLACES.map(async (p) => ((await stat(path.join(given, p)).catch(() => undefined))?.isFile() ? path.join(given, p) : undefined)));
    const first = candidates.find((c) => c !== undefined);
    if (!first) throw new DoctorError('no-interpreter', `${given} holds no Python interpreter (looked for ${INTERPRETER_PLACES.join(', ')}).`, 'Give the folder of a Python environment, or its python executable.');
    python = first;
  }
  if (platform !== 'win32' && /\.exe$/i.test(python)) {
    const facts = await describeWindowsFolder(python);
    return {
      python,
      label: `Windows Python ${facts.pythonVersion ?? '(version unknown)'}`,
      version: facts.pythonVersion,
      architecture: facts.architecture,
      kind: facts.kind === 'conda' ? 'conda (Windows folder)' : 'Windows folder',
      sources: ['added by you'],
      status: 'offline',
      message: 'A Windows environment examined from its files; it is not run on this computer.',
    };
  }
  return fromInterpreter(await askVersion(python, await realpath(python), [path.basename(python)]), ['added by you']);
}
