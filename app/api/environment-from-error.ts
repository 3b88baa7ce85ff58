import { stat } from 'node:fs/promises';
import { addEnvironment } from './environment-sources';
import type { EnvironmentFromError } from '../contract/environment-choice';
import { DoctorError } from '../base/errors';
import { prefixesNamedInError } from '../diagnosis/error-text/error-prefixes';
import { checkWindowsFolder } from '../base/windows-folder';
import { english, message } from '../messages';

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * The environment an error came from, described as if the user had added it by path: the first
 * folder the error names that exists here and is a Python environment. The folders that are not
 * here (a traceback from another computer) are returned too, so the wizard can say so.
 */
export async function environmentFromError(text: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<EnvironmentFromError> {
  const named = prefixesNamedInError(text);
  const windowsFolder = named.filter(isWindowsPath).map(checkWindowsFolder).find((c) => c.folder !== null)?.folder ?? null;
  for (const prefix of named) {
    if (isWindowsPath(prefix) !== (platform === 'win32')) continue;
    if (!(await stat(prefix).catch(() => undefined))?.isDirectory()) continue;
    try {
      const choice = await addEnvironment(prefix, env, platform);
      if (choice.status !== 'failed') return { named, environment: { ...choice, sources: [english(message('source.named-in-error'))], sourceMessages: [message('source.named-in-error')] }, windowsFolder };
    } catch (error) {
      if (!(error instanceof DoctorError)) throw error;
    }
  }
  return { named, environment: null, windowsFolder };
}
