import { readFile, readdir, stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { BinaryReadError } from './binary-errors';
import { readModule, readModuleFromBytes } from './read-module';
import type { BinaryModule } from './module-types';

/**
 * The file-system access the loader simulations need, injected so they are pure functions of
 * (module, context, fs) and testable on in-memory or on-disk folders.
 */
export interface ModuleFs {
  /** File names in a folder, or null when the folder does not exist or cannot be read. */
  listDir(dir: string): Promise<readonly string[] | null>;
  /** Parses a module; rejects with BinaryReadError for bad files. */
  readModule(path: string): Promise<BinaryModule>;
  /** The bytes of a small file (the API set schema), or null when it cannot be read. */
  readBytes?(path: string): Promise<Uint8Array | null>;
}

/** apisetschema.dll is about 100 KB; anything far larger is not one. */
const MAX_RAW_FILE = 8 * 1024 * 1024;

/** The real disk. Windows-style paths given on Linux (tests of Windows folders copied here) work as they are. */
export const nodeModuleFs: ModuleFs = {
  async listDir(dir) {
    try {
      return await readdir(dir);
    } catch {
      return null;
    }
  },
  readModule,
  async readBytes(path) {
    try {
      if ((await stat(path)).size > MAX_RAW_FILE) return null;
      return new Uint8Array(await readFile(path));
    } catch {
      return null;
    }
  },
};

/**
 * An in-memory folder tree: path → bytes. Paths use '/' or '\\'; folders are implied by the paths.
 */
export function memoryModuleFs(files: ReadonlyMap<string, Uint8Array>): ModuleFs {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const byPath = new Map<string, Uint8Array>();
  const dirs = new Map<string, string[]>();
  for (const [path, bytes] of files) {
    const p = norm(path);
    byPath.set(p, bytes);
    const cut = p.lastIndexOf('/');
    const dir = p.slice(0, cut);
    const list = dirs.get(dir) ?? [];
    list.push(p.slice(cut + 1));
    dirs.set(dir, list);
  }
  return {
    listDir: async (dir) => dirs.get(norm(dir)) ?? null,
    async readModule(path) {
      const bytes = byPath.get(norm(path));
      if (!bytes) throw new BinaryReadError('unreadable', path, 'no such file');
      return readModuleFromBytes(path, bytes);
    },
    readBytes: async (path) => {
      const bytes = byPath.get(norm(path));
      return bytes && bytes.length <= MAX_RAW_FILE ? bytes : null;
    },
  };
}

/** Joins a folder and a file name with the folder's own separator style (backslash for C:\ paths). */
export function joinPath(dir: string, name: string): string {
  if (/^[a-zA-Z]:[\\/]/.test(dir) || dir.includes('\\')) return win32.join(dir, name);
  return posix.join(dir, name);
}

/** Folder part of a path in either style. */
export function dirName(path: string): string {
  if (/^[a-zA-Z]:[\\/]/.test(path) || path.includes('\\')) return win32.dirname(path);
  return posix.dirname(path);
}

/** File-name part of a path in either style. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Remembers every folder listing and parsed module for the life of one run, so that inspecting
 * many files (or an environment's thousands of modules) reads each shared dependency once.
 */
export function cachedModuleFs(base: ModuleFs): ModuleFs {
  const dirs = new Map<string, Promise<readonly string[] | null>>();
  const modules = new Map<string, Promise<BinaryModule>>();
  return {
    listDir(dir) {
      let listed = dirs.get(dir);
      if (!listed) dirs.set(dir, (listed = base.listDir(dir)));
      return listed;
    },
    readModule(path) {
      let read = modules.get(path);
      if (!read) modules.set(path, (read = base.readModule(path)));
      return read;
    },
    // Raw bytes (apisetschema.dll) are read once per simulation already; without them API sets go unmapped.
    ...(base.readBytes ? { readBytes: base.readBytes.bind(base) } : {}),
  };
}
