import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * What makes two paths the same environment: the real path of its sys.prefix (symlinks resolved),
 * so `venv/bin/python`, `venv/bin/python3` and a symlinked folder all name one environment. For an
 * offline (copied) environment, the real path of its folder. Case is folded on Windows, whose file
 * system ignores it.
 */
export async function environmentIdentity(prefix: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const real = await realpath(prefix).catch(() => path.resolve(prefix));
  return platform === 'win32' ? real.toLowerCase() : real;
}
