import type { EnvironmentChoice } from '../../app/contract/environment-choice';

/**
 * The environment an error came from, when its text names a file inside one (a traceback's
 * `File "C:\\envs\\py36\\lib\\site-packages\\PIL\\Image.py"`, a Linux `.so` path): the one whose folder
 * is the longest match. Case and slashes are compared loosely, as Windows paths are.
 */
export function matchingEnvironment(errorText: string, environments: readonly EnvironmentChoice[]): EnvironmentChoice | undefined {
  const text = errorText.replace(/\\/g, '/').toLowerCase();
  let best: { choice: EnvironmentChoice; length: number } | undefined;
  for (const choice of environments) {
    if (!choice.prefix || choice.status === 'failed') continue;
    const prefix = `${choice.prefix.replace(/\\/g, '/').replace(/\/+$/, '').toLowerCase()}/`;
    if (prefix.length > 2 && text.includes(prefix) && (!best || prefix.length > best.length)) best = { choice, length: prefix.length };
  }
  return best?.choice;
}
