import { describe, expect, it } from 'vitest';
import type { CondaRecord, EnvironmentDescription } from '../../app/envs';
import { factsFromDescription } from '../../app/diagnosis/facts/environment-facts';
import { condaBuildOf, constraintsOf, managersOf, requiredNames, wheelTagsOf } from '../../app/diagnosis/facts/package-records';
import { distributionRecord } from '../support/distribution';

const prefix = '/nonexistent/conda-env';
const site = `${prefix}/lib/python3.11/site-packages`;

function conda(name: string, version: string, build: string, depends: string[], files: string[] = []): CondaRecord {
  return { name, version, build, channel: 'conda-forge', subdir: 'win-64', url: null, depends, files, metaFile: `${prefix}/conda-meta/${name}-${version}-${build}.json` };
}

const numpy = distributionRecord('numpy', '1.26.4', site, { installer: 'conda', requiresDist: ['pytest; extra == "test"', 'typing-extensions>=4; python_version < "3.12"'], wheelTags: ['cp311-cp311-linux_x86_64'] });
const description: EnvironmentDescription = {
  schemaVersion: 1,
  id: prefix,
  status: 'ok',
  message: null,
  kind: 'conda',
  interpreter: `${prefix}/bin/python`,
  prefix,
  basePrefix: null,
  python: {
    version: '3.11.7',
    versionInfo: [3, 11, 7],
    implementation: 'cpython',
    architecture: 'x86_64',
    bits: 64,
    platform: 'linux',
    sysconfigPlatform: 'linux-x86_64',
    abiTag: 'cp311',
    extensionSuffixes: ['.cpython-311-x86_64-linux-gnu.so', '.abi3.so', '.so'],
    platformTags: ['linux_x86_64'],
    glibcVersion: '2.36',
    markers: { python_version: '3.11', python_full_version: '3.11.7', sys_platform: 'linux', platform_system: 'Linux', os_name: 'posix', implementation_name: 'cpython', platform_machine: 'x86_64' },
  },
  sysPath: [],
  sitePackages: [site],
  dllDirectories: [],
  distributions: [numpy],
  condaRecords: [conda('numpy', '1.26.4', 'py311h64a7726_0', ['libblas >=3.9.0,<4.0a0', 'python >=3.11,<3.12.0a0']), conda('libopenblas', '0.3.25', 'pthreads_h413a1c8_0', ['libgcc-ng >=12'], ['lib/libopenblas.so.0'])],
  importTest: null,
  interpreterRuns: 1,
  evidence: [],
  sources: [],
};

describe('package records: what a package states is read from app/envs records, not copied', () => {
  const packages = factsFromDescription(description, `${prefix}/bin/python`).packages;
  const byName = (name: string) => packages.find((p) => p.name === name)!;

  it('joins a dist-info with its conda-meta record, keeping both records', () => {
    const pkg = byName('numpy');
    expect(pkg.distribution).toBe(numpy);
    expect(pkg.condaRecord).toBe(description.condaRecords[0]);
    expect(managersOf(pkg)).toEqual(['conda']);
    // Requires-Dist names, extras-only left out; its conda record's build.
    expect(requiredNames(pkg)).toEqual(['typing-extensions']);
    expect(wheelTagsOf(pkg)).toEqual(['cp311-cp311-linux_x86_64']);
    expect(condaBuildOf(pkg)).toBe('py311h64a7726_0');
    // Constraints of both records, markers evaluated for this Python.
    expect(constraintsOf(pkg, description.python!.markers).map((c) => `${c.from}:${c.name}${c.specifier}`)).toEqual(['requires-dist:typing-extensions>=4', 'conda-depends:libblas>=3.9.0,<4.0a0', 'conda-depends:python>=3.11,<3.12.0a0']);
  });

  it('reads a conda package without dist-info from its conda-meta record alone', () => {
    const pkg = byName('libopenblas');
    expect(pkg.distribution).toBeNull();
    expect(managersOf(pkg)).toEqual(['conda']);
    expect(requiredNames(pkg)).toEqual(['libgcc-ng']);
    expect(wheelTagsOf(pkg)).toEqual([]);
    expect(condaBuildOf(pkg)).toBe('pthreads_h413a1c8_0');
    expect(pkg.files).toEqual([`${prefix}/lib/libopenblas.so.0`]);
  });

  it('names every manager with a record of a package: pip over conda is two installs, no INSTALLER is unknown', () => {
    const joined = factsFromDescription(
      { ...description, distributions: [numpy, distributionRecord('pillow', '10.0.0', site, { installer: 'pip' }), distributionRecord('six', '1.16.0', site, { installer: null }), distributionRecord('attrs', '23.1.0', site, { installer: 'uv' })], condaRecords: [description.condaRecords[0]!, conda('pillow', '10.0.0', 'py311_0', [])] },
      `${prefix}/bin/python`,
    ).packages;
    expect(Object.fromEntries(joined.map((p) => [p.name, managersOf(p)]))).toEqual({ numpy: ['conda'], pillow: ['conda', 'pip'], six: ['unknown'], attrs: ['pip'] });
  });
});
