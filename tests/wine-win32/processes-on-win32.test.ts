import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { missingWin32Prerequisite, REPO, runWin32Node, wine, win32Machine, win32Required, windowsPathOf, WINDOWS_USER, type Win32Machine } from './support/win32-machine';

/**
 * The one process runner (app/process/run-process.ts) on win32, with Node for Windows under Wine:
 * argument arrays for .exe files, batch files without an unescaped cmd.exe (CVE-2024-27980), the
 * time limit ending the tree with `taskkill /T /F`, the watchdogs without PowerShell (Wine has none):
 * Node's and the packaged app's native one, EPIPE, and a console program's non-ASCII output decoded
 * from the console code page.
 */
const missing = missingWin32Prerequisite();

describe.skipIf(missing !== null && !win32Required)('processes on win32 (Node for Windows under Wine)', { timeout: 180_000 }, () => {
  let machine: Win32Machine;
  let driver = '';
  let work = '';
  // The same driver bundled again beside a copy of the native watchdog, as dist/cli.mjs sits beside
  // dist/windows/doctor-watchdog.exe: there the runner's watchdog is the exe, not Node.
  let driverWithExe = '';
  const drive = (...args: string[]): Promise<Record<string, unknown>> => driveWith(driver, args);
  const driveWith = async (bundle: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Record<string, unknown>> => {
    const r = await runWin32Node(machine, [bundle, ...args], { env });
    const line = r.stdout.trim().split(/\r?\n/).at(-1) ?? '';
    if (!line.startsWith('{')) throw new Error(`the driver printed no result (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(line) as Record<string, unknown>;
  };

  /** The packaged app's watchdog as npm run build makes it (scripts/build-windows-watchdog.ts). */
  const nativeWatchdog = join(REPO, 'dist', 'windows', 'doctor-watchdog.exe');
  const needNativeWatchdog = (): string => {
    if (!existsSync(nativeWatchdog)) throw new Error(`${nativeWatchdog} is not built: install mingw-w64 (x86_64-w64-mingw32-gcc) and run npm run build`);
    return windowsPathOf(machine, nativeWatchdog);
  };

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    machine = await win32Machine();
    work = join(machine.driveC, `process-${process.pid}`);
    await mkdir(work, { recursive: true });
    const bundle = join(work, 'driver.mjs');
    await build({ entryPoints: [join(REPO, 'tests', 'wine-win32', 'support', 'process-driver.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile: bundle, logLevel: 'silent' });
    driver = windowsPathOf(machine, bundle);
    if (existsSync(nativeWatchdog)) {
      const besideExe = join(work, 'with-exe');
      await mkdir(join(besideExe, 'windows'), { recursive: true });
      await copyFile(nativeWatchdog, join(besideExe, 'windows', 'doctor-watchdog.exe'));
      await copyFile(bundle, join(besideExe, 'driver.mjs'));
      driverWithExe = windowsPathOf(machine, join(besideExe, 'driver.mjs'));
    }
  }, 600_000);

  it('passes an argument array to an .exe exactly: spaces, quotes, backslashes, non-ASCII letters', async () => {
    const args = ['plain', 'with space', 'a "quoted" word', 'C:\\dir with space\\', `C:\\users\\${WINDOWS_USER}`, ''];
    const r = await drive('exe-arguments', ...args);
    expect(r.argv).toEqual(args);
  });

  it('runs a batch file with quoted arguments, where cmd.exe\'s & and | stay literal', async () => {
    const bat = join(work, 'show args.bat');
    // %1 keeps the argument's quotes, as a careful batch file uses it: cmd.exe's line is what is tested.
    await writeFile(bat, '@echo off\r\necho first=%1\r\necho second=%2\r\n');
    const r = await drive('batch', windowsPathOf(machine, bat), 'a&echo injected', 'x|y');
    expect(r.code).toBe(0);
    expect(String(r.stdout).split(/\r?\n/).filter(Boolean)).toEqual(['first="a&echo injected"', 'second="x|y"']);
  });

  it('refuses a batch-file argument that cmd.exe would expand, and runs nothing', async () => {
    const bat = join(work, 'touch.bat');
    const marker = join(work, 'touched.txt');
    await writeFile(bat, `@echo off\r\necho ran> "${windowsPathOf(machine, marker)}"\r\n`);
    const r = await drive('batch', windowsPathOf(machine, bat), '%PATH%');
    expect(r.spawnError).toBe('EINVAL');
    expect(String(r.stderr)).toMatch(/cmd\.exe would interpret/);
    await expect(readFile(marker, 'utf8')).rejects.toThrow();
  });

  it('ends the whole tree at the time limit, grandchild included', async () => {
    const r = await drive('time-limit', windowsPathOf(machine, join(work, 'grandchild.pid')));
    expect(r).toEqual({ timedOut: true, grandchildAlive: false });
  });

  it('stops a console child by asking first, and kills it at once where Windows refuses to ask, not after the grace period', async () => {
    // taskkill without /F only closes windows: a console program (pip, this child) has none, and
    // Wine's taskkill refuses /T. Either way the hard kill follows at once, not 60 s later.
    const r = await drive('stop-console', windowsPathOf(machine, join(work, `stop-${process.pid}.txt`)));
    expect(r).toMatchObject({ timedOut: true, alive: false });
    expect(Number(r.seconds)).toBeLessThan(30);
    // Windows gives a console program no signal here (TerminateProcess): nothing but its start is recorded.
    expect(r.record).toBe('started\n');
  });

  it('takes a child that exits without reading its input (EPIPE) as a normal end', async () => {
    expect(await drive('epipe')).toEqual({ code: 0 });
  });

  it('decodes a console program\'s non-ASCII output from the console code page', async () => {
    const key = `HKCU\\Software\\DoctorTest${process.pid}`;
    await wine(machine.prefix, ['reg', 'add', key, '/v', 'Owner', '/d', `C:\\users\\${WINDOWS_USER}`, '/f']);
    const r = await drive('console-output', key);
    expect(r.code).toBe(0);
    expect(String(r.stdout)).toContain(`C:\\users\\${WINDOWS_USER}`);
  });

  it('ends a child whose doctor exited, with a watchdog that needs no PowerShell', async () => {
    const pidFile = join(work, 'orphan.pid');
    await drive('orphan', windowsPathOf(machine, pidFile));
    const pid = (await readFile(pidFile, 'utf8')).trim();
    expect(pid).toMatch(/^\d+$/);
    let alive = true;
    for (let i = 0; i < 20 && alive; i++) {
      alive = (await drive('alive', pid)).alive === true;
      if (alive) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(alive).toBe(false);
  });

  it('ends a grandchild whose doctor exited though the job ended the child first, with the native watchdog beside the bundle', async () => {
    // libuv's kill-on-close job ends the doctor's direct child with it (so the test above passes
    // even with a watchdog that does nothing); the grandchild broke away and only a watchdog that
    // outlives the doctor and walks the dead child's descendants can end it. Grace 3 s.
    needNativeWatchdog();
    const pidFile = join(work, 'orphan-grandchild.pid');
    await driveWith(driverWithExe, ['orphan-grandchild', windowsPathOf(machine, pidFile)], { DOCTOR_STOP_GRACE: '3' });
    const pid = (await readFile(pidFile, 'utf8')).trim();
    expect(pid).toMatch(/^\d+$/);
    // The grace period and a few seconds: the ask is refused under Wine, so the kill comes at once.
    const { alive } = await drive('gone-within', pid, '8');
    if (alive) await drive('end', pid);
    expect(alive).toBe(false);
  });

  it('ends registered children with the native watchdog once its pipe closes, sparing forgotten ones and ignoring junk lines', async () => {
    // A grace period of 60 s: Wine's taskkill refuses to ask (no /T), so the kill must come at once.
    const r = await drive('native-watchdog', needNativeWatchdog(), '60');
    expect(r).toMatchObject({ code: 0, registered: false, forgotten: true, junk: true });
    expect(Number(r.seconds)).toBeLessThan(30);
  });
});
