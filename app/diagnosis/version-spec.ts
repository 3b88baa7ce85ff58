/**
 * PEP 440 versions and specifiers for the knowledge base and the ranker, with @renovatebot/pep440
 * (https://peps.python.org/pep-0440/). A Python known only as "3.6" is 3.6.0 to PEP 440, so it matches
 * ">=3.6,<3.6.1". `*` matches any version, even one PEP 440 cannot parse.
 */
import { compare, satisfies as pep440Satisfies, valid } from '@renovatebot/pep440';

/** The release segments of a version, or null when it has none ("latest", ""). */
export function releaseOf(version: string): number[] | null {
  const m = /^\s*v?(?:\d+!)?(\d+(?:\.\d+)*)/i.exec(version);
  if (!m) return null;
  return (m[1] ?? '').split('.').map(Number);
}

/** Negative, 0 or positive (always -1, 0 or 1); versions PEP 440 cannot parse compare by release segments. */
export function compareVersions(a: string, b: string): number {
  if (valid(a) !== null && valid(b) !== null) return Math.sign(compare(a, b));
  const ra = releaseOf(a) ?? [];
  const rb = releaseOf(b) ?? [];
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const d = (ra[i] ?? 0) - (rb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Whether `version` satisfies `specifier` (comma-separated clauses, or `*`); an unparseable version matches only `*`. */
export function satisfies(version: string, specifier: string): boolean {
  if (specifier.trim() === '*') return true;
  if (valid(version) === null) return false;
  // Pre-releases count: the knowledge base speaks of the versions that are installed, whatever they are.
  return pep440Satisfies(version, specifier, { prereleases: true });
}
