import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Builds the packaged app's Windows watchdog (assets/windows/doctor-watchdog.c) with mingw-w64 into
 * dist/windows/, which electron-builder.yml packs as an extra resource of the Windows app
 * (app/process/child-watchdog.ts runs it from process.resourcesPath). Only the x64 exe: the
 * installer and the portable exe ship x64 only (electron-builder.yml win.target).
 *
 * The CLI and browser mode on Windows use the exe beside their bundle (dist/windows) too. Without
 * mingw the build goes on and says so: they fall back to Node as their watchdog, which cannot reach
 * the descendants of a child that libuv's job ended with the doctor (child-watchdog.ts); packaging
 * for Windows without it fails in the afterPack hook.
 */
const execFileAsync = promisify(execFile);

export const WATCHDOG_SOURCE = 'assets/windows/doctor-watchdog.c';
export const WATCHDOG_EXE = 'dist/windows/doctor-watchdog.exe';

// The Debian cross compiler's name; on a Windows host (the GitHub runner's MinGW) plain gcc.
const TARGET = 'x86_64-w64-mingw32';
const FLAGS = ['-O2', '-s', '-municode', '-std=c11', '-Wall', '-Wextra', '-Wl,--dynamicbase,--nxcompat,--high-entropy-va'];

/** The first compiler that targets 64-bit Windows, or null. */
async function findCompiler(): Promise<string | null> {
  const candidates = process.platform === 'win32' ? [`${TARGET}-gcc`, 'gcc'] : [`${TARGET}-gcc`];
  for (const compiler of candidates) {
    try {
      const { stdout } = await execFileAsync(compiler, ['-dumpmachine'], { timeout: 30_000 });
      if (stdout.trim() === TARGET) return compiler;
    } catch {
      // Not installed: try the next name.
    }
  }
  return null;
}

/** Compiles the watchdog; returns the exe's path, or null (with a message) where no mingw-w64 is installed. */
export async function buildWindowsWatchdog(root: string = process.cwd()): Promise<string | null> {
  const output = path.join(root, WATCHDOG_EXE);
  const compiler = await findCompiler();
  if (!compiler) {
    // An exe from an earlier build would be packed although its source may have changed since.
    await rm(output, { force: true });
    console.log(`Skipped ${WATCHDOG_EXE}: no ${TARGET}-gcc (mingw-w64) found. The CLI and browser mode do not need it; the Windows app (npm run dist:win) does.`);
    return null;
  }
  await mkdir(path.dirname(output), { recursive: true });
  await execFileAsync(compiler, [...FLAGS, '-o', output, path.join(root, WATCHDOG_SOURCE)], { cwd: root, timeout: 120_000 });
  return output;
}
