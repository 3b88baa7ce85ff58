import { describe, expect, it } from 'vitest';
import { checkModuleName, isModuleName, MODULE_NAME_MAX } from '../../app/base/module-name';
import { moduleNameSchema } from '../../app/contract/values';

describe('module names', () => {
  it('accepts dotted identifiers such as PIL._imaging', () => {
    expect(isModuleName('PIL._imaging')).toBe(true);
    expect(checkModuleName('numpy.core._multiarray_umath')).toBeNull();
  });

  it('refuses options, code and paths with a sentence that says what a module name is', () => {
    for (const bad of ['--help', 'os; import shutil', '../evil', 'numpy.', '1abc', '']) {
      expect(isModuleName(bad), bad).toBe(false);
      expect(checkModuleName(bad), bad).toMatch(/module name/);
    }
  });

  it('has one length limit, the same as the contract schema', () => {
    const longest = `numpy.${'a'.repeat(MODULE_NAME_MAX - 6)}`;
    expect(isModuleName(longest)).toBe(true);
    expect(moduleNameSchema.safeParse(longest).success).toBe(true);
    const tooLong = `${longest}c`;
    expect(isModuleName(tooLong)).toBe(false);
    expect(checkModuleName(tooLong)).toMatch(/1 to 512 characters/);
    expect(moduleNameSchema.safeParse(tooLong).success).toBe(false);
  });
});
