import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expandWindowsVars,
  parseCondaEnvList,
  parsePyLauncherList,
  parseRegQueryPep514,
  parseWhereOutput,
} from '../../app/envs/windows-parsers';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/windows/${name}`, import.meta.url), 'utf8');

describe('py -0p parsing (recorded outputs)', () => {
  it('reads the old launcher format with an active venv, a Store alias name and the default mark after the path', () => {
    expect(parsePyLauncherList(fixture('py-0p-old-launcher.txt'))).toEqual([
      { tag: 'venv', path: 'D:\\BigData\\12. Python\\1. Tryouts\\Beam\\env\\Scripts\\python.exe', isDefault: true },
      { tag: '3.9-64', path: 'python3.9.exe', isDefault: false },
      { tag: '3.7-64', path: 'C:\\Users\\Sushanth\\Anaconda3\\python.exe', isDefault: false },
      { tag: '3.5-32', path: 'C:\\Users\\Sushanth\\AppData\\Local\\Programs\\Python\\Python35-32\\python.exe', isDefault: false },
    ]);
  });

  it('reads the second old-format output with the default on the first line', () => {
    const list = parsePyLauncherList(fixture('py-0p-old-launcher-2.txt'));
    expect(list.map((e) => [e.tag, e.isDefault])).toEqual([['3.9-64', true], ['3.8-64', false], ['3.10-64', false]]);
    expect(list[2]!.path).toBe('D:\\0python_work\\Anaconda\\python.exe');
  });

  it('reads the 3.11+ launcher format with -V: tags and the default mark after the tag', () => {
    const list = parsePyLauncherList(fixture('py-0p-new-launcher.txt'));
    expect(list.map((e) => e.tag)).toEqual(['3.11', '3.10', '3.9']);
    expect(list[2]).toEqual({ tag: '3.9', path: 'C:\\Users\\username\\AppData\\Local\\Programs\\Python\\Python39\\python.exe', isDefault: true });
  });

  it('ignores the header line and noise', () => {
    expect(parsePyLauncherList('Installed Pythons found by py Launcher for Windows\r\nNo Installed Pythons Found!\r\n')).toEqual([]);
  });
});

describe('reg query parsing (PEP 514)', () => {
  it('collects InstallPath, ExecutablePath and version values per Company\\Tag and skips PyLauncher', () => {
    const installs = parseRegQueryPep514(fixture('reg-query-pythoncore-s.txt'));
    expect(installs).toEqual([
      {
        key: 'HKEY_CURRENT_USER\\Software\\Python\\PythonCore\\3.6',
        company: 'PythonCore',
        tag: '3.6',
        installPath: 'C:\\Users\\Me\\AppData\\Local\\Programs\\Python\\Python36\\',
        executablePath: 'C:\\Users\\Me\\AppData\\Local\\Programs\\Python\\Python36\\python.exe',
        sysVersion: '3.6',
        version: '3.6.0',
        sysArchitecture: '64bit',
        displayName: 'Python 3.6 (64-bit)',
      },
    ]);
  });

  it('reads the real IronPython InstallPath output (default value with spaces in the path)', () => {
    const text = fixture('reg-query-ironpython.txt').replace('SOFTWARE\\IronPython', 'SOFTWARE\\Python\\IronPython');
    const [install] = parseRegQueryPep514(text);
    expect(install?.company).toBe('IronPython');
    expect(install?.installPath).toBe('C:\\Program Files\\IronPython 3.4\\');
  });

  it('expands REG_EXPAND_SZ values and reads the 32-bit view key', () => {
    const text = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Python\\PythonCore\\3.8-32\\InstallPath\r\n    (Default)    REG_EXPAND_SZ    %ProgramFiles(x86)%\\Python38-32\\\r\n';
    const [install] = parseRegQueryPep514(text, { 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' });
    expect(install?.installPath).toBe('C:\\Program Files (x86)\\Python38-32\\');
    expect(expandWindowsVars('%UNKNOWN%\\x', {})).toBe('%UNKNOWN%\\x');
  });
});

describe('where and conda outputs', () => {
  it('keeps absolute paths from where and drops its INFO line', () => {
    expect(parseWhereOutput('C:\\Python39\\python.exe\r\nC:\\Users\\a\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe\r\n')).toHaveLength(2);
    expect(parseWhereOutput('INFO: Could not find files for the given pattern(s).\r\n')).toEqual([]);
  });

  it('reads both conda env list --json shapes and rejects garbage', () => {
    expect(parseCondaEnvList('{"envs": ["C:\\\\Users\\\\me\\\\miniconda3"]}')).toEqual(['C:\\Users\\me\\miniconda3']);
    expect(parseCondaEnvList('{"envs": ["/opt/conda"], "envs_details": {"/opt/conda": {"name": "base", "base": true}}}')).toEqual(['/opt/conda']);
    expect(parseCondaEnvList('not json')).toEqual([]);
  });
});
