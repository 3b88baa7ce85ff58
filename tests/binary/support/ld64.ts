import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type MachoArch = 'arm64' | 'x86_64';

/**
 * Builds a Mach-O file here with Debian's clang-19 and ld64.lld-19 (no SDK: no libSystem; Python's
 * API is left to the loader with `-undefined dynamic_lookup`). `kind` picks -dylib, -bundle or
 * -execute; `flags` go to ld64.lld as they are (`-install_name`, `-rpath`, `-weak_library`, ...).
 */
export async function buildMachO(dir: string, output: string, source: string, kind: 'dylib' | 'bundle' | 'execute', flags: readonly string[] = [], arch: MachoArch = 'arm64', minMacos = '11.0'): Promise<string> {
  const base = output.replace(/[^A-Za-z0-9_.-]/g, '_');
  const src = join(dir, `${base}.${arch}.c`);
  const obj = join(dir, `${base}.${arch}.o`);
  await writeFile(src, source);
  await run('clang-19', ['-target', `${arch}-apple-macos${minMacos}`, '-c', '-O0', src, '-o', obj]);
  const kindFlags = kind === 'execute' ? ['-execute', '-e', '_main', '-export_dynamic'] : [`-${kind}`];
  await run('ld64.lld-19', ['-arch', arch, '-platform_version', 'macos', minMacos, '14.0', ...kindFlags, ...flags, obj, '-o', join(dir, output)]);
  return join(dir, output);
}

/** A universal file of the given thin files (llvm-lipo-19). */
export async function lipo(output: string, inputs: readonly string[]): Promise<string> {
  await run('llvm-lipo-19', ['-create', ...inputs, '-output', output]);
  return output;
}
