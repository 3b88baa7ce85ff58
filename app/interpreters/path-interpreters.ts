import { execFile } from 'node:child_process';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PathInterpreter } from './types';

export type { PathInterpreter };

export interface PathScanOptions {
  readonly pathVariable: string;
  readonly platform: NodeJS.Platform;
  /** Seconds one interpreter may take to answer. */
  readonly timeoutMs?: number;
}

const POSIX_NAME = /^python(\d+(\.\d+)?)?$/;
const WINDOWS_NAME = /^python(\d+(\.\d+)?)?\.exe$/i;
const VERSION_SCRIPT =
  'import json,platform,struct,sys;' +
  'print(json.dumps({"version":platform.python_version(),"implementation":platform.python_implementation(),"bits":struct.calcsize("P")*8}))';

/**
 * Lists the Python interpreters on PATH with their versions.
 *
 * The foundation's first operation; the environments engine (app/envs) does the full discovery.
 * Each interpreter is run once, with arguments as an array and a timeout, so a broken one is a
 * result, not a failure of the scan.
 */
export async function listPathInterpreters(options: PathScanOptions): Promise<PathInterpreter[]> {
  const separator = options.platform === 'win32' ? ';' : ':';
  const pattern = options.platform === 'win32' ? WINDOWS_NAME : POSIX_NAME;
  const byKey = new Map<string, { path: string; realPath: string; names: string[] }>();
  for (const dir of options.pathVariable.split(separator)) {
    if (!dir) continue;
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue; // PATH often names folders that do not exist; that is not our problem to report
    }
    const realDir = await realpath(dir).catch(() => dir);
    for (const name of entries.filter((e) => pattern.test(e)).sort()) {
      const candidate = path.join(dir, name);
      const real = await realpath(candidate).catch(() => undefined);
      if (!real || !(await isExecutableFile(real))) continue;
      // One interpreter per folder: python, python3 and python3.11 in one bin folder are aliases, and
      // /bin is often /usr/bin. A venv's python links to its base interpreter, yet is another
      // environment, so the folder is part of the key.
      const key = `${realDir}\0${real}`;
      const known = byKey.get(key);
      if (known) {
        if (!known.names.includes(name)) known.names.push(name);
      } else {
        byKey.set(key, { path: candidate, realPath: real, names: [name] });
      }
    }
  }
  return Promise.all(
    [...byKey.values()].map((found) => askVersion(found.path, found.realPath, found.names, options.timeoutMs ?? 5000)),
  );
}

async function isExecutableFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return !!info && info.isFile();
}

/** Runs one interpreter once and says what it is, or why it cannot run. */
export function askVersion(file: string, realPath: string, names: string[], timeoutMs = 5000): Promise<PathInterpreter> {
  return new Promise((resolve) => {
    execFile(file, ['-I', '-c', VERSION_SCRIPT], { timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const base = { path: file, realPath, names };
      if (error) {
        const reason = error.killed
          ? `did not answer within ${timeoutMs / 1000} s`
          : (stderr.split('\n').map((l) => l.trim()).find(Boolean) ?? error.message);
        resolve({ ...base, status: 'failed', message: `This interpreter could not be run: ${reason}` });
        return;
      }
      try {
        const info = JSON.parse(stdout) as { version: string; implementation: string; bits: number };
        resolve({ ...base, status: 'ok', version: info.version, implementation: info.implementation, bits: info.bits === 32 ? 32 : 64 });
      } catch {
        resolve({ ...base, status: 'failed', message: 'This interpreter answered with something other than its version.' });
      }
    });
  });
}
