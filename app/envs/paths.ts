/**
 * Path helpers that follow the described machine's rules, not this machine's.
 *
 * A Windows environment is described with Windows path rules even when the engine runs on Linux (tests,
 * offline descriptions of copied folders), so every module takes its path flavour from the host platform.
 */
import path from 'node:path';

export type PathApi = typeof path.posix;

/** path.win32 for Windows hosts, path.posix otherwise. */
export function pathsFor(platform: NodeJS.Platform): PathApi {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Case-insensitive key for Windows paths, exact elsewhere. */
export function pathKey(platform: NodeJS.Platform, p: string): string {
  return platform === 'win32' ? p.toLowerCase() : p;
}
