/**
 * Just enough PEP 440 and PEP 508 to say whether a Requires-Dist line is met in an environment.
 *
 * Requirements: `name [extras] (specifiers) ; marker` (https://peps.python.org/pep-0508/). Versions are
 * compared by release segments, then pre/post/dev (https://peps.python.org/pep-0440/). Documented limits:
 * local versions (+abc) are ignored when comparing; `===` compares strings; URL requirements (`name @ url`)
 * are checked by presence only; markers that cannot be parsed count as true (the requirement is checked).
 */

export interface Requirement {
  readonly name: string;
  readonly extras: string[];
  readonly specifiers: { op: string; version: string }[];
  readonly marker: string | null;
  readonly url: string | null;
}

/** Parses one PEP 508 requirement; null when it is not one. */
export function parseRequirement(text: string): Requirement | null {
  const semi = splitMarker(text);
  const body = semi.body.trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(body);
  if (!m) return null;
  const extras = m[2] ? m[2].slice(1, -1).split(',').map((s) => s.trim()).filter(Boolean) : [];
  let rest = m[3]!.trim();
  let url: string | null = null;
  if (rest.startsWith('@')) {
    url = rest.slice(1).trim();
    rest = '';
  }
  rest = rest.replace(/^\((.*)\)$/, '$1');
  const specifiers: { op: string; version: string }[] = [];
  for (const part of rest.split(',')) {
    const s = part.trim();
    if (!s) continue;
    const sm = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/.exec(s);
    if (!sm) return null;
    specifiers.push({ op: sm[1]!, version: sm[2]! });
  }
  return { name: m[1]!, extras, specifiers, marker: semi.marker, url };
}

function splitMarker(text: string): { body: string; marker: string | null } {
  // A ';' inside a URL requirement needs whitespace before it (PEP 508); otherwise the first ';'.
  const at = text.indexOf('@');
  const idx = at >= 0 ? text.search(/\s;/) : text.indexOf(';');
  if (idx < 0) return { body: text, marker: null };
  const cut = at >= 0 ? idx + text.slice(idx).indexOf(';') : idx;
  return { body: text.slice(0, cut), marker: text.slice(cut + 1).trim() || null };
}

interface ParsedVersion {
  readonly epoch: number;
  readonly release: number[];
  /** [kind, n]: kind -3 dev-only, -2 alpha/beta/rc ordering below, 0 final, 1 post. */
  readonly pre: [number, number] | null;
  readonly post: number | null;
  readonly dev: number | null;
}

/** Parses a PEP 440 version (lenient); null when it is not one. */
export function parseVersion(v: string): ParsedVersion | null {
  const m = /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:(?:-(\d+))|(?:[-_.]?(post|rev|r)[-_.]?(\d*)))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+[a-z0-9._-]+)?\s*$/i.exec(v);
  if (!m) return null;
  const preKind = m[3]?.toLowerCase();
  const preRank = preKind ? (preKind.startsWith('a') ? 0 : preKind.startsWith('b') ? 1 : 2) : null;
  return {
    epoch: m[1] ? Number(m[1]) : 0,
    release: m[2]!.split('.').map(Number),
    pre: preRank === null ? null : [preRank, Number(m[4] || 0)],
    post: m[5] !== undefined ? Number(m[5]) : m[6] !== undefined ? Number(m[7] || 0) : null,
    dev: m[8] !== undefined ? Number(m[8] || 0) : null,
  };
}

