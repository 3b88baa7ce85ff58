import { describe, expect, it } from 'vitest';
import { pathKey } from '../../app/envs';

describe('pathKey', () => {
  it('compares Windows paths case-insensitively whatever their slashes, by either name of the platform', () => {
    expect(pathKey('C:\\Users\\Ana\\Anaconda3\\DLLs\\', 'win32')).toBe(pathKey('c:/users/ana/anaconda3/dlls', 'windows'));
  });

  it('keeps case on Linux and macOS, where Lib and lib are two folders', () => {
    expect(pathKey('/opt/env/Lib', 'linux')).not.toBe(pathKey('/opt/env/lib', 'linux'));
    expect(pathKey('/opt/env/Lib', 'darwin')).not.toBe(pathKey('/opt/env/lib', 'macos'));
  });

  it('applies "." and ".." as a loader message writes them', () => {
    expect(pathKey('/env/lib/python3.11/site-packages/pkg/../pkg.libs/./libz.so', 'linux')).toBe('/env/lib/python3.11/site-packages/pkg.libs/libz.so');
    expect(pathKey('/env//bin/', 'linux')).toBe('/env/bin');
  });
});
