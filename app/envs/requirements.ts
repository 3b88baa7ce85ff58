/**
 * Just enough PEP 440 and PEP 508 to say whether a Requires-Dist line is met in an environment.
 *
 * Requirements: `name [extras] (specifiers) ; marker` (https://peps.python.org/pep-0508/). Versions and
 * specifiers are PEP 440's (https://peps.python.org/pep-0440/), met or not by app/base/package-spec.ts.
 * Documented limits: `===` compares strings; URL requirements (`name @ url`) are checked by presence
 * only; markers that cannot be parsed count as true (the requirement is checked).
 */
import { valid } from '@renovatebot/pep440';
import { satisfies } from '../base/package-spec';

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
    if (versionish && valid(left.v) !== null && valid(right.v) !== null) return satisfies(left.v, `${op}${right.v}`);
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

