/**
 * Pip-side package names and versions, the one place their rules live.
 *
 * Names follow PEP 508 and compare in PEP 503's normalised form
 * (https://packaging.python.org/en/latest/specifications/name-normalization/); versions and
 * specifiers are PEP 440's (https://peps.python.org/pep-0440/), evaluated by @renovatebot/pep440.
 * The environment's health checks, the diagnosis' rules and the repair's plans all decide with these
 * functions, so an installed version is met or not met in the same way everywhere. Conda's own
 * version rules are not these (conda's `1.1.1k` is no PEP 440 version).
 */
import { compare, satisfies as pep440Satisfies, valid } from '@renovatebot/pep440';
import { DoctorError } from './errors';
import { message } from '../messages';

/** PEP 508 project names. */
export const PACKAGE_NAME = /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;
export const PACKAGE_NAME_MAX = 200;
/** PEP 440 public versions with an optional local label. */
export const PACKAGE_VERSION = /^([0-9]+!)?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?$/i;
export const PACKAGE_VERSION_MAX = 100;

/** Whether a value is a PEP 508 project name (and short enough to be one). */
export function isPackageName(value: string): boolean {
  return PACKAGE_NAME.test(value) && value.length <= PACKAGE_NAME_MAX;
}

/**
 * Checks a package name before it reaches a command line. Names come from metadata and from the
 * page; an option-looking value such as `--index-url=http://…` must never become an argument.
 */
export function packageName(value: string): string {
  if (!isPackageName(value)) {
    throw new DoctorError('invalid-package-name', message('error.invalid-package-name', { value: value.slice(0, 80) }), message('error.invalid-package-name.what'));
  }
  return value;
}

/** Checks a version before it reaches a command line (PEP 440). */
export function packageVersion(value: string): string {
  if (!PACKAGE_VERSION.test(value) || value.length > PACKAGE_VERSION_MAX) {
    throw new DoctorError('invalid-version', message('error.invalid-version', { value: value.slice(0, 80) }), message('error.invalid-version.what'));
  }
  return value;
}

/** The PEP 503 normalised form of a name (surrounding blanks dropped), to compare names as pip does. */
export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** The release segments of a version, or null when it has none ("latest", ""). */
export function releaseOf(version: string): number[] | null {
  const m = /^\s*v?(?:\d+!)?(\d+(?:\.\d+)*)/i.exec(version);
  if (!m) return null;
  return (m[1] ?? '').split('.').map(Number);
}

/** -1, 0 or 1 by PEP 440; a version PEP 440 cannot parse compares by its release segments. */
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

/**
 * Whether `version` meets every clause of a specifier (">=3.6,<3.6.1", "==1.16.*"). `*` matches any
 * version, even one PEP 440 cannot parse; `===` compares the strings (PEP 440 arbitrary equality);
 * otherwise an unparseable version or clause is not met. Pre-releases count: the question is always
 * about a version that is installed or offered, whatever it is.
 */
export function satisfies(version: string, specifier: string): boolean {
  if (specifier.trim() === '*') return true;
  return specifier
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .every((clause) => {
      if (clause.startsWith('===')) return version === clause.slice(3).trim();
      if (valid(version) === null) return false;
      try {
        return pep440Satisfies(version, clause, { prereleases: true });
      } catch {
        return false;
      }
    });
}
