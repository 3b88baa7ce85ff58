import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { pathKey } from '../envs';

/**
 * What makes two paths the same environment: the real path of its sys.prefix (symlinks resolved),
 * so `venv/bin/python`, `venv/bin/python3` and a symlinked folder all name one environment. For an
 * offline (copied) environment, the real path of its folder. On Windows the key of the Windows path
 * rule (app/envs/path-rule.ts): its file system ignores case, and `\\?\` or `/` spell the same folder.
 */
export async function environmentIdentity(prefix: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const real = await realpath(prefix).catch(() => path.resolve(prefix));
  return platform === 'win32' ? pathKey(real, platform) : real;
}
