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

/** PEP 503 normalised project name: lower case, runs of -_. become one '-'. https://peps.python.org/pep-0503/ */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** Windows paths compare by the Windows rule (path-rule.ts), others exactly. */
export function pathKey(platform: NodeJS.Platform, p: string): string {
  return platform === 'win32' ? windowsPathKey(p) : p;
}
