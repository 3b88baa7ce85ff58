import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../app/envs/host';
import { interpretProbe, normalizeArchitecture } from '../../app/envs/probe-output';

const result = (over: Partial<ExecResult>): ExecResult => ({ stdout: '', stderr: '', code: 0, signal: null, timedOut: false, spawnError: null, ...over });
const exe = 'C:\\Users\\Me\\AppData\\Local\\Microsoft\\WindowsApps\\python.exe';

describe('classifying how a probe run ended (Windows endings recorded as Node reports them)', () => {
  it('exit code 9009 of the App Installer alias is the Store stub even when it printed nothing', () => {
    expect(interpretProbe(exe, result({ code: 9009 }), null, 1000).status).toBe('store-stub');
  });

  it('an NTSTATUS exit code (access violation 0xC0000005) is a crash', () => {
    const o = interpretProbe('C:\\Python36\\python.exe', result({ code: 3221225477 }), null, 1000);
    expect(o.status).toBe('crashed');
    expect(o.message).toContain('exception code 0xC0000005');
  });

  it('EPERM at start is permission-denied', () => {
    expect(interpretProbe('C:\\Python36\\python.exe', result({ code: null, spawnError: 'EPERM' }), null, 1000).status).toBe('permission-denied');
  });

  it('a Python 2 interpreter that could not even parse the probe is python2', () => {
    const stderr = '  File "<string>", line 3\n    print(f"{x}")\n                ^\nSyntaxError: invalid syntax\n';
    expect(interpretProbe('/usr/bin/python2', result({ code: 1, stderr }), null, 1000).status).toBe('python2');
  });

  it('a timeout after the description but during the import keeps the description', () => {
    const stdout = '@@PDD@@{"probe": 1, "executable": "/x/python", "versionInfo": [3, 11, 7], "version": "3.11.7"}\n';
    const o = interpretProbe('/x/python', result({ stdout, code: null, signal: 'SIGKILL', timedOut: true }), 'slow_module', 1000);
    expect(o.status).toBe('ok');
    expect(o.importTest).toMatchObject({ module: 'slow_module', outcome: 'timeout', crash: null });
  });

  it('ignores a truncated line and noise printed by sitecustomize', () => {
    const stdout = 'hello from sitecustomize\n@@PDD@@{"probe": 1, "executable": "/x/python", "versionInfo": [3, 11, 7], "version": "3.11.7"}\n@@PDD@@{"importTest": {"module": "m", "ok": tr';
    const o = interpretProbe('/x/python', result({ stdout, code: null, signal: 'SIGSEGV' }), 'm', 1000);
    expect(o.status).toBe('ok');
    expect(o.importTest).toMatchObject({ outcome: 'crashed', crash: 'signal SIGSEGV' });
  });

  it('normalises architectures by pointer size', () => {
    expect(normalizeArchitecture('AMD64', 64)).toBe('x86_64');
    expect(normalizeArchitecture('AMD64', 32)).toBe('x86');
    expect(normalizeArchitecture('ARM64', 64)).toBe('arm64');
  });
});
