/**
 * conda's own rules for package names, versions, builds and match specs: the one home of them (pip's
 * PEP 440/508 rules live in requirements.ts; they must never decide a conda question).
 *
 * Sources, conda/conda at 25.11.1 (the rules are the same at 4.3 for everything used here):
 * - `conda/models/version.py` `VersionOrder`: versions are an epoch, "."/"_"-separated components,
 *   each a run of numbers and letters; "dev" sorts lowest, "post" highest, letters below numbers, a
 *   component that starts with a letter gets a leading 0, missing parts are 0 (1.1 == 1.1.0);
 *   `VersionOrder.startswith` is the prefix match of "3.6*" (on components, so 3.6* does not match
 *   3.60, and 9* matches 9b); `VersionSpec`: "," binds tighter than "|", "=1.2" is "1.2*", a star
 *   inside a version is a regular expression, "^…$" is one;
 * - `conda/models/match_spec.py`: a spec is `channel::name version build` or `name==version=build`,
 *   names follow CEP-26 (lower-case letters, digits, ".", "-", "_", may start with one "_").
 */

type Piece = number | string;
interface Parsed {
  readonly version: Piece[][];
  readonly local: Piece[][];
}

const VERSION_CHARS = /^[*.+!_0-9a-z]+$/;
/** conda's fill value: 1.1 == 1.1.0. */
const FILL = 0;

function components(parts: string[]): Piece[][] | null {
  const out: Piece[][] = [];
  for (const part of parts) {
    const runs = part.match(/[0-9]+|\*+|[^0-9*]+/g);
    if (!runs) return null;
    const pieces: Piece[] = runs.map((r) => (/^[0-9]+$/.test(r) ? Number(r) : r === 'post' ? Infinity : r === 'dev' ? 'DEV' : r));
    // Components start with a number so that numbers and letters stay in phase ("a1" is "0a1").
    out.push(/^[0-9]/.test(part) ? pieces : [FILL, ...pieces]);
  }
  return out;
}

/** A version as conda's VersionOrder reads it; null where conda raises InvalidVersionSpec. */
function parseVersion(text: string): Parsed | null {
  let v = text.trim().toLowerCase();
  if (v === '') return null;
  // Dashes are allowed when there are no underscores: they become underscores.
  if (!VERSION_CHARS.test(v) && v.includes('-') && !v.includes('_')) v = v.replace(/-/g, '_');
  if (!VERSION_CHARS.test(v)) return null;
  const epochParts = v.split('!');
  if (epochParts.length > 2 || (epochParts.length === 2 && !/^[0-9]+$/.test(epochParts[0] ?? ''))) return null;
  const epoch = epochParts.length === 2 ? epochParts[0]! : '0';
  const localParts = epochParts.at(-1)!.split('+');
  if (localParts.length > 2 || localParts[0] === '') return null;
  const main = localParts[0]!;
  // A trailing "_" (openssl-like "1.0.1_") stays on the last component.
  const split = main.endsWith('_') ? main.slice(0, -1).replace(/_/g, '.').split('.') : main.replace(/_/g, '.').split('.');
  if (main.endsWith('_')) split[split.length - 1] += '_';
  const version = components([epoch, ...split]);
  const local = localParts.length === 2 ? components(localParts[1]!.replace(/_/g, '.').split('.')) : [];
  return version && local ? { version, local } : null;
}

function piecesEqual(a: readonly Piece[][], b: readonly Piece[][]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? [];
    const y = b[i] ?? [];
    for (let j = 0; j < Math.max(x.length, y.length); j++) if ((x[j] ?? FILL) !== (y[j] ?? FILL)) return false;
  }
  return true;
}

function lessThan(a: Parsed, b: Parsed): boolean {
  for (const [t1, t2] of [[a.version, b.version], [a.local, b.local]] as const) {
    for (let i = 0; i < Math.max(t1.length, t2.length); i++) {
      const x = t1[i] ?? [];
      const y = t2[i] ?? [];
      for (let j = 0; j < Math.max(x.length, y.length); j++) {
        const c1 = x[j] ?? FILL;
        const c2 = y[j] ?? FILL;
        if (c1 === c2) continue;
        // Strings sort below numbers ("1.0a" < "1.0"), "DEV" < "_" < "a" as Python compares them.
        if (typeof c1 === 'string') return typeof c2 === 'string' ? c1 < c2 : true;
        if (typeof c2 === 'string') return false;
        return c1 < c2;
      }
    }
  }
  return false;
}

