import { describe, expect, it } from 'vitest';
import { importsBefore } from '../../../app/diagnosis/context/examine-context';
import { condaLibstdcxxFor, gccReleaseFor, gccReleaseForAll } from '../../../app/diagnosis/context/libstdcxx-versions';
import { importingModule, programFrame } from '../../../app/diagnosis/context/program-frame';
import { parseReplayOutput } from '../../../app/diagnosis/context/replay';
import { REPLAY_MARK } from '../../../app/diagnosis/context/replay-script';

// Traceback shape from Dao-AILab/flash-attention#931.
const FLASH = `Traceback (most recent call last):
  File "/home/u/train.py", line 4, in <module>
    from flash_attn import flash_attn_func
  File "/opt/conda/lib/python3.10/site-packages/flash_attn/__init__.py", line 3, in <module>
    from flash_attn.flash_attn_interface import (
  File "/opt/conda/lib/python3.10/site-packages/flash_attn/flash_attn_interface.py", line 10, in <module>
    import flash_attn_2_cuda as flash_attn_cuda
ImportError: /opt/conda/lib/python3.10/site-packages/flash_attn_2_cuda.cpython-310-x86_64-linux-gnu.so: undefined symbol: _ZN3c104cuda9SetDeviceEi
`;

describe('programFrame', () => {
  it('takes the outermost frame that is the user\'s own file, with its line', () => {
    expect(programFrame(FLASH, '/opt/conda')).toEqual({ file: '/home/u/train.py', line: 4 });
  });

  it('takes nothing from interactive input or from the environment\'s own files', () => {
    expect(programFrame('Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nImportError: x\n', '/opt/conda')).toBeNull();
    expect(programFrame('Traceback (most recent call last):\n  File "C:\\\\Py\\\\Lib\\\\site-packages\\\\a.py", line 1, in <module>\n', 'C:\\Py')).toBeNull();
  });
});

describe('importingModule', () => {
  it('names the installed module whose code ran the failing import', () => {
    expect(importingModule(FLASH)).toBe('flash_attn.flash_attn_interface');
  });
});

describe('importsBefore', () => {
  const imports = [{ module: 'os', line: 1 }, { module: 'PyQt5.QtCore', line: 2 }, { module: 'os', line: 3 }, { module: 'scipy.linalg', line: 5 }, { module: 'numpy', line: 6 }];
  it('keeps the imports above the failing line, once each, in order', () => {
    expect(importsBefore(imports, 'scipy.linalg._fblas', 5).map((i) => i.module)).toEqual(['os', 'PyQt5.QtCore']);
  });
  it('without a line, stops at the first import of the failing module\'s package', () => {
    expect(importsBefore(imports, 'scipy.linalg._fblas', null).map((i) => i.module)).toEqual(['os', 'PyQt5.QtCore']);
  });
});

describe('parseReplayOutput', () => {
  it('keeps the steps before an interpreter crash and marks the import it died in as failed', () => {
    const out = [
      `${REPLAY_MARK}{"baseline": ["/usr/lib/libc.so.6"], "sysPath": [], "auditHooks": true, "platform": "linux"}`,
      `${REPLAY_MARK}{"start": 0}`,
      'printed by the module itself',
      `${REPLAY_MARK}{"done": 0, "module": "a", "ok": true, "loaded": ["/x/liba.so"], "events": [], "pathAdded": []}`,
      `${REPLAY_MARK}{"start": 1}`,
    ].join('\n');
    const r = parseReplayOutput(out, ['a', 'b', 'c'], 'Segmentation fault', -11);
    expect(r.steps.map((s) => [s.module, s.ok])).toEqual([['a', true], ['b', false]]);
    expect(r.steps[1]?.message).toContain('Segmentation fault');
    expect(r.notReached).toEqual(['c']);
    expect(r.baseline).toEqual(['/usr/lib/libc.so.6']);
  });
});

describe('libstdc++ symbol versions', () => {
  // GCC's table: https://gcc.gnu.org/onlinedocs/libstdc++/manual/abi.html
  it('maps GLIBCXX and CXXABI labels to the GCC release that introduced them', () => {
    expect(gccReleaseFor('GLIBCXX_3.4.30')).toBe('12.1.0');
    expect(gccReleaseFor('GLIBCXX_3.4.29')).toBe('11.1.0');
    expect(gccReleaseFor('CXXABI_1.3.15')).toBe('14.1.0');
    expect(gccReleaseForAll(['GLIBCXX_3.4.26', 'GLIBCXX_3.4.32', 'CXXABI_1.3.13'])).toBe('13.2.0');
    expect(gccReleaseForAll(['GLIBCXX_9.9'])).toBeNull();
  });

  it('names the conda package of that release (libstdcxx from GCC 14)', () => {
    expect(condaLibstdcxxFor('12.1.0')).toEqual({ package: 'libstdcxx-ng', specifier: '>=12.1.0' });
    expect(condaLibstdcxxFor('14.1.0')).toEqual({ package: 'libstdcxx', specifier: '>=14.1.0' });
  });
});
