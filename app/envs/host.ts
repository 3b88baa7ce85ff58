/**
 * What the environments engine needs from the machine: running a program and reading files.
 *
 * Injected so that Windows discovery is tested on Linux from recorded real outputs, and so that tests can
 * count interpreter runs. `nodeHost()` is the real implementation: the one process runner (app/process), with an argument
 * array (never a shell), a timeout that kills the whole process tree, and output limits.
 */
import { constants } from 'node:fs';
import { access, lstat, open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { runProcess } from '../process/run-process';
import { sha256OfFile } from './file-hash';
import { defaultProbeCodeDir } from './probe-code';

export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code, null when the process ended by a signal or could not start. */
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Stopped because the caller's signal aborted (the whole process tree); absent from hosts that cannot cancel. */
  readonly cancelled?: boolean;
  /** Spawn error code ("ENOENT", "EACCES", ...) when the program could not be started. */
  readonly spawnError: string | null;
}

export interface ExecOptions {
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** 'console' for Windows console programs (reg.exe, where.exe): their output is in the console code page. */
  readonly output?: 'utf8' | 'console';
  /** Stops the program and its whole process tree when it aborts (the runner's cancel). */
  readonly signal?: AbortSignal;
}

export interface EnvHost {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly homeDir: string;
  /** A folder to run interpreters in, so that the working folder adds nothing to sys.path. */
  readonly neutralCwd: string;
  /** The doctor's own folder where the probe's compiled code is kept (app/envs/probe-code.ts); absent or null: the probe is sent whole. */
  readonly probeCodeDir?: string | null;
  exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult>;
  readText(file: string): Promise<string | null>;
  readBytes(file: string, maxBytes: number): Promise<Uint8Array | null>;
  listDir(dir: string): Promise<string[]>;
  /** 'file' | 'dir' | 'other' | null (missing). */
  kind(file: string): Promise<'file' | 'dir' | 'other' | null>;
  size(file: string): Promise<number | null>;
  /** The entry itself, links not followed: its kind and size; null when missing. Hosts without it are followed through links. */
  lstat?(file: string): Promise<{ kind: 'file' | 'dir' | 'link' | 'fifo' | 'device' | 'socket' | 'other'; size: number } | null>;
  realPath(file: string): Promise<string | null>;
  /** A stamp that changes when the file or folder changes (mtime, size, inode); null when missing. Hosts without it cache no probe. */
  stamp?(file: string): Promise<string | null>;
  isExecutable(file: string): Promise<boolean>;
  /** SHA-256 of a file's content as bytes, streamed; null when it cannot be read or `signal` aborts first. */
  sha256(file: string, signal?: AbortSignal): Promise<Uint8Array | null>;
}

const maxOutput = 64 * 1024 * 1024;

/** The real machine. */
export function nodeHost(overrides: Partial<Pick<EnvHost, 'env' | 'homeDir' | 'platform' | 'probeCodeDir'>> = {}): EnvHost {
  const platform = overrides.platform ?? process.platform;
  const env = overrides.env ?? process.env;
  const homeDir = overrides.homeDir ?? homedir();
  return {
    platform,
    env,
    homeDir,
    neutralCwd: tmpdir(),
    probeCodeDir: overrides.probeCodeDir !== undefined ? overrides.probeCodeDir : defaultProbeCodeDir(platform, env, homeDir),
    async exec(file, args, options) {
      // The caller's cancel goes to the runner, which stops the whole tree as it does on a timeout.
      const r = await runProcess([file, ...args], { timeoutMs: options.timeoutMs, cwd: options.cwd, env: options.env, maxOutput: maxOutput, platform: process.platform, output: options.output, signal: options.signal });
      return { stdout: r.stdout, stderr: r.stderr, code: r.code, signal: r.signal, timedOut: r.timedOut, cancelled: r.cancelled, spawnError: r.spawnError };
    },
    async readText(file) {
      try {
        return await readFile(file, 'utf8');
      } catch {
        return null;
      }
    },
    async readBytes(file, maxBytes) {
      try {
        const handle = await open(file, 'r');
        try {
          const buffer = new Uint8Array(maxBytes);
          const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
          return buffer.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
      } catch {
        return null;
      }
    },
    async listDir(dir) {
      try {
        return await readdir(dir);
      } catch {
        return [];
      }
    },
    async kind(file) {
      try {
        const s = await stat(file);
        return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
      } catch {
        return null;
      }
    },
    async size(file) {
      try {
        return (await stat(file)).size;
      } catch {
        return null;
      }
    },
    async lstat(file) {
      try {
        const s = await lstat(file);
        const kind = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'link' : s.isFIFO() ? 'fifo' : s.isCharacterDevice() || s.isBlockDevice() ? 'device' : s.isSocket() ? 'socket' : 'other';
        return { kind, size: s.size };
      } catch {
        return null;
      }
    },
    async realPath(file) {
      try {
        return await realpath(file);
      } catch {
        return null;
      }
    },
    async stamp(file) {
      try {
        const s = await stat(file, { bigint: true });
        return `${s.mtimeNs}:${s.size}:${s.ino}`;
      } catch {
        return null;
      }
    },
    async sha256(file, signal) {
      return sha256OfFile(file, signal);
    },
    async isExecutable(file) {
      try {
        await access(file, constants.X_OK);
        return (await stat(file)).isFile();
      } catch {
        return false;
      }
    },
  };
}
