import { describe, expect, it } from 'vitest';
import { cpythonVersionFromFileVersion, versionResourceOf } from '../../app/envs/version-resource';
import { writePe } from '../scenarios/support/pe-writer';
import { withVersionResource } from '../scenarios/support/version-resource-writer';

describe('version resources', () => {
  it('reads VS_FIXEDFILEINFO and the string table of a PE file', () => {
    const dll = withVersionResource(writePe({ name: 'vcruntime140.dll', exports: ['memcpy'] }), [14, 16, 27012, 0], { FileVersion: '14.16.27012.0', ProductName: 'Microsoft® Visual Studio® 2017' });
    expect(versionResourceOf(dll)).toEqual({ fileVersion: [14, 16, 27012, 0], strings: { FileVersion: '14.16.27012.0', ProductName: 'Microsoft® Visual Studio® 2017' } });
    expect(versionResourceOf(writePe({ name: 'plain.dll' }))).toBeNull();
    expect(versionResourceOf(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]))).toBeNull();
  });

  it('decodes CPython file versions (micro*1000 + level*10 + serial)', () => {
    expect(cpythonVersionFromFileVersion([3, 6, 150, 1013])).toBe('3.6.0');
    expect(cpythonVersionFromFileVersion([3, 6, 1150, 1013])).toBe('3.6.1');
    expect(cpythonVersionFromFileVersion([3, 7, 121, 1013])).toBe('3.7.0rc1');
    expect(cpythonVersionFromFileVersion([3, 12, 10150, 1013])).toBe('3.12.10');
    expect(cpythonVersionFromFileVersion([14, 16, 27012, 0])).toBeNull();
  });
});
