/**
 * Just enough of PEP 440 to say whether an installed version falls in a known-bad range.
 *
 * Versions compare by their release segments (1.16.1), padded with zeros, so "3.6" < "3.6.1" and
 * a Python known only as "3.6" matches ">=3.6,<3.6.1". Pre-, post- and dev-release suffixes are
 * ignored: the knowledge base names final releases. Specifiers are comma-separated clauses
 * (`==`, `!=`, `>=`, `<=`, `>`, `<`, `~=`, `==X.*`), or `*` for any version
 * (https://peps.python.org/pep-0440/#version-specifiers).
 */

/** The release segments of a version, or null when it has none ("latest", ""). */
export function releaseOf(version: string): number[] | null {
  const m = /^\s*v?(\d+(?:\.\d+)*)/i.exec(version);
  if (!m) return null;
  return (m[1] ?? '').split('.').map(Number);
}

export function compareVersions(a: string, b: string): number {
  const ra = releaseOf(a) ?? [];
  const rb = releaseOf(b) ?? [];
  const n = Math.max(ra.length, rb.length);
  for (let i = 0; i < n; i++) {
    const d = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function clauseMatches(version: string, clause: string): boolean {
  const c = clause.trim();
  if (c === '*' || c === '') return true;
  const m = /^(==|!=|>=|<=|~=|>|<)?\s*(.+)$/.exec(c);
  if (!m) return false;
  const op = m[1] ?? '==';
  const target = (m[2] ?? '').trim();
  if (target.endsWith('.*')) {
    const prefix = releaseOf(target.slice(0, -2)) ?? [];
    const release = releaseOf(version) ?? [];
    const same = prefix.every((p, i) => (release[i] ?? 0) === p);
    return op === '!=' ? !same : same;
  }
  const cmp = compareVersions(version, target);
  switch (op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '~=': {
      const release = releaseOf(target) ?? [];
      const upper = release.slice(0, Math.max(1, release.length - 1));
      upper[upper.length - 1] = (upper[upper.length - 1] ?? 0) + 1;
      return cmp >= 0 && compareVersions(version, upper.join('.')) < 0;
    }
    default:
      return false;
  }
}

/** Whether `version` satisfies every clause of `specifier`; an unparseable version matches only `*`. */
export function satisfies(version: string, specifier: string): boolean {
  if (specifier.trim() === '*') return true;
  if (releaseOf(version) === null) return false;
  return specifier.split(',').every((clause) => clauseMatches(version, clause));
}
