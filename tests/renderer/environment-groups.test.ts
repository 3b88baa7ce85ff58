import { describe, expect, it } from 'vitest';
import type { EnvironmentChoice } from '../../app/contract/environment-choice';
import { compareVersions, groupEnvironments, groupOf, sortEnvironments } from '../../renderer/wizard/environment-groups';

const env = (python: string, version: string | null, kind: string): EnvironmentChoice => ({ python, prefix: python, label: `CPython ${version ?? '?'}`, version, architecture: '64-bit x86_64', kind, sources: [], status: 'ok' });

describe('environment groups', () => {
  it('sorts versions by their numbers: 3.6 before 3.10, unknown last', () => {
    expect(['3.10.1', null, '3.6.0', '3.9.12', '3.11'].sort(compareVersions)).toEqual(['3.6.0', '3.9.12', '3.10.1', '3.11', null]);
  });

  it('groups by kind in a fixed order, each group sorted by version', () => {
    const groups = groupEnvironments([env('/a', '3.10.0', 'venv'), env('/b', '3.12.1', 'system'), env('/c', '3.6.0', 'venv'), env('/d', '3.8.0', 'conda (examined from its files)'), env('/e', null, 'unknown')]);
    expect(groups.map((g) => g.group)).toEqual(['conda', 'venv', 'system', 'other']);
    expect(groups[1]?.items.map((i) => i.python)).toEqual(['/c', '/a']);
  });

  it('puts python.org and Homebrew installs with the system ones', () => {
    expect(groupOf(env('/x', '3.12', 'installed'))).toBe('system');
    expect(groupOf(env('/x', '3.12', 'homebrew'))).toBe('system');
    expect(groupOf(env('/x', '3.12', 'store'))).toBe('store');
  });

  it('filters on every word typed, across label, version, kind and path', () => {
    const all = [env('/home/a/venv', '3.10.0', 'venv'), env('/opt/conda', '3.6.0', 'conda')];
    expect(groupEnvironments(all, 'conda 3.6').flatMap((g) => g.items.map((i) => i.python))).toEqual(['/opt/conda']);
    expect(groupEnvironments(all, 'nothing-like-this')).toEqual([]);
  });
});

describe('the environment list', () => {
  const copied: EnvironmentChoice = { ...env('/mnt/copy/Python36/python.exe', '3.6.0', 'system (examined from its files)'), status: 'offline' };
  const all = [env('/usr/bin/python3', '3.11.2', 'system'), env('/home/a/venv/bin/python', '3.10.0', 'venv'), copied];

  it('files a Windows folder copied here as copied, not as installed for the system', () => {
    expect(groupOf(copied)).toBe('copied');
  });

  it('sorts by kind (copied first), by version, by path, by status', () => {
    expect(sortEnvironments(all, 'kind').map((e) => e.python)).toEqual(['/mnt/copy/Python36/python.exe', '/home/a/venv/bin/python', '/usr/bin/python3']);
    expect(sortEnvironments(all, 'version').map((e) => e.version)).toEqual(['3.6.0', '3.10.0', '3.11.2']);
    expect(sortEnvironments(all, 'path').map((e) => e.python)).toEqual(['/home/a/venv/bin/python', '/mnt/copy/Python36/python.exe', '/usr/bin/python3']);
    expect(sortEnvironments(all, 'status').at(-1)).toBe(copied);
  });

  it('keeps only what matches the filter', () => {
    expect(sortEnvironments(all, 'kind', 'venv')).toHaveLength(1);
  });
});
