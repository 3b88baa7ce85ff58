import { describe, expect, it } from 'vitest';
import { evaluateMarker, parseRequirement } from '../../app/envs/requirements';
import { abiTagFrom, linuxPlatformTags, tagFits } from '../../app/envs/tags';

const win36 = { python_version: '3.6', python_full_version: '3.6.0', sys_platform: 'win32', platform_system: 'Windows', os_name: 'nt', platform_machine: 'AMD64', implementation_name: 'cpython' };

describe('PEP 508 requirements and markers', () => {
  it('parses names, extras, parenthesised specifiers and markers', () => {
    expect(parseRequirement('requests[security,socks] (>=2.8.1,==2.8.*) ; python_version < "2.7"')).toEqual({
      name: 'requests', extras: ['security', 'socks'], specifiers: [{ op: '>=', version: '2.8.1' }, { op: '==', version: '2.8.*' }], marker: 'python_version < "2.7"', url: null,
    });
    expect(parseRequirement('pip @ https://github.com/pypa/pip/archive/1.3.1.zip ; python_version >= "3"')?.url).toBe('https://github.com/pypa/pip/archive/1.3.1.zip');
    expect(parseRequirement('not a requirement !!')).toBeNull();
  });

  it('evaluates markers with and/or/parentheses, version comparison and extras', () => {
    expect(evaluateMarker('python_version >= "3.6" and sys_platform == "win32"', win36)).toBe(true);
    expect(evaluateMarker('python_version >= "3.10"', win36)).toBe(false);
    expect(evaluateMarker('(os_name == "posix" or platform_system == "Windows") and python_full_version != "3.6.0"', win36)).toBe(false);
    expect(evaluateMarker("'win' in sys_platform", win36)).toBe(true);
    expect(evaluateMarker('extra == "docs"', win36)).toBe(false);
    expect(evaluateMarker('extra == "docs"', win36, ['Docs'])).toBe(true);
  });

  it('counts unparseable markers as true (documented limit)', () => {
    expect(evaluateMarker('unknown_var == "x"', win36)).toBe(true);
  });
});

describe('wheel tags', () => {
  const cp36win = { implementation: 'cpython', versionInfo: [3, 6, 0] as const, abiTag: 'cp36m', platformTags: ['win_amd64'] };
  const cp311linux = { implementation: 'cpython', versionInfo: [3, 11, 7] as const, abiTag: 'cp311', platformTags: linuxPlatformTags('x86_64', '2.36') };

  it('accepts matching and generic tags, rejects other versions and architectures', () => {
    expect(tagFits('cp36-cp36m-win_amd64', cp36win)).toBe(true);
    expect(tagFits('py2.py3-none-any', cp36win)).toBe(true);
    expect(tagFits('cp37-cp37m-win_amd64', cp36win)).toBe(false);
    expect(tagFits('cp36-cp36m-win32', cp36win)).toBe(false);
    expect(tagFits('cp35-abi3-win_amd64', cp36win)).toBe(true);
  });

  it('understands manylinux aliases and glibc limits', () => {
    expect(tagFits('cp311-cp311-manylinux2014_x86_64', cp311linux)).toBe(true);
    expect(tagFits('cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64', cp311linux)).toBe(true);
    expect(tagFits('cp311-cp311-manylinux_2_39_x86_64', cp311linux)).toBe(false);
    expect(tagFits('cp311-cp311-manylinux_2_17_aarch64', cp311linux)).toBe(false);
  });

  it('derives ABI tags from SOABI, including pymalloc and free-threaded builds', () => {
    expect(abiTagFrom('cpython-36m-x86_64-linux-gnu', 'cpython', 3, 6, false)).toBe('cp36m');
    expect(abiTagFrom('cp311-win_amd64', 'cpython', 3, 11, false)).toBe('cp311');
    expect(abiTagFrom('cpython-313t-x86_64-linux-gnu', 'cpython', 3, 13, true)).toBe('cp313t');
    expect(abiTagFrom(null, 'cpython', 3, 7, false)).toBe('cp37m');
  });
});
