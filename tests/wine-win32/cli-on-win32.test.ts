import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';
import { cliPath, missingWin32Prerequisite, runWin32Node, win32Machine, win32Required, windowsPathOf, WINDOWS_USER, type Win32Machine } from './support/win32-machine';

/**
 * The built CLI (dist/cli.mjs) on Node for Windows under Wine: process.platform is win32, the
 * profile is C:\users\José Müller, and the copied Windows case (Pillow 4.1.0 on Python 3.6.0,
 * python-pillow/Pillow#2479) lies under AppData\Local\Programs\Python as the python.org installer
 * puts it. Its python.exe is a generated PE file that Windows refuses to start: the interpreter
 * that does not start (issue 23, item 5). There is no Windows CPython on this machine.
 */
const missing = missingWin32Prerequisite();
if (missing && !win32Required) console.warn(`win32 suite skipped: ${missing}. Set CI=true or FIXTURES_REQUIRED=1 to make this a failure.`);

describe.skipIf(missing !== null && !win32Required)('the CLI on win32 (Node for Windows under Wine)', { timeout: 180_000 }, () => {
  let machine: Win32Machine;
  let scenario: WindowsScenario;
  let folder = '';

  beforeAll(async () => {
    if (missing) throw new Error(missing);
    machine = await win32Machine();
    scenario = await buildPillowProcedureScenario(join(machine.profile, 'AppData', 'Local', 'Programs', 'Python', `cli-${process.pid}`));
    folder = windowsPathOf(machine, scenario.prefix);
  }, 600_000);

  it('runs on win32 with the Windows profile of a user whose name has a space and non-ASCII letters', async () => {
    const r = await runWin32Node(machine, ['-e', 'console.log(JSON.stringify({ platform: process.platform, home: require("os").homedir() }))']);
    expect(JSON.parse(r.stdout)).toEqual({ platform: 'win32', home: `C:\\users\\${WINDOWS_USER}` });
  });

  it('describes a Windows folder with its Lib\\site-packages once', async () => {
    const r = await runWin32Node(machine, [cliPath(machine), 'env', folder, '--json']);
    expect(r.stderr).toBe('');
    const d = (JSON.parse(r.stdout) as { environment: { sitePackages: string[]; distributions: { name: string }[] } }).environment;
    expect(d.sitePackages).toEqual([`${folder}\\Lib\\site-packages`]);
    expect(d.distributions.map((x) => x.name).sort()).toEqual(['Pillow', 'olefile']);
  });

  it('examines a python.exe that does not start from its files, with the reason', async () => {
    const r = await runWin32Node(machine, [cliPath(machine), 'env', folder, '--json']);
    const d = (JSON.parse(r.stdout) as { environment: { status: string; message: string; interpreterRuns: number; python: { version: string; platform: string } } }).environment;
    expect(d.status).toBe('offline');
    expect(d.interpreterRuns).toBe(1);
    expect(d.message).toMatch(/python\.exe could not be started \(EFTYPE\)\. Windows does not take it for a program/);
    expect(d.python).toMatchObject({ version: '3.6.0', platform: 'win32' });
  });

  it('inspects with the real System32 of the machine, no --system-dir given', async () => {
    const pyd = `${folder}\\Lib\\site-packages\\PIL\\_imaging.cp36-win_amd64.pyd`;
    const r = await runWin32Node(machine, [cliPath(machine), 'inspect', pyd, '--interpreter-dir', folder, '--python-version', '3.6', '--json']);
    const { simulation } = JSON.parse(r.stdout) as { simulation: { searchPath: { dir: string; reason: string }[]; graph: { nodes: { name: string; resolution: string; path: string | null }[] } } };
    const node = (name: string) => simulation.graph.nodes.find((n) => n.name.toLowerCase() === name);
    // Wine's own kernel32.dll and ntdll.dll, read from C:\windows\system32 as Windows' would be.
    expect(node('kernel32.dll')).toMatchObject({ resolution: 'known-dll', path: 'C:\\windows\\System32\\kernel32.dll' });
    expect(node('ntdll.dll')).toMatchObject({ path: 'C:\\windows\\System32\\ntdll.dll' });
    expect(simulation.searchPath).toContainEqual({ dir: 'C:\\windows\\System32', reason: 'system32' });
  });

  it('goes on to the diagnosis and saves the report under %USERPROFILE% with the Windows paths redacted', async () => {
    const report = `C:\\users\\${WINDOWS_USER}\\Documents\\pillow report ${process.pid}.md`;
    const r = await runWin32Node(machine, [cliPath(machine), 'diagnose', '--python', `${folder}\\python.exe`, '--module', 'PIL._imaging', '--report', report, '--quiet']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/PIL\._imaging \(Pillow 4\.1\.0\) needs functions PySlice_AdjustIndices, PySlice_Unpack that this Python's python36\.dll \(3\.6\.0\) lacks/);
    expect(r.stdout).toMatch(/Install pillow 4\.0\.0 with pip/);
    expect(r.stdout).toMatch(/Make this Python start again/);
    const saved = await readFile(join(machine.profile, 'Documents', `pillow report ${process.pid}.md`), 'utf8');
    expect(saved).toMatch(/PySlice_Unpack/);
    expect(saved).not.toContain(WINDOWS_USER);
    expect(saved).not.toMatch(/José|Müller/i);
  });
});
