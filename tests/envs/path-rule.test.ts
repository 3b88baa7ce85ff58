import { describe, expect, it } from 'vitest';
import { describeOffline } from '../../app/envs/offline';
import { sameWindowsPath, windowsPathKey, windowsPathWithin } from '../../app/envs/path-rule';
import { pathKey } from '../../app/envs/paths';
import { environmentIdentity } from '../../app/repair/environment-identity';
import { fakeHost } from './fake-host';

describe('the Windows path rule', () => {
  it('takes case, / and \\ alike', () => {
    expect(sameWindowsPath('C:\\Python38\\Lib\\site-packages', 'c:/python38/lib/SITE-PACKAGES')).toBe(true);
  });

  it('takes a trailing separator, doubled separators, . and .. as the same folder', () => {
    expect(windowsPathKey('C:\\Python38\\\\Lib\\.\\x\\..\\')).toBe('c:/python38/lib');
  });

  it('keeps the root of a drive and of a share', () => {
    expect(windowsPathKey('C:\\')).toBe('c:/');
    expect(windowsPathKey('\\\\server\\share\\')).toBe('//server/share/');
  });

  it('reads through the \\\\?\\ long-path prefix, for drives and for UNC', () => {
    expect(sameWindowsPath('\\\\?\\C:\\Users\\José Müller\\x.dll', 'C:\\users\\josé müller\\X.DLL')).toBe(true);
    expect(sameWindowsPath('\\\\?\\UNC\\fileserver\\envs\\py38', '//FileServer/Envs/py38/')).toBe(true);
  });

  it('compares UNC paths by server, share and path, case-insensitively', () => {
    expect(sameWindowsPath('\\\\server\\share\\a', '\\\\SERVER\\Share\\A')).toBe(true);
    expect(sameWindowsPath('\\\\server\\share\\a', '\\\\server\\other\\a')).toBe(false);
  });

  it('resolves a drive-relative path against the current folder of that drive, else its root', () => {
    expect(windowsPathKey('C:envs\\py38', 'C:\\Users\\me')).toBe('c:/users/me/envs/py38');
    expect(windowsPathKey('D:envs\\py38', 'C:\\Users\\me')).toBe('d:/envs/py38');
    expect(windowsPathKey('\\envs', 'D:\\work')).toBe('d:/envs');
  });

  it('folds non-ASCII letters one to one, never to two letters (NTFS has no ß to SS)', () => {
    expect(sameWindowsPath('C:\\Users\\ÉLODIE', 'c:\\users\\élodie')).toBe(true);
    expect(sameWindowsPath('C:\\Straße', 'C:\\STRASSE')).toBe(false);
  });

  it('knows what lies inside a folder, and that a sibling with a longer name does not', () => {
    expect(windowsPathWithin('c:/python38/Lib/site-packages/x.pyd', 'C:\\Python38\\')).toBe(true);
    expect(windowsPathWithin('C:\\Python38-32\\x.pyd', 'C:\\Python38')).toBe(false);
  });

  it('is the rule of the environments engine, of file ownership and of the environment identity', async () => {
    expect(pathKey('C:\\Python38\\Lib\\', 'win32')).toBe(pathKey('\\\\?\\c:\\python38\\lib', 'win32'));
    expect(pathKey('/opt/Lib', 'linux')).not.toBe(pathKey('/opt/lib', 'linux'));
    expect(pathKey('\\\\?\\C:\\Python38\\DLLs\\x.pyd', 'windows')).toBe(pathKey('c:/python38/dlls/X.PYD', 'windows'));
    expect(await environmentIdentity('C:\\Missing\\Python38\\', 'win32')).toBe(windowsPathKey(await environmentIdentity('C:\\missing\\python38', 'win32')));
  });
});

describe('a Windows environment on a case-insensitive file system', () => {
  // python.exe and Lib\site-packages as a python.org installer lays them out; the file system
  // answers for `lib` too, as NTFS does.
  const host = fakeHost({
    platform: 'win32',
    env: {},
    homeDir: 'C:\\Users\\me',
    files: {
      'C:\\Python38\\python.exe': 'MZ',
      'C:\\Python38\\python38.dll': 'MZ',
      'C:\\Python38\\Lib\\site-packages\\six-1.16.0.dist-info\\METADATA': 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\n',
      'C:\\Python38\\Lib\\site-packages\\six.py': '',
    },
    commands: {},
  });

  it('lists its Lib\\site-packages once, under the name the file system gives it', async () => {
    const d = await describeOffline('C:\\Python38', { host });
    expect(d.sitePackages).toEqual(['C:\\Python38\\Lib\\site-packages']);
    expect(d.distributions.map((x) => x.name)).toEqual(['six']);
  });
});
