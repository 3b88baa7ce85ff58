/**
 * Path helpers that follow the described machine's rules, not this machine's.
 *
 * A Windows environment is described with Windows path rules even when the engine runs on Linux (tests,
 * offline descriptions of copied folders), so every module takes its path flavour from the host platform.
 */
import path from 'node:path';
import { windowsPathKey } from './path-rule';

export type PathApi = typeof path.posix;

/** path.win32 for Windows hosts, path.posix otherwise. */
export function pathsFor(platform: NodeJS.Platform): PathApi {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The key two paths of the described machine are equal by: forward slashes, "." and repeated
 * separators dropped, ".." applied (loader messages keep "$ORIGIN/../lib/x.so" as written), and
 * on Windows by the Windows rule (path-rule.ts: case, separators, \\?\, UNC). `platform` is Node's name ('win32') or the
 * diagnosis' ('windows').
 */
export function pathKey(path: string, platform: NodeJS.Platform | 'windows' | 'macos' | 'unknown'): string {
  if (platform === 'win32' || platform === 'windows') return windowsPathKey(path);
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '.' || (part === '' && parts.length > 0)) continue;
    if (part === '..' && parts.length > 1) parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
