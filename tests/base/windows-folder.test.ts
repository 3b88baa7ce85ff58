import { describe, expect, it } from 'vitest';
import { normalizeWindowsFolder, windowsFolderProblem, windowsHome, windowsPythonIn } from '../../app/base/windows-folder';

describe('a Windows folder for commands on its own machine', () => {
  it('accepts drive and UNC paths as Windows writes them, with spaces and non-ASCII letters', () => {
    for (const ok of ['C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36', 'D:\\Anaconda3\\envs\\py36', 'C:\\Users\\Jürgen\\miniconda3', '\\\\fileserver\\envs\\py36', 'C:\\Program Files (x86)\\Python36-32']) {
      expect(windowsFolderProblem(ok), ok).toBeNull();
    }
  });

  it('refuses what Command Prompt or PowerShell would expand inside double quotes, and what is not a full path', () => {
    for (const bad of ['C:\\Users\\%USERNAME%', 'C:\\py"&calc&"', 'C:\\Users\\$env:USERNAME', 'C:\\py`n', 'C:\\py!x!', 'C:\\py\nrm', 'relative\\py', '/home/ana/py', 'C:\\py\\..\\Windows', 'C:\\a:b', '', `C:\\${'a'.repeat(300)}`]) {
      expect(windowsFolderProblem(bad), bad).not.toBeNull();
    }
  });

  it('spells it with backslashes and without a trailing one, keeping a drive root', () => {
    expect(normalizeWindowsFolder(' C:/Users/Ana Lee/py36/ ')).toBe('C:\\Users\\Ana Lee\\py36');
    expect(normalizeWindowsFolder('D:\\')).toBe('D:\\');
  });

  it('names the python.exe in it quoted for both shells (in Scripts\\ for a venv), and refuses a folder no command line holds with a worded error', () => {
    expect(windowsPythonIn('C:\\Users\\Ana Lee\\py36', false)).toBe('"C:\\Users\\Ana Lee\\py36\\python.exe"');
    expect(windowsPythonIn('D:\\envs\\app', true)).toBe('"D:\\envs\\app\\Scripts\\python.exe"');
    expect(windowsHome('C:/Users/Ana Lee/py36/')).toBe('C:\\Users\\Ana Lee\\py36');
    expect(() => windowsHome('C:\\Users\\%USERNAME%')).toThrow(expect.objectContaining({ code: 'invalid-windows-folder' }));
  });
});