/** Compares two PEP 440 versions: negative, 0, positive. Unparseable versions compare as strings. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  if (x.epoch !== y.epoch) return x.epoch - y.epoch;
  const n = Math.max(x.release.length, y.release.length);
  for (let i = 0; i < n; i++) {
    const d = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (d) return d;
  }
  const key = (v: ParsedVersion): number[] => [
    // dev-only releases sort before pre-releases, which sort before the final release.
    v.pre ? v.pre[0] : v.dev !== null && v.post === null ? -1 : 3,
    v.pre ? v.pre[1] : 0,
    v.post ?? -1,
    v.dev ?? Number.MAX_SAFE_INTEGER,
  ];
  const kx = key(x);
  const ky = key(y);
  for (let i = 0; i < kx.length; i++) {
    const d = kx[i]! - ky[i]!;
    if (d) return d;
  }
  return 0;
}

/** True when `version` satisfies one specifier. */
export function satisfies(version: string, op: string, spec: string): boolean {
  if (op === '===') return version === spec;
  if ((op === '==' || op === '!=') && spec.endsWith('.*')) {
    const prefix = spec.slice(0, -2).split('.').map(Number);
    const release = parseVersion(version)?.release ?? [];
    const match = prefix.every((p, i) => (release[i] ?? 0) === p);
    return op === '==' ? match : !match;
  }
  const local = version.replace(/\+.*$/, '');
  const c = compareVersions(local, spec);
  switch (op) {
    case '==':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '~=': {
      const parts = spec.replace(/[a-z].*$/i, '').split('.');
      const upperPrefix = parts.slice(0, -1).join('.');
      return c >= 0 && (upperPrefix === '' || satisfies(local, '==', `${upperPrefix}.*`));
    }
    default:
      return false;
  }
}

const versionMarkers = new Set(['python_version', 'python_full_version', 'implementation_version', 'platform_release']);

/**
 * Evaluates a PEP 508 marker against marker values; `extra` is compared with `extras` (none by default).
 * Returns true for markers it cannot parse (documented limit: the requirement is then checked).
 */
export function evaluateMarker(marker: string, env: Readonly<Record<string, string>>, extras: readonly string[] = []): boolean {
  const tokens = marker.match(/\s*("[^"]*"|'[^']*'|\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|[A-Za-z_][A-Za-z0-9_.]*)\s*/g);
  if (!tokens) return true;
  const toks = tokens.map((t) => t.trim().replace(/\s+/g, ' '));
  let pos = 0;
  const peek = (): string | undefined => toks[pos];
  const fail = (): never => {
    throw new Error('marker');
  };
  const value = (): { v: string; name: string | null } => {
    const t = toks[pos++] ?? fail();
    if (/^["']/.test(t)) return { v: t.slice(1, -1), name: null };
    if (t === 'extra') return { v: '\u0000extra', name: 'extra' };
    if (!(t in env)) fail();
    return { v: env[t]!, name: t };
  };
  const comparison = (): boolean => {
    if (peek() === '(') {
      pos++;
      const r = orExpr();
      if (toks[pos++] !== ')') fail();
      return r;
    }
    const left = value();
    const op = toks[pos++] ?? fail();
    const right = value();
    if (left.name === 'extra' || right.name === 'extra') {
      const other = left.name === 'extra' ? right.v : left.v;
      const has = extras.map((e) => e.toLowerCase().replace(/[-_.]+/g, '-')).includes(other.toLowerCase().replace(/[-_.]+/g, '-'));
      return op === '==' ? has : op === '!=' ? !has : false;
    }
    if (op === 'in') return right.v.includes(left.v);
    if (op === 'not in') return !right.v.includes(left.v);
    const versionish = (left.name && versionMarkers.has(left.name)) || (right.name && versionMarkers.has(right.name));
    if (versionish && parseVersion(left.v) && parseVersion(right.v)) return satisfies(left.v, op, right.v);
    if (op === '==') return left.v === right.v;
    if (op === '!=') return left.v !== right.v;
    return fail();
  };
  const andExpr = (): boolean => {
    let r = comparison();
    while (peek() === 'and') {
      pos++;
      const rhs = comparison();
      r = r && rhs;
    }
    return r;
  };
  const orExpr = (): boolean => {
    let r = andExpr();
    while (peek() === 'or') {
      pos++;
      const rhs = andExpr();
      r = r || rhs;
    }
    return r;
  };
  try {
    const result = orExpr();
    return pos === toks.length ? result : true;
  } catch {
    return true;
  }
}
