/**
 * An in-memory EnvHost for discovery tests of other platforms (Windows on Linux).
 *
 * Files are given by absolute path; folders are implied by them. Commands are answered from a table of
 * recorded outputs keyed by "file arg arg...", and every command is logged so tests can count runs.
 */
import path from 'node:path';
import type { EnvHost, ExecResult } from '../../app/envs/host';

export interface FakeHostSpec {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  readonly files: Readonly<Record<string, string>>;
  /** "C:\\Windows\\System32\\reg.exe query HKCU\\Software\\Python /s /reg:64" -> stdout */
  readonly commands: Readonly<Record<string, string>>;
  /** Symbolic links: link path -> the real path `realPath` gives for it and for paths below it. */
  readonly links?: Readonly<Record<string, string>>;
}

export interface FakeHost extends EnvHost {
  readonly log: string[];
}

export function fakeHost(spec: FakeHostSpec): FakeHost {
  const p = spec.platform === 'win32' ? path.win32 : path.posix;
  const norm = (f: string): string => (spec.platform === 'win32' ? p.normalize(f).toLowerCase().replace(/\\$/, '') : p.normalize(f).replace(/\/$/, ''));
  const files = new Map<string, string>();
  const dirs = new Map<string, Set<string>>();
  for (const [file, content] of Object.entries(spec.files)) {
    files.set(norm(file), content);
    let child = p.normalize(file);
    let parent = p.dirname(child);
    while (parent !== child) {
      const set = dirs.get(norm(parent)) ?? new Set<string>();
      set.add(p.basename(child));
      dirs.set(norm(parent), set);
      child = parent;
      parent = p.dirname(child);
    }
  }
  const log: string[] = [];
  const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', code: 0, signal: null, timedOut: false, spawnError: null });
  return {
    platform: spec.platform,
    env: spec.env,
    homeDir: spec.homeDir,
    neutralCwd: spec.homeDir,
    log,
    async exec(file, args) {
      const key = [file, ...args].join(' ');
      log.push(key);
      const out = spec.commands[key];
      if (out === undefined) return { stdout: '', stderr: 'not recorded', code: 1, signal: null, timedOut: false, spawnError: 'ENOENT' };
      return ok(out);
    },
    async readText(file) {
      return files.get(norm(file)) ?? null;
    },
    async readBytes(file, max) {
      const t = files.get(norm(file));
      return t === undefined ? null : new TextEncoder().encode(t).subarray(0, max);
    },
    async listDir(dir) {
      return [...(dirs.get(norm(dir)) ?? [])];
    },
    async kind(file) {
      return files.has(norm(file)) ? 'file' : dirs.has(norm(file)) ? 'dir' : null;
    },
    async size(file) {
      return files.get(norm(file))?.length ?? null;
    },
    async realPath(file) {
      let real = p.normalize(file);
      for (const [link, target] of Object.entries(spec.links ?? {})) {
        if (real === link || real.startsWith(link + p.sep)) real = target + real.slice(link.length);
      }
      return files.has(norm(real)) || dirs.has(norm(real)) ? real : null;
    },
    async isExecutable(file) {
      return files.has(norm(file));
    },
    async sha256() {
      return null;
    },
  };
}
