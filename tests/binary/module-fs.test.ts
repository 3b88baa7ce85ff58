import { describe, expect, it } from 'vitest';
import { cachedModuleFs, type ModuleFs } from '../../app/binary/module-fs';
import type { BinaryModule } from '../../app/binary/module-types';

/** A base file system that counts its reads. */
function countingFs(withBytes: boolean): { fs: ModuleFs; reads: string[] } {
  const reads: string[] = [];
  const fs: ModuleFs = {
    listDir: async (dir) => {
      reads.push(`list ${dir}`);
      return ['a.dll'];
    },
    readModule: async (path) => {
      reads.push(`module ${path}`);
      return { format: 'pe', path } as unknown as BinaryModule;
    },
    ...(withBytes ? { readBytes: async (path: string) => {
      reads.push(`bytes ${path}`);
      return new Uint8Array([0x4d, 0x5a]);
    } } : {}),
  };
  return { fs, reads };
}

describe('cachedModuleFs', () => {
  it('reads each folder and module once', async () => {
    const { fs, reads } = countingFs(false);
    const cached = cachedModuleFs(fs);
    await Promise.all([cached.listDir('C:\\x'), cached.listDir('C:\\x'), cached.readModule('C:\\x\\a.dll'), cached.readModule('C:\\x\\a.dll')]);
    expect(reads).toEqual(['list C:\\x', 'module C:\\x\\a.dll']);
  });

  // inspect simulated with a cached file system that had lost readBytes, so it never read
  // apisetschema.dll and took every API set as present (found by the win32 suite under Wine).
  it('keeps the raw reads the API set schema needs', async () => {
    const { fs } = countingFs(true);
    expect(await cachedModuleFs(fs).readBytes?.('C:\\windows\\System32\\apisetschema.dll')).toEqual(new Uint8Array([0x4d, 0x5a]));
  });

  it('has no raw reads where its base has none', () => {
    expect(cachedModuleFs(countingFs(false).fs).readBytes).toBeUndefined();
  });
});
