import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { watchdogCommand, WINDOWS_WATCHDOG_EXE } from '../../app/process/child-watchdog';

/**
 * Which watchdog each host starts. The watchdogs themselves run in tests/process/run-process.test.ts
 * (POSIX) and tests/wine-win32/processes-on-win32.test.ts (Node for Windows and the native exe).
 */
describe('watchdogCommand', () => {
  let resources: string;
  beforeAll(async () => {
    resources = await mkdtemp(path.join(tmpdir(), 'doctor resources '));
    await writeFile(path.join(resources, WINDOWS_WATCHDOG_EXE), 'MZ');
  });
  afterAll(() => rm(resources, { recursive: true, force: true }));

  it('starts the native exe from the packaged app\'s resources folder under Electron on Windows, with the grace in seconds', () => {
    expect(watchdogCommand('win32', 2500, true, resources)).toEqual([path.join(resources, 'doctor-watchdog.exe'), ['3']]);
  });

  it('never starts PowerShell, nor a script through a shell, on Windows', () => {
    for (const electron of [true, false]) {
      const [file, args] = watchdogCommand('win32', 10_000, electron, resources);
      expect(file).not.toMatch(/powershell|pwsh|cmd\.exe|cscript|wscript/i);
      expect(args.join(' ')).not.toMatch(/powershell|ExecutionPolicy/i);
    }
  });

  it('starts the native exe built next to the bundle on Windows when the doctor runs on Node (the CLI, browser mode)', () => {
    const built = path.join(resources, 'dist', 'windows', WINDOWS_WATCHDOG_EXE);
    expect(watchdogCommand('win32', 60_000, false, '', built)).toEqual([built, ['60']]);
  });

  it('starts Node itself on Windows under Node where the native exe was not built', () => {
    const [file, args] = watchdogCommand('win32', 0, false, resources, null);
    expect(file).toBe(process.execPath);
    expect(args[0]).toBe('-e');
    expect(args.at(-1)).toBe('0');
  });

  it('names the exe electron-builder packs into the Windows app\'s resources folder', () => {
    const config = parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'electron-builder.yml'), 'utf8')) as { win: { extraResources: { from: string; to: string }[] } };
    expect(config.win.extraResources).toContainEqual({ from: 'dist/windows/doctor-watchdog.exe', to: WINDOWS_WATCHDOG_EXE });
  });
});
