import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findKnownIssues, knowledgeBaseSchema, loadKnowledgeBase } from '../../app/diagnosis/knowledge-base';
import { compareVersions, satisfies } from '../../app/diagnosis/version-spec';

describe('known-issues.json', () => {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../app/diagnosis/known-issues.json', import.meta.url), 'utf8'));

  it('validates against the schema and holds at least 12 entries with public sources', () => {
    const kb = knowledgeBaseSchema.parse(raw);
    expect(kb.issues.length).toBeGreaterThanOrEqual(12);
    for (const issue of kb.issues) expect(issue.sources.every((s) => s.startsWith('https://'))).toBe(true);
    expect(new Set(kb.issues.map((i) => i.id)).size).toBe(kb.issues.length);
  });

  it('rejects an entry without a source', () => {
    const kb = knowledgeBaseSchema.parse(raw);
    const broken = { version: 1, issues: [{ ...kb.issues[0], sources: [] }] };
    expect(knowledgeBaseSchema.safeParse(broken).success).toBe(false);
  });

  it('holds Pillow 4.1.0 on Windows / Python 3.6 with the 4.0.0 downgrade first', () => {
    const pillow = loadKnowledgeBase().find((i) => i.id === 'pillow-4.1.0-python-3.6.0');
    expect(pillow?.fixes[0]).toMatchObject({ kind: 'pip-install-version', package: 'pillow', version: '4.0.0' });
  });
});

describe('findKnownIssues', () => {
  const base = { platform: 'windows' as const, managers: ['pip' as const], failureClass: 'procedure-not-found' as const };

  it('matches Pillow 4.1.0 on Python 3.6.0 exactly, and "3.6" partially checked versions too', () => {
    const exact = findKnownIssues({ ...base, package: 'Pillow', version: '4.1.0', pythonVersion: '3.6.0' });
    expect(exact.map((m) => [m.issue.id, m.strength])).toEqual([['pillow-4.1.0-python-3.6.0', 'exact']]);
    expect(findKnownIssues({ ...base, package: 'pillow', version: '4.1.0', pythonVersion: null })[0]?.strength).toBe('partial');
  });

  it('does not match other versions, Pythons, platforms or failure classes', () => {
    expect(findKnownIssues({ ...base, package: 'pillow', version: '4.0.0', pythonVersion: '3.6.0' })).toEqual([]);
    expect(findKnownIssues({ ...base, package: 'pillow', version: '4.1.0', pythonVersion: '3.6.1' })).toEqual([]);
    expect(findKnownIssues({ ...base, platform: 'linux', package: 'pillow', version: '4.1.0', pythonVersion: '3.6.0' })).toEqual([]);
    expect(
      findKnownIssues({ ...base, failureClass: 'module-not-found', package: 'pillow', version: '4.1.0', pythonVersion: '3.6.0' }),
    ).toEqual([]);
  });

  it('matches any of several bad versions', () => {
    const q = { platform: 'windows' as const, managers: ['conda' as const], pythonVersion: '3.9.7' };
    expect(findKnownIssues({ ...q, package: 'pywin32', version: '304' })).toHaveLength(1);
    expect(findKnownIssues({ ...q, package: 'pywin32', version: '303' })).toHaveLength(0);
  });
});

describe('version specifiers', () => {
  it('compares release segments with zero padding', () => {
    expect(compareVersions('3.6', '3.6.0')).toBe(0);
    expect(compareVersions('3.10.1', '3.9.12')).toBe(1);
    expect(satisfies('3.6', '>=3.6,<3.6.1')).toBe(true);
    expect(satisfies('3.6.1', '>=3.6,<3.6.1')).toBe(false);
    expect(satisfies('2.4.1', '~=2.4.0')).toBe(true);
    expect(satisfies('2.5.0', '~=2.4.0')).toBe(false);
    expect(satisfies('1.16.1', '==1.16.*')).toBe(true);
    expect(satisfies('unknown', '==1.0')).toBe(false);
  });
});

describe('PEP 440 (via @renovatebot/pep440) as the knowledge base uses it', () => {
  it('keeps the semantics the known issues rely on, and gets pre-releases and epochs right', () => {
    expect(satisfies('3.6', '>=3.6,<3.6.1')).toBe(true);
    expect(satisfies('3.6.1', '>=3.6,<3.6.1')).toBe(false);
    expect(satisfies('4.1.0', '==4.1.*')).toBe(true);
    // PEP 440: '<V' excludes pre-releases of V itself; other ranges include installed pre-releases.
    expect(satisfies('1.0rc1', '<1.0')).toBe(false);
    expect(satisfies('1.0rc1', '>=0.9')).toBe(true);
    expect(satisfies('latest', '*')).toBe(true);
    expect(satisfies('latest', '>=1')).toBe(false);
    expect(compareVersions('1!0.1', '2.0')).toBe(1);
    expect(compareVersions('1.0.post1', '1.0')).toBe(1);
    expect(compareVersions('3.6', '3.6.0')).toBe(0);
  });
});
