import { describe, expect, it } from 'vitest';
import { compareVersions, isPackageName, normalizeName, packageName, packageVersion, releaseOf, satisfies } from '../../app/base/package-spec';

describe('package names', () => {
  it('normalises as PEP 503 does, blanks around a name from metadata dropped', () => {
    expect(normalizeName('Pillow')).toBe('pillow');
    expect(normalizeName('scikit_image')).toBe('scikit-image');
    expect(normalizeName('zope..interface')).toBe('zope-interface');
    expect(normalizeName(' ruamel.yaml\t')).toBe('ruamel-yaml');
  });

  it('accepts PEP 508 names and refuses anything that could become an option', () => {
    expect(isPackageName('scikit-image')).toBe(true);
    expect(isPackageName('--index-url=http://evil')).toBe(false);
    expect(isPackageName('pillow-')).toBe(false);
    expect(isPackageName('a'.repeat(201))).toBe(false);
    expect(packageName('numpy')).toBe('numpy');
    expect(() => packageName('-r requirements.txt')).toThrow(/not a valid package name/);
  });

  it('accepts PEP 440 versions and refuses the rest', () => {
    expect(packageVersion('2!1.0.post2.dev3')).toBe('2!1.0.post2.dev3');
    expect(packageVersion('1.0+local.7')).toBe('1.0+local.7');
    expect(() => packageVersion('1.0; rm -rf /')).toThrow(/not a valid version/);
  });
});

describe('PEP 440 versions', () => {
  it('orders dev < pre < final < post and pads releases', () => {
    const sorted = ['1.0.post1', '1.0', '1.0rc1', '1.0a1', '1.0.dev0', '0.9', '1.0.0.1'].sort(compareVersions);
    expect(sorted).toEqual(['0.9', '1.0.dev0', '1.0a1', '1.0rc1', '1.0', '1.0.post1', '1.0.0.1']);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('3.6', '3.6.0')).toBe(0);
    expect(compareVersions('3.10.1', '3.9.12')).toBe(1);
    expect(compareVersions('1!0.1', '2.0')).toBe(1);
  });

  it('compares a version PEP 440 cannot parse by its release segments, not as text', () => {
    expect(releaseOf('1.1.1k')).toEqual([1, 1, 1]);
    expect(releaseOf('latest')).toBeNull();
    expect(compareVersions('10.0.0-custom', '9.2')).toBe(1);
    expect(compareVersions('1.1.1k', '1.1.1')).toBe(0);
  });
});

describe('specifiers', () => {
  it('meets every clause, ~= and wildcards included', () => {
    expect(satisfies('1.4.5', '~=1.4.2')).toBe(true);
    expect(satisfies('1.5.0', '~=1.4.2')).toBe(false);
    expect(satisfies('2.2', '~=2.1')).toBe(true);
    expect(satisfies('3.0', '~=2.1')).toBe(false);
    expect(satisfies('1.4.9', '==1.4.*')).toBe(true);
    expect(satisfies('1.5', '!=1.4.*')).toBe(true);
    expect(satisfies('1.0+local', '==1.0')).toBe(true);
    expect(satisfies('3.6', '>=3.6,<3.6.1')).toBe(true);
    expect(satisfies('3.6.1', '>= 3.6, <3.6.1')).toBe(false);
  });

  it('counts installed pre-releases, except below their own final release', () => {
    expect(satisfies('1.0rc1', '<1.0')).toBe(false);
    expect(satisfies('1.0rc1', '>=0.9')).toBe(true);
  });

  it('matches an unparseable version only by * or ===, and an unparseable clause never', () => {
    expect(satisfies('latest', '*')).toBe(true);
    expect(satisfies('latest', '>=1')).toBe(false);
    expect(satisfies('unknown', '==1.0')).toBe(false);
    expect(satisfies('1.0-custom', '===1.0-custom')).toBe(true);
    expect(satisfies('1.0', '>=banana')).toBe(false);
    expect(satisfies('1.0', '')).toBe(true);
  });
});
