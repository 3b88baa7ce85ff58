import { describe, expect, it } from 'vitest';
import { compareCondaVersions, condaVersionMatches, dependencyMet, isCondaName, isCondaVersion } from '../../app/envs/conda-spec';
import { condaPackageName, condaPackageVersion } from '../../app/repair/conda-validate';
import { packageName, packageVersion } from '../../app/base/package-spec';
import { exactCondaSpec } from '../../app/repair/conda-search';
import { packageNameSchema, versionSchema } from '../../app/contract/values';

// conda's own tests/models/test_version.py at 25.11.1 (test_version_order): these versions, listed
// there in ascending order, and the strings it asserts VersionOrder refuses.
const ORDERED = [
  '0.4', '0.4.1a.vc11', '0.4.1.rc', '0.4.1.vc11', '0.4.1', '0.5*', '0.5a1', '0.5b3', '0.5C1', '0.5z', '0.5za', '0.5', '0.5_5', '0.9.6', '0.960923', '1.0', '1.0.4a3', '1.0.4b1',
  '1.0.4', '1.1dev1', '1.1_', '1.1a1', '1.1.dev1', '1.1.a1', '1.1', '1.1.post1', '1.1.1dev1', '1.1.1rc1', '1.1.1', '1.1.1post1', '1.1post1', '2g6', '2.0b1pr0', '2.2be.ta29',
  '2.2be5ta29', '2.2beta29', '2.2.0.1', '3.1.1.6', '3.2.p.r0', '3.2.pr0', '3.2.pr.1', '5.5.kw', '11g', '14.3.1', '14.3.1.post26.g9d75ca2', '1996.07.12', '1!0.4.1', '1!3.1.1.6', '2!0.4.1',
];

describe("conda's VersionOrder (conda/models/version.py)", () => {
  it('sorts conda’s own test list in its order, and equal spellings compare equal', () => {
    for (let i = 1; i < ORDERED.length; i++) expect(compareCondaVersions(ORDERED[i - 1]!, ORDERED[i]!), `${ORDERED[i - 1]} < ${ORDERED[i]}`).toBe(-1);
    expect(compareCondaVersions('0.4', '0.4.0')).toBe(0);
    expect(compareCondaVersions('  0.4.rc  ', '0.4.RC')).toBe(0);
    expect(compareCondaVersions('0.4.a1', '0.4.0a1')).toBe(0);
    expect(compareCondaVersions('0.5_5', '0.5-5')).toBe(0);
  });

  it('refuses what conda refuses, and accepts conda versions PEP 440 cannot read (1.1.1w, 9e, custom)', () => {
    for (const bad of ['', '  ', '3.5&1', '5.5++', '5.5..mw', '!', 'a!1.0', 'a!b!1.0']) expect(isCondaVersion(bad), bad).toBe(false);
    for (const good of ['1.1.1w', '9e', '9b', 'custom', '2018.0.0', '1.0.2l']) expect(isCondaVersion(good), good).toBe(true);
  });
});

describe("conda's version specs and depends (match spec grammar)", () => {
  it('reads startswith as conda does: 3.6* admits 3.6.0, not 3.60; 9* admits 9b (test_version.py test_startswith)', () => {
    expect(condaVersionMatches('3.6.0', '3.6*')).toBe(true);
    expect(condaVersionMatches('3.60', '3.6*')).toBe(false);
    expect(condaVersionMatches('9b', '9*')).toBe(true);
    expect(condaVersionMatches('10', '9*')).toBe(false);
    expect(condaVersionMatches('0.4.1p1', '=0.4.1p')).toBe(true);
    expect(condaVersionMatches('0.4.1q1', '=0.4.1p')).toBe(false);
    expect(condaVersionMatches('0.4', '0.4.1*')).toBe(false);
    expect(condaVersionMatches('0.4.1+1.3', '0.4.1*')).toBe(true);
  });

  it('joins with "," before "|", groups with parentheses, refuses a broken spec', () => {
    expect(condaVersionMatches('1.3', '>=1,<2|>3')).toBe(true);
    expect(condaVersionMatches('1.3', '(>=1,<1.2)|(>1.2.5,<2)')).toBe(true);
    expect(condaVersionMatches('1.2.3', '(>=1,<1.2)|(>1.2.5,<2)')).toBe(false);
    expect(condaVersionMatches('1.1.1w', '>=1.1.1a,<1.1.2a')).toBe(true);
    expect(() => condaVersionMatches('1.0', '<>1.0')).toThrow();
  });

  it('decides depends entries of an Anaconda 4.3 record by version and build, an unreadable one counting as met', () => {
    expect(dependencyMet('python 3.6*', { version: '3.6.0', build: '0' })).toBe(true);
    expect(dependencyMet('jpeg 9*', { version: '9b', build: 'vc14_0' })).toBe(true);
    expect(dependencyMet('python >=3.7,<3.8.0a0', { version: '3.6.0', build: '0' })).toBe(false);
    expect(dependencyMet('vc 14.1 h0510ff6_3', { version: '14.1', build: 'h0510ff6_2' })).toBe(false);
    expect(dependencyMet('foo <>1', { version: '1', build: '0' })).toBe(true);
  });
});

describe('conda names and versions on a command line are checked by conda’s rules, pip’s by pip’s', () => {
  it('takes conda’s _libgcc_mutex, openssl 1.1.1w and 9e, which pip’s rules refuse', () => {
    expect(isCondaName('_libgcc_mutex')).toBe(true);
    expect(isCondaName('__glibc')).toBe(true);
    expect(condaPackageName('msgpack-python')).toBe('msgpack-python');
    expect(condaPackageVersion('1.1.1w')).toBe('1.1.1w');
    expect(exactCondaSpec('openssl', '1.1.1w')).toBe('openssl==1.1.1w');
    expect(exactCondaSpec('jpeg', '9e', 'https://repo.anaconda.com/pkgs/free', 'vc14_0')).toBe('https://repo.anaconda.com/pkgs/free::jpeg==9e=vc14_0');
    expect(exactCondaSpec('_openmp_mutex', '4.5', null, '2_gnu')).toBe('_openmp_mutex==4.5=2_gnu');
    expect(() => packageName('_libgcc_mutex')).toThrow();
    expect(() => packageVersion('1.1.1w')).toThrow();
  });

  it('lets a version the conda picker offered through the contract, and still no option', () => {
    expect(versionSchema.safeParse('1.1.1w').success).toBe(true);
    expect(versionSchema.safeParse('9e').success).toBe(true);
    expect(packageNameSchema.safeParse('_libgcc_mutex').success).toBe(true);
    for (const bad of ['--force', '-c', '4.0.0; rm', '1.0 2.0']) expect(versionSchema.safeParse(bad).success, bad).toBe(false);
    for (const bad of ['--index-url=http://evil', '-c', 'a b']) expect(packageNameSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('refuses what would become an option or a second argument', () => {
    for (const bad of ['--channel=x', '-c', 'a b', 'pillow;rm', '___x', 'Ä']) expect(() => condaPackageName(bad), bad).toThrow();
    for (const bad of ['4.0.0; rm -rf /', '--force', '1.*', '']) expect(() => condaPackageVersion(bad), bad).toThrow();
    expect(() => exactCondaSpec('pillow', '4.0.0', '--override-channels')).toThrow();
    expect(() => exactCondaSpec('pillow', '4.0.0', null, 'py36 0')).toThrow();
  });
});
