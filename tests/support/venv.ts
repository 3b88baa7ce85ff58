/**
 * Real virtual environments for tests: created with python3 -m venv in a temp folder, filled with real pip.
 *
 * Signatures:
 *   makeTempDir(label?: string): Promise<string>        // temp folder whose path contains a space and non-ASCII
 *   createVenv(options?: VenvOptions): Promise<TestVenv> // python3 -m venv [--without-pip]
 *   TestVenv.python: string                             // <dir>/bin/python
 *   TestVenv.install(wheelDir, ...requirements): Promise<void>
 *       // python -m pip install --no-index --find-links wheelDir --disable-pip-version-check ...
 *   TestVenv.remove(): Promise<void>                    // deletes the folder (and the temp parent it made)
 * pip is taken from the base interpreter (`--python` is not used: pip 23 lacks it), so venvs are created
 * with pip unless withPip is false.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testPython } from './wheels';

const run = promisify(execFile);

export interface VenvOptions {
  /** Folder name inside a fresh temp folder; default "venv ünï" (space and non-ASCII). */
  readonly name?: string;
  /** Existing parent folder; default a new temp folder removed with the venv. */
  readonly parent?: string;
  /** Install pip into the venv (slower); default true. */
  readonly withPip?: boolean;
  readonly python?: string;
  /** --system-site-packages */
  readonly systemSitePackages?: boolean;
}

export interface TestVenv {
  readonly dir: string;
  readonly python: string;
  install(wheelDir: string, ...requirements: string[]): Promise<void>;
  remove(): Promise<void>;
}

/** A new temp folder whose path has a space and non-ASCII characters. */
export async function makeTempDir(label = 'pdd'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${label} tést-`));
}

/** Creates a venv with the real interpreter. */
export async function createVenv(options: VenvOptions = {}): Promise<TestVenv> {
  const ownParent = options.parent === undefined;
  const parent = options.parent ?? (await makeTempDir('venv'));
  const dir = path.join(parent, options.name ?? 'venv ünï');
  const args = ['-m', 'venv'];
  if (options.withPip === false) args.push('--without-pip');
  if (options.systemSitePackages) args.push('--system-site-packages');
  args.push(dir);
  await run(options.python ?? testPython(), args);
  const python = path.join(dir, 'bin', 'python');
  return {
    dir,
    python,
    async install(wheelDir: string, ...requirements: string[]): Promise<void> {
      await run(python, [
        '-m', 'pip', 'install', '--no-index', '--find-links', wheelDir,
        '--disable-pip-version-check', '--no-cache-dir', '--quiet', ...requirements,
      ]);
    },
    async remove(): Promise<void> {
      await rm(ownParent ? parent : dir, { recursive: true, force: true });
    },
  };
}
