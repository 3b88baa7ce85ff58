import { describe, expect, it } from 'vitest';
import { parsePipCheck } from '../../app/diagnosis/live-deps';

describe('parsePipCheck', () => {
  it('reads the lines pip check prints (src/pip/_internal/commands/check.py)', () => {
    const text = [
      'plugin 1.0 requires corelib, which is not installed.',
      'scipy 1.10.0 has requirement numpy<1.27.0,>=1.19.5, but you have numpy 2.0.0.',
      'speedups 1.0 is not supported on this platform',
    ].join('\n');
    const pkgs = [{ name: 'speedups', version: '1.0', managers: ['pip' as const], requires: [], wheelTags: ['cp37-cp37m-win_amd64'], files: [], extensionModules: [] }];
    expect(parsePipCheck(text, pkgs, 'cp36')).toEqual([
      { kind: 'requirement-missing', package: 'plugin', version: '1.0', requirement: 'corelib', detail: 'plugin 1.0 requires corelib, which is not installed.' },
      { kind: 'unsupported-wheel-tag', package: 'speedups', version: '1.0', tags: ['cp37-cp37m-win_amd64'], interpreterTag: 'cp36', detail: 'speedups 1.0 is not supported on this platform' },
    ]);
    expect(parsePipCheck('No broken requirements found.', [], 'cp311')).toEqual([]);
  });
});
