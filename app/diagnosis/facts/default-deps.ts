import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isWindowsExecutable, machoSlices } from '../../envs';
import type { DiagnosisDeps } from './facts';
import { createLiveDeps } from './live-deps';
import { createOfflineMacDeps } from '../offline/offline-mac-deps';
import { createOfflineWindowsDeps } from '../offline/offline-deps';

function head(file: string, size = 2): Uint8Array | null {
  let fd: number | null = null;
  try {
    if (!statSync(file).isFile()) return null;
    fd = openSync(file, 'r');
    const bytes = new Uint8Array(size);
    const read = readSync(fd, bytes, 0, size, 0);
    return read >= 2 ? bytes.subarray(0, read) : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Whether `python` names a Windows environment: a file whose header is a Windows executable (MZ),
 * whatever its name or mode, or a folder holding one as python.exe / Scripts\python.exe, or a
 * pythonXY.dll. Decided by the files' headers, never by the `.exe` suffix.
 */
export function isWindowsEnvironment(python: string): boolean {
  let stats;
  try {
    stats = statSync(python);
  } catch {
    return false;
  }
  if (stats.isFile()) return isWindowsExecutable(head(python));
  if (!stats.isDirectory()) return false;
  let entries: string[];
  try {
    entries = readdirSync(python);
  } catch {
    return false;
  }
  const named = (re: RegExp): string | undefined => entries.find((e) => re.test(e));
  const exe = named(/^python\.exe$/i);
  if (exe && isWindowsExecutable(head(path.join(python, exe)))) return true;
  const dll = named(/^python3\d+\.dll$/i);
  if (dll && isWindowsExecutable(head(path.join(python, dll)))) return true;
  const scripts = named(/^scripts$/i);
  if (scripts) {
    const inner = (() => {
      try {
        return readdirSync(path.join(python, scripts)).find((e) => /^python\.exe$/i.test(e));
      } catch {
        return undefined;
      }
    })();
    if (inner && isWindowsExecutable(head(path.join(python, scripts, inner)))) return true;
  }
  return false;
}

/** Whether `python` is a macOS python (Mach-O header), or a folder whose bin/python3 or bin/python is one. */
export function isMacEnvironment(python: string): boolean {
  for (const file of [python, path.join(python, 'bin', 'python3'), path.join(python, 'bin', 'python')]) {
    const bytes = head(file, 4096);
    if (bytes && machoSlices(bytes)) return true;
  }
  return false;
}

/**
 * Where the facts come from for an interpreter path: the real interpreter, or, for a Windows
 * environment named on another system (a copied or mounted folder, or its python.exe), its files
 * read offline: a Windows executable is never run here. The CLI and the app's handlers both use
 * this, so they always agree.
 */
export function defaultDeps(python: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DiagnosisDeps {
  if (platform !== 'win32' && isWindowsEnvironment(python)) return createOfflineWindowsDeps({});
  // A macOS python named off a Mac (its file, or the folder above bin/): read, never run.
  if (platform !== 'darwin' && isMacEnvironment(python)) return createOfflineMacDeps();
  return createLiveDeps({ env });
}
