import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Builds a shared object with the system gcc; `flags` go to the compiler/linker as they are. */
export async function buildSharedObject(dir: string, output: string, source: string, flags: readonly string[] = [], versionScript?: string): Promise<string> {
  const base = output.replace(/[^A-Za-z0-9_.-]/g, '_');
  const src = join(dir, `${base}.c`);
  await writeFile(src, source);
  const args = ['-shared', '-fPIC', '-O0', '-o', output, src, ...flags];
  if (versionScript !== undefined) {
    const map = join(dir, `${base}.map`);
    await writeFile(map, versionScript);
    args.push(`-Wl,--version-script=${map}`);
  }
  await run('gcc', args, { cwd: dir });
  return join(dir, output);
}
