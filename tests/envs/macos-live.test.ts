import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { discoverEnvironments } from '../../app/envs/discovery';
import { describeOffline } from '../../app/envs/offline';
import { probeEnvironment } from '../../app/envs/describe';

/**
 * On a real Mac only (the macos-14 and macos-13 runners of .github/workflows/macos.yml): what the
 * Linux tests prove against recorded layouts and a stand-in dyld, checked against the machine.
 * Skipped everywhere else; it has not run where it was written.
 */
const onMac = process.platform === 'darwin';
const python3 = onMac ? execFileSync('/usr/bin/env', ['python3', '-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() : '';

describe.runIf(onMac)('macOS environments on this Mac', () => {
  it('discovers the Python on PATH by the real path of its prefix, without running any interpreter', async () => {
    const found = await discoverEnvironments({ useCondaCli: false });
    const prefix = execFileSync(python3, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
    expect(found.some((e) => e.id === prefix || e.prefix === prefix)).toBe(true);
    expect(found.some((e) => e.interpreter === '/usr/bin/python3')).toBe(false);
  });

  it('probes it: darwin facts, the architecture of this process, and the dyld image list after an import', async () => {
    const d = await probeEnvironment(python3, { importModule: '_ctypes' });
    expect(d.status).toBe('ok');
    expect(d.python?.platform).toBe('darwin');
    expect(d.python?.architecture).toBe(process.arch === 'arm64' ? 'arm64' : 'x86_64');
    const images = d.importTest?.loadedModules ?? [];
    expect(images.some((i) => i.endsWith('/libSystem.B.dylib'))).toBe(true);
    expect(images.some((i) => /_ctypes\.cpython-\d+-darwin\.so$/.test(i))).toBe(true);
  });

  it('reads the same prefix offline: a macOS layout with the architecture dyld runs', async () => {
    const prefix = execFileSync(python3, ['-c', 'import sys; print(sys.base_prefix)'], { encoding: 'utf8' }).trim();
    const d = await describeOffline(prefix);
    expect(d.message).toContain('a macOS environment layout');
    expect(d.python?.platform).toBe('darwin');
  });
});
