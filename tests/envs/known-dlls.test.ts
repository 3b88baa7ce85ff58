import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KNOWN_DLLS } from '../../app/binary/system-dlls';
import { KNOWN_DLLS_KEY, parseKnownDllsQuery, readKnownDlls } from '../../app/envs/known-dlls';

// Recorded from Wine's reg.exe (tests/fixtures/windows/README.md).
const recorded = readFileSync(new URL('../fixtures/windows/reg-query-knowndlls.txt', import.meta.url), 'utf8');

describe('parseKnownDllsQuery', () => {
  it('reads every DLL the key lists, lower-cased, and leaves out DllDirectory', () => {
    expect(parseKnownDllsQuery(recorded)).toEqual([...DEFAULT_KNOWN_DLLS, 'version.dll'].sort());
  });

  it('keeps the file name whatever the value is called and however it is spelled', () => {
    expect(parseKnownDllsQuery('\r\nHKEY_LOCAL_MACHINE\\...\\KnownDLLs\r\n    COMDLG32    REG_SZ    COMDLG32.dll\r\n    _wow64    REG_SZ    wow64.dll\r\n')).toEqual(['comdlg32.dll', 'wow64.dll']);
  });

  it('takes no path, variable or non-DLL value for a known name', () => {
    const text = [
      '    evil    REG_SZ    C:\\Temp\\kernel32.dll',
      '    rel    REG_SZ    ..\\x.dll',
      '    var    REG_SZ    %TEMP%.dll',
      '    exe    REG_SZ    notepad.exe',
      '    DllDirectory32    REG_EXPAND_SZ    %SystemRoot%\\syswow64',
    ].join('\r\n');
    expect(parseKnownDllsQuery(text)).toBeNull();
  });

  it('is null for an empty answer (reg.exe failed or the key is empty)', () => {
    expect(parseKnownDllsQuery('')).toBeNull();
    expect(parseKnownDllsQuery('ERROR: The system was unable to find the specified registry key or value.\r\n')).toBeNull();
  });
});

describe('readKnownDlls', () => {
  it('asks reg.exe of %SystemRoot%\\System32 for the key in the 64-bit view', async () => {
    const asked: (readonly string[])[] = [];
    const list = await readKnownDlls({ SystemRoot: 'D:\\Win' }, 'win32', async (argv) => {
      asked.push(argv);
      return { code: 0, stdout: recorded };
    });
    expect(asked).toEqual([['D:\\Win\\System32\\reg.exe', 'query', KNOWN_DLLS_KEY, '/reg:64']]);
    expect(list).toContain('version.dll');
  });

  it('is null where reg.exe fails, so the built-in list is kept', async () => {
    expect(await readKnownDlls({}, 'win32', async () => ({ code: 1, stdout: '' }))).toBeNull();
  });

  it('asks nothing off Windows', async () => {
    let ran = false;
    expect(await readKnownDlls({}, 'linux', async () => {
      ran = true;
      return { code: 0, stdout: recorded };
    })).toBeNull();
    expect(ran).toBe(false);
  });
});
