import { describe, expect, it } from 'vitest';
import { firstReleaseExporting, pythonApiRequirements } from '../../app/diagnosis/cpython-exports';

// The table comes from CPython's Misc/stable_abi.toml ('added' fields and the backport notes).
describe('first CPython release exporting a C-API function', () => {
  it('prefers the installed line: PySlice_Unpack is in 3.6.1 and 3.5.4, and in every 3.7', () => {
    expect(firstReleaseExporting('PySlice_Unpack', '3.6.0')).toBe('3.6.1');
    expect(firstReleaseExporting('PySlice_AdjustIndices', '3.5.2')).toBe('3.5.4');
    expect(firstReleaseExporting('PySlice_Unpack', '3.4.4')).toBe('3.7.0');
    expect(firstReleaseExporting('PyErr_GetExcInfo', '3.5.0')).toBe('3.5.3');
  });

  it('uses the feature release for functions without backports, and knows nothing of unlisted names', () => {
    expect(firstReleaseExporting('Py_NewRef', '3.9.7')).toBe('3.10.0');
    expect(firstReleaseExporting('PyModule_Add', null)).toBe('3.13.0');
    expect(firstReleaseExporting('PyArg_ParseTuple', '3.6.0')).toBeNull();
    expect(firstReleaseExporting('NotAFunction', '3.6.0')).toBeNull();
  });

  it('gives the release that has every missing function', () => {
    expect(pythonApiRequirements(['PySlice_Unpack', 'Py_NewRef', 'foo'], '3.6.0')).toEqual({
      found: [{ symbol: 'PySlice_Unpack', firstRelease: '3.6.1' }, { symbol: 'Py_NewRef', firstRelease: '3.10.0' }],
      minimum: '3.10.0',
    });
  });
});