/** Whether conda accepts the text as a version (VersionOrder parses it). */
export function isCondaVersion(text: string): boolean {
  return text.length <= 100 && parseVersion(text) !== null;
}

/** conda's VersionOrder: -1, 0 or 1. A version conda cannot parse sorts below every other, by its text among such. */
export function compareCondaVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : a < b ? -1 : a > b ? 1 : 0;
  if (piecesEqual(x.version, y.version) && piecesEqual(x.local, y.local)) return 0;
  return lessThan(x, y) ? -1 : 1;
}

/** `VersionOrder.startswith`: the components of `prefix`, the last one matched as a prefix ("9" starts "9b", "3.6" starts "3.6.0", not "3.60"). */
function startsWith(version: Parsed, prefix: Parsed): boolean {
  let t1 = version.version;
  let t2 = prefix.version;
  if (prefix.local.length > 0) {
    if (!piecesEqual(version.version, prefix.version)) return false;
    t1 = version.local;
    t2 = prefix.local;
  }
  const nt = t2.length - 1;
  if (!piecesEqual(t1.slice(0, nt), t2.slice(0, nt))) return false;
  const v1 = t1.length <= nt ? [] : t1[nt]!;
  const v2 = t2[nt]!;
  const nc = v2.length - 1;
  if (!piecesEqual([v1.slice(0, nc)], [v2.slice(0, nc)])) return false;
  const c1 = v1.length <= nc ? FILL : v1[nc]!;
  const c2 = v2[nc]!;
  if (typeof c2 === 'string') return typeof c1 === 'string' && c1.startsWith(c2);
  return c1 === c2;
}

const RELATION = /^(=|==|!=|<=|>=|<|>|~=)(?![=<>!~])(\S+)$/;

/** One term of a version spec, as VersionSpec.get_matcher reads it; throws on what conda refuses. */
function matchTerm(version: string, spec: string): boolean {
  const s = spec.trim();
  const have = parseVersion(version);
  if (s === '*') return true;
  if (s.startsWith('^') || s.endsWith('$')) {
    if (!s.startsWith('^') || !s.endsWith('$')) throw new Error(`regex specs must start with '^' and end with '$': ${s}`);
    return new RegExp(s).test(version);
  }
  if (/^[=<>!~]/.test(s)) {
    const m = RELATION.exec(s);
    if (!m) throw new Error(`invalid operator: ${s}`);
    let op = m[1]!;
    let target = m[2]!;
    if (target.endsWith('.*')) {
      if (op === '~=') throw new Error(`invalid operator with '.*': ${s}`);
      if (op === '!=') op = '!=startswith';
      target = target.slice(0, -2);
    }
    const want = parseVersion(target);
    if (!want) throw new Error(`invalid version: ${target}`);
    if (!have) return false;
    switch (op) {
      case '==':
        return compareCondaVersions(version, target) === 0;
      case '!=':
        return compareCondaVersions(version, target) !== 0;
      case '<':
        return lessThan(have, want);
      case '>':
        return lessThan(want, have);
      case '<=':
        return !lessThan(want, have);
      case '>=':
        return !lessThan(have, want);
      case '=':
        return startsWith(have, want);
      case '!=startswith':
        return !startsWith(have, want);
      default: {
        // ~=: at least the version, and the same release up to its last component.
        const head = parseVersion(target.split('.').slice(0, -1).join('.') || target);
        return !lessThan(have, want) && head !== null && startsWith(have, head);
      }
    }
  }
  if (s.replace(/\*+$/, '').includes('*')) {
    // A star inside the version: conda turns the glob into a regular expression on the text.
    const rx = s.replace(/\./g, '\\.').replace(/\+/g, '\\+').replace(/\*/g, '.*');
    return new RegExp(`^(?:${rx})$`).test(version);
  }
  if (s.endsWith('*')) {
    const want = parseVersion(s.replace(/\*+$/, '').replace(/\.$/, ''));
    if (!want) throw new Error(`invalid version: ${s}`);
    return have !== null && startsWith(have, want);
  }
  if (!parseVersion(s)) throw new Error(`invalid version: ${s}`);
  return compareCondaVersions(version, s) === 0;
}

