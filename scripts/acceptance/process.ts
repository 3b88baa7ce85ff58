import { spawn } from 'node:child_process';

/** What a finished command printed and returned. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command line as one would type it (for the log, so every step can be repeated by hand). */
export function showCommand(command: string, args: readonly string[]): string {
  const quote = (a: string) => (/^[\w@%+=:,./\\-]+$/.test(a) ? a : `"${a.replaceAll('"', '\\"')}"`);
  return [command, ...args].map(quote).join(' ');
}

/** Longest a single acceptance command may run (pip and conda installs included). */
const COMMAND_TIMEOUT_MS = 20 * 60 * 1000;
/** Output kept per stream; the tail is what explains a failure. */
const MAX_OUTPUT = 8 * 1024 * 1024;

/** Runs a command from an argument array (never a shell), logging it and echoing its stderr. */
export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<CommandResult> {
  console.log(`> ${showCommand(command, args)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: COMMAND_TIMEOUT_MS, windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString('utf8')).slice(-MAX_OUTPUT);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-MAX_OUTPUT);
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}

/** Runs a command and throws with its output when it does not exit 0. */
export async function runChecked(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${showCommand(command, args)} exited ${result.code}.\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  }
  return result;
}
