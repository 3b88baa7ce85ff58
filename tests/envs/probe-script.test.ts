import { describe, expect, it } from 'vitest';
import { probeScript, withoutImportTest } from '../../app/envs/probe-script';

describe('the probe script sent to an interpreter', () => {
  it("leaves the import test's code out of a plain description, and only that", () => {
    const whole = probeScript();
    const description = probeScript(undefined, { importTest: false });
    expect(whole).toContain('def import_test(');
    expect(description).not.toContain('def import_test(');
    expect(description).not.toContain('def loaded_native_modules(');
    for (const kept of ['def describe(', 'def main(', 'def extension_suffixes(', '\nmain()\n']) expect(description).toContain(kept);
    expect(description.length).toBeLessThan(whole.length * 0.8);
  });

  it('sends the whole script when the marks are missing, doubled or out of order', () => {
    const a = '# @@import-test@@';
    const b = '# @@end-import-test@@';
    expect(withoutImportTest(`x\n${a}\ny\n${b}\nz\n`)).toBe('x\n\nz\n');
    for (const text of [`x\n${a}\ny\n`, `x\n${b}\ny\n${a}\nz\n`, `${a}\n${a}\n${b}\n`, `${a}\n${b}\n${b}\n`]) expect(withoutImportTest(text)).toBe(text);
  });
});
