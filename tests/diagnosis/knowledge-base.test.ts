import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findKnownIssues, knowledgeBaseSchema, loadKnowledgeBase } from '../../app/diagnosis/knowledge-base';
import { satisfies } from '../../app/base/package-spec';

describe('known-issues.json', () => {
  const raw: unknown = JSON.parse(readFileSync(new URL('../../app/diagnosis/known-issues.json', import.meta.url), 'utf8'));

  it('validates against the schema and holds at least 12 entries with public sources', () => {
    const kb = knowledgeBaseSchema.parse(raw);
    expect(kb.issues.length).toBeGreaterThanOrEqual(12);
    for (const issue of kb.issues) expect(issue.sources.every((s) => s.startsWith('https://'))).toBe(true);
    expect(new Set(kb.issues.map((i) => i.id)).size).toBe(kb.issues.length);
  });

  it('gives every entry a public source and a condition the diagnosis evaluates: it matches exactly where it holds, and not where one condition fails', () => {
    const pythons = ['2.7.18', '3.5.4', '3.6.0', '3.6.8', '3.7.0', '3.7.2', '3.8.10', '3.9.7', '3.10.4', '3.11.7', '3.12.2'];
    for (const issue of loadKnowledgeBase()) {
      expect(issue.sources.length, issue.id).toBeGreaterThan(0);
      const version = issue.versions.includes('*') ? '1.0' : (/[\d.]+/.exec(issue.versions[0] ?? '')?.[0] ?? '');
      const pythonVersion = issue.python === null ? '3.9.7' : pythons.find((v) => satisfies(v, issue.python ?? ''));
      expect(pythonVersion, `${issue.id}: no Python satisfies ${issue.python}`).toBeDefined();
      const holds = {
        package: issue.package,
        version,
        pythonVersion: pythonVersion ?? null,
        platform: issue.platforms.includes('linux') && !issue.platforms.includes('windows') ? ('linux' as const) : ('windows' as const),
        managers: [issue.managers[0] ?? 'pip'],
        failureClass: issue.symptom.failureClass,
        build: issue.builds?.[0] ?? null,
        condaEnvironment: issue.environment === 'conda' ? true : null,
      } as const;
      const hit = findKnownIssues(holds).find((m) => m.issue.id === issue.id);
      expect(hit?.strength, issue.id).toBe('exact');
      const otherPlatform = (['windows', 'linux'] as const).find((p) => !issue.platforms.includes(p));
      if (otherPlatform) expect(findKnownIssues({ ...holds, platform: otherPlatform }).some((m) => m.issue.id === issue.id), issue.id).toBe(false);
      expect(findKnownIssues({ ...holds, failureClass: issue.symptom.failureClass === 'bad-exe-format' ? 'module-not-found' : 'bad-exe-format' }).some((m) => m.issue.id === issue.id), issue.id).toBe(false);
      if (!issue.versions.includes('*')) expect(findKnownIssues({ ...holds, version: '0.0.1' }).some((m) => m.issue.id === issue.id), issue.id).toBe(false);
      if (issue.builds) expect(findKnownIssues({ ...holds, build: 'another_0' }).some((m) => m.issue.id === issue.id), issue.id).toBe(false);
      if (issue.environment) expect(findKnownIssues({ ...holds, condaEnvironment: false }).some((m) => m.issue.id === issue.id), issue.id).toBe(false);
    }
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

  it('matches any of several bad versions, on every Python its sources report', () => {
    const q = { platform: 'windows' as const, managers: ['conda' as const], pythonVersion: '3.9.7', condaEnvironment: true };
    const ids = (version: string, pythonVersion = '3.9.7') => findKnownIssues({ ...q, package: 'pywin32', version, pythonVersion }).map((m) => m.issue.id);
    expect(ids('304')).toEqual(['pywin32-301-304-conda', 'pywin32-duplicate-dlls']);
    expect(ids('302')).toEqual(['pywin32-301-304-conda', 'pywin32-duplicate-dlls']); // "With pywin32==302 the same issue appeared" (conda/conda#11503)
    expect(ids('303')).toEqual(['pywin32-duplicate-dlls']);
    // The quarantine fix holds on every Python; only pip's 228 has no builds for 3.10 (its dry run says so).
    expect(ids('304', '3.10.4')).toEqual(['pywin32-301-304-conda', 'pywin32-duplicate-dlls']);
  });

  it('names only the conda build the thread names, and checks it when the build is known', () => {
    const q = { package: 'libtiff', version: '4.0.10', pythonVersion: null, platform: 'windows' as const, managers: ['conda' as const] };
    expect(findKnownIssues({ ...q, build: 'he490001_1001' })[0]?.issue.id).toBe('libtiff-4.0.10-conda-windows');
    expect(findKnownIssues({ ...q, build: 'h7602738_1001' })).toEqual([]);
    expect(findKnownIssues(q)[0]?.unchecked).toContain('conda build');
  });

  it('applies pip-in-Anaconda entries only inside a conda environment', () => {
    const q = { package: 'shapely', version: '1.7.0', pythonVersion: '3.8.5', platform: 'windows' as const, managers: ['pip' as const] };
    expect(findKnownIssues({ ...q, condaEnvironment: true }).map((m) => m.issue.id)).toEqual(['shapely-1.7-pip-in-conda']);
    expect(findKnownIssues({ ...q, condaEnvironment: false })).toEqual([]);
  });
});