/** Whether a version satisfies a conda version spec: "," (and) binds tighter than "|" (or), parentheses group. */
export function condaVersionMatches(version: string, spec: string): boolean {
  const tokens = spec.replace(/\s+/g, '').match(/\^[^$]*\$|[()|,]|[^()|,]+/g) ?? [];
  let pos = 0;
  const or = (): boolean => {
    let result = and();
    while (tokens[pos] === '|') {
      pos++;
      const rhs = and();
      result = result || rhs;
    }
    return result;
  };
  const and = (): boolean => {
    let result = term();
    while (tokens[pos] === ',') {
      pos++;
      const rhs = term();
      result = result && rhs;
    }
    return result;
  };
  const term = (): boolean => {
    const token = tokens[pos++];
    if (token === '(') {
      const inner = or();
      if (tokens[pos++] !== ')') throw new Error(`unbalanced parenthesis in ${spec}`);
      return inner;
    }
    if (token === undefined || /^[()|,]$/.test(token)) throw new Error(`invalid version spec: ${spec}`);
    return matchTerm(version, token);
  };
  if (tokens.length === 0) return true;
  const result = or();
  if (pos !== tokens.length) throw new Error(`invalid version spec: ${spec}`);
  return result;
}

/** A build-string glob ("*_cp39", "py36*") against a build string. */
export function condaBuildMatches(build: string, pattern: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(build);
}

/** One `depends` entry of a record ("python 3.6*", "jpeg 9*", "vc 14.1 h0510ff6_3") as its name, version spec and build spec. */
export function parseDependency(entry: string): { name: string; version: string | null; build: string | null } {
  const [name = '', version = null, build = null] = entry.trim().split(/\s+/);
  return { name: name.toLowerCase(), version, build };
}

/**
 * A conda-meta `depends` entry ("libfoo >=1.5,<2.0a0", "python 3.6*", "jpeg 9b") as a name and a
 * version spec in the form a conda command line takes after the name: an operator spec is kept as
 * written, "3.6*" becomes conda's fuzzy "=3.6" and a bare version the exact "==9b". It is evaluated
 * by conda's rules (condaVersionMatches), never PEP 440's.
 */
export function parseCondaDepends(text: string): { name: string; specifier: string } | null {
  const [name, version] = text.trim().split(/\s+/);
  if (!name) return null;
  if (!version || version === '*') return { name, specifier: '' };
  if (/^[<>=!~]/.test(version)) return { name, specifier: version };
  const first = version.split('|')[0] ?? '';
  if (/^[^*]+\*$/.test(first)) return { name, specifier: `=${first.replace(/\.?\*$/, '')}` };
  return { name, specifier: first.includes('*') ? first : `==${first}` };
}

/**
 * Whether an installed record meets a `depends` entry, by conda's grammar. An entry conda could not
 * parse counts as met: the doctor does not claim a conflict it cannot read.
 */
export function dependencyMet(entry: string, installed: { readonly version: string; readonly build: string }): boolean {
  const dep = parseDependency(entry);
  try {
    if (dep.version && !condaVersionMatches(installed.version, dep.version)) return false;
    return !dep.build || condaBuildMatches(installed.build, dep.build);
  } catch {
    return true;
  }
}

// CEP-26 names (match_spec.py `_CEP26_NAME_RE`, `_CEP26_VIRTUAL_NAME_RE`): `_libgcc_mutex` and `__glibc` are names.
const NAME = /^(([a-z0-9])|([a-z0-9_](?!_)))[._-]?([a-z0-9]+(\.|-|_|$))*$/;
const VIRTUAL_NAME = /^__[a-z0-9][._-]?([a-z0-9]+(\.|-|_|$))*$/;

/** Whether conda accepts the text as a package name (lower-cased first, as conda does). */
export function isCondaName(text: string): boolean {
  const name = text.toLowerCase();
  return text.length > 0 && text.length <= 200 && (NAME.test(name) || VIRTUAL_NAME.test(name));
}

/** Whether the text can be a build string: the part after the last "-" of a package file name. */
export function isCondaBuild(text: string): boolean {
  return /^[A-Za-z0-9_.+]{1,100}$/.test(text);
}

/** A channel as `-c` and `channel::` take it: a name ("conda-forge", "pkgs/free") or a URL. */
export function isCondaChannel(text: string): boolean {
  return text.length <= 500 && /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:]+(?::[0-9]+)?[^\s]*|[A-Za-z0-9_][A-Za-z0-9_.\-/]*)$/.test(text);
}
