import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  readonly signal?: AbortSignal;
  readonly input?: string;
}

const MAX_KEPT = 4 * 1024 * 1024;

/**
 * The environment for a command whose output we read: colour off. pip (through rich) colours even
 * its JSON reports when FORCE_COLOR is set, as test runners and some shells do.
 */
export function plainOutputEnv(env: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const { FORCE_COLOR: _force, ...rest } = env ?? process.env;
  return { ...rest, NO_COLOR: '1', PY_COLORS: '0', TERM: 'dumb' };
}

/**
 * Runs one command as an argument array (never through a shell), streaming its output line by
 * line. Cancelling stops the whole process tree: on POSIX the command leads its own process group
 * and the group is killed; on Windows `taskkill /T /F` ends the tree (a plain kill would leave
 * pip's children running).
 */
export function runCommand(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('runCommand needs a program.');
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: plainOutputEnv(options.env), detached: process.platform !== 'win32', windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    const keep = (text: string, line: string) => (text.length < MAX_KEPT ? `${text}${line}\n` : text);
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdout = keep(stdout, line);
      options.onLine?.('stdout', line);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr = keep(stderr, line);
      options.onLine?.('stderr', line);
    });
    const cancel = () => {
      cancelled = true;
      killTree(child.pid);
    };
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    child.stdin.end(options.input ?? '');
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', cancel);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}\n`, cancelled });
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', cancel);
      resolve({ code, stdout, stderr, cancelled });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/T', '/F', '/PID', String(pid)], { windowsHide: true, stdio: 'ignore' }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
