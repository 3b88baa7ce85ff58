/**
 * conda's version comparison and version specs, enough to read a package record's `depends`
 * ("python >=3.6,<3.7.0a0", "python 3.6*", "python_abi 3.9.* *_cp39").
 * Rules: conda/models/version.py `VersionOrder` and `VersionSpec` (conda 25.11.1), and the match
 * spec grammar in docs/source/user-guide/concepts/pkg-specs.rst at the same tag: "," binds tighter
 * than "|", "*" matches any characters, "==" is exact, "=1.11" is the fuzzy "1.11*".
 */

type Part = number | string;

/** VersionOrder: epoch, then "."/"_"-separated components, each split into numbers and letters. */
function versionKey(version: string): { epoch: number; parts: Part[][] } {
  let v = version.trim().toLowerCase().split('+')[0] ?? '';
  let epoch = 0;
  const bang = v.indexOf('!');
  if (bang >= 0) {
    epoch = Number(v.slice(0, bang)) || 0;
    v = v.slice(bang + 1);
  }
  const parts = v.split(/[._-]/).map((component) => {
    const pieces = component.match(/\d+|[a-z]+|\*/g) ?? [];
    const out: Part[] = pieces.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    // "a1" is read as "0a1": a component starting with letters gets a leading 0 (VersionOrder).
    if (typeof out[0] === 'string') out.unshift(0);
    return out;
  });
  return { epoch, parts };
}

/** Order of one piece: "dev" lowest, other strings below numbers, "post" above everything. */
function comparePart(a: Part, b: Part): number {
  const rank = (p: Part) => (p === 'dev' ? 0 : typeof p === 'string' ? (p === 'post' ? 3 : 1) : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareCondaVersions(a: string, b: string): number {
  const x = versionKey(a);
  const y = versionKey(b);
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  const length = Math.max(x.parts.length, y.parts.length);
  for (let i = 0; i < length; i++) {
    const p = x.parts[i] ?? [0];
    const q = y.parts[i] ?? [0];
    for (let j = 0; j < Math.max(p.length, q.length); j++) {
      const c = comparePart(p[j] ?? 0, q[j] ?? 0);
      if (c !== 0) return Math.sign(c);
    }
  }
  return 0;
}

/** "1.11*" matches 1.11, 1.11.0, 1.11.18 but not 1.110: a prefix by components (VersionOrder.startswith). */
function startsWithVersion(version: string, prefix: string): boolean {
  const p = prefix.replace(/\.?\*$/, '');
  if (p === '') return true;
  return version === p || version.startsWith(`${p}.`) || compareCondaVersions(version, p) === 0;
}

function matchesOne(version: string, constraint: string): boolean {
  const m = /^(>=|<=|==|!=|~=|>|<|=)?\s*(.+)$/.exec(constraint.trim());
  if (!m) return false;
  const op = m[1] ?? '';
  const target = m[2] ?? '';
  const glob = target.endsWith('*');
  if (target.includes('*') && !/^[^*]*\*$/.test(target)) {
    // A star inside the version ("1.*.3"): conda falls back to a regular expression on the string.
    const re = new RegExp(`^${target.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return op === '!=' ? !re.test(version) : re.test(version);
  }
  const bare = target.replace(/\.?\*$/, '');
  const cmp = compareCondaVersions(version, bare);
  switch (op) {
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '<':
      return cmp < 0;
    case '!=':
      return glob ? !startsWithVersion(version, target) : cmp !== 0;
    case '~=': {
      const head = bare.split('.').slice(0, -1).join('.');
      return cmp >= 0 && (head === '' || startsWithVersion(version, `${head}.*`));
    }
    case '=':
      return startsWithVersion(version, `${bare}*`) || cmp === 0;
    default:
      // "==" or no operator: exact (with zero padding, "3.6" == "3.6.0"), or a glob with "*".
      return glob ? startsWithVersion(version, target) || cmp === 0 : cmp === 0;
  }
}

/** Whether a version satisfies a conda version spec ("," is AND, "|" is OR, "," binds tighter). */
export function condaVersionMatches(version: string, spec: string): boolean {
  const s = spec.trim();
  if (s === '' || s === '*') return true;
  return s.split('|').some((alternative) => alternative.split(',').every((c) => c.trim() === '' || matchesOne(version, c)));
}

/** A build-string glob ("*_cp39", "py36*") against a build string. */
export function condaBuildMatches(build: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(build);
}

/** One `depends` entry as the three space-separated parts of a match spec: name, version, build. */
export function parseDependency(entry: string): { name: string; version: string | null; build: string | null } {
  const [name = '', version = null, build = null] = entry.trim().split(/\s+/);
  return { name: name.toLowerCase(), version, build };
}
