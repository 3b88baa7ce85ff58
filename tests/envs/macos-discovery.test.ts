import { describe, expect, it } from 'vitest';
import { discoverEnvironments } from '../../app/envs/discovery';
import { fakeHost } from './fake-host';

const clt = '/Library/Developer/CommandLineTools/Library/Frameworks/Python3.framework/Versions/3.9';
const xcode = '/Applications/Xcode.app/Contents/Developer/Library/Frameworks/Python3.framework/Versions/3.9';
const pythonOrg = '/Library/Frameworks/Python.framework/Versions/3.12';
const keg = '/opt/homebrew/Cellar/python@3.12/3.12.7_1';
const kegFramework = `${keg}/Frameworks/Python.framework/Versions/3.12`;

/** An Apple silicon Mac with every kind of Python on it; links as the installers make them. */
function appleSiliconMac(options: { developerTools: boolean }) {
  const tools: Record<string, string> = options.developerTools
    ? { [`${clt}/bin/python3`]: 'x', [`${clt}/lib/libpython3.9.dylib`]: 'x', [`${xcode}/bin/python3`]: 'x', '/var/db/xcode_select_link': 'x' }
    : {};
  return fakeHost({
    platform: 'darwin',
    homeDir: '/Users/me',
    env: { HOME: '/Users/me', PATH: '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/Users/me/.pyenv/shims' },
    files: {
      '/usr/bin/python3': 'shim',
      ...tools,
      [`${pythonOrg}/bin/python3`]: 'x',
      '/usr/local/bin/python3': 'x',
      '/Library/Frameworks/PythonT.framework/Versions/3.13/bin/python3.13t': 'x',
      [`${kegFramework}/bin/python3.12`]: 'x',
      [`${keg}/bin/python3.12`]: 'x',
      '/opt/homebrew/opt/python@3.12/bin/python3.12': 'x',
      '/opt/homebrew/bin/python3.12': 'x',
      '/opt/homebrew/Cellar/python@3.11/3.11.9/bin/python3.11': 'x',
      '/opt/homebrew/Cellar/python@3.11/3.11.9/Frameworks/Python.framework/Versions/3.11/bin/python3.11': 'x',
      '/Users/me/.pyenv/shims/python3': '#!/bin/bash',
      '/Users/me/.pyenv/versions/3.11.9/bin/python3': 'x',
      '/Users/me/opt/anaconda3/conda-meta/history': '',
      '/Users/me/opt/anaconda3/bin/python3': 'x',
      '/opt/homebrew/Caskroom/miniforge/base/conda-meta/history': '',
      '/opt/homebrew/Caskroom/miniforge/base/bin/python3': 'x',
      '/opt/homebrew/Caskroom/miniforge/base/envs/torch/conda-meta/history': '',
      '/opt/homebrew/Caskroom/miniforge/base/envs/torch/bin/python3': 'x',
    },
    links: {
      '/var/db/xcode_select_link': '/Library/Developer/CommandLineTools',
      '/usr/local/bin/python3': `${pythonOrg}/bin/python3`,
      '/opt/homebrew/bin/python3.12': `${kegFramework}/bin/python3.12`,
      '/opt/homebrew/opt/python@3.12': keg,
      [`${keg}/bin/python3.12`]: `${kegFramework}/bin/python3.12`,
      '/opt/homebrew/Cellar/python@3.11/3.11.9/bin/python3.11': '/opt/homebrew/Cellar/python@3.11/3.11.9/Frameworks/Python.framework/Versions/3.11/bin/python3.11',
    },
    commands: {},
  });
}

describe('macOS discovery (in-memory Mac)', () => {
  it('finds framework, Homebrew, pyenv and conda Pythons once each, by the real path of their prefix', async () => {
    const host = appleSiliconMac({ developerTools: true });
    const found = await discoverEnvironments({ host, useCondaCli: false });
    expect(found.map((e) => `${e.kind} ${e.id}`).sort()).toEqual([
      `homebrew ${kegFramework}`,
      'homebrew /opt/homebrew/Cellar/python@3.11/3.11.9/Frameworks/Python.framework/Versions/3.11',
      'conda /Users/me/opt/anaconda3',
      'conda /opt/homebrew/Caskroom/miniforge/base',
      'conda /opt/homebrew/Caskroom/miniforge/base/envs/torch',
      'pyenv /Users/me/.pyenv/versions/3.11.9',
      `system ${clt}`,
      `system ${xcode}`,
      `system ${pythonOrg}`,
      'system /Library/Frameworks/PythonT.framework/Versions/3.13',
    ].sort());
    const brew = found.find((e) => e.id === kegFramework)!;
    expect(brew.sources.map((s) => s.detail).sort()).toEqual(['/opt/homebrew/Cellar/python@3.12', '/opt/homebrew/bin', '/opt/homebrew/opt/python@3.12', 'PATH: /opt/homebrew/bin'].sort());
    const python = found.find((e) => e.id === pythonOrg)!;
    expect(python.sources.map((s) => s.detail)).toContain('PATH: /usr/local/bin');
    // Nothing was run: not the shim, not xcode-select, not conda.
    expect(host.log).toEqual([]);
  });

  it("names the framework xcode-select chose as the one /usr/bin/python3 runs, and never lists the shim", async () => {
    const found = await discoverEnvironments({ host: appleSiliconMac({ developerTools: true }), useCondaCli: false });
    expect(found.find((e) => e.id === clt)?.sources[0]?.detail).toBe("the Command Line Tools' Python; /usr/bin/python3 runs it");
    expect(found.find((e) => e.id === xcode)?.sources[0]?.detail).toBe("Xcode's Python");
    expect(found.some((e) => e.interpreter === '/usr/bin/python3' || e.id === '/usr')).toBe(false);
  });

  it('follows DEVELOPER_DIR over the xcode-select link', async () => {
    const host = appleSiliconMac({ developerTools: true });
    const found = await discoverEnvironments({ host: { ...host, env: { ...host.env, DEVELOPER_DIR: '/Applications/Xcode.app/Contents/Developer' } }, useCondaCli: false });
    expect(found.find((e) => e.id === xcode)?.sources[0]?.detail).toBe("Xcode's Python; /usr/bin/python3 runs it");
  });

  it('lists no Apple Python when neither the Command Line Tools nor Xcode is installed (the shim would open the installer dialog)', async () => {
    const host = appleSiliconMac({ developerTools: false });
    const found = await discoverEnvironments({ host, useCondaCli: false });
    expect(found.filter((e) => /CommandLineTools|Xcode|^\/usr$/.test(e.id))).toEqual([]);
    expect(host.log).toEqual([]);
  });
});
