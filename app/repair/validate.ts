import { DoctorError } from '../contract/errors';
import { isCondaBuild, isCondaChannel, isCondaName, isCondaVersion } from '../envs/conda-spec';

/** PEP 508 project names: https://packaging.python.org/en/latest/specifications/name-normalization/ */
const NAME = /^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;
/** PEP 440 public versions with an optional local label: https://peps.python.org/pep-0440/ */
const VERSION = /^([0-9]+!)?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?$/i;

/**
 * Checks a package name before it reaches a command line. Names come from metadata and from the
 * page; an option-looking value such as `--index-url=http://…` must never become an argument.
 */
export function packageName(value: string): string {
  if (!NAME.test(value) || value.length > 200) {
    throw new DoctorError('invalid-package-name', `"${value.slice(0, 80)}" is not a valid package name.`, 'Package names are letters, digits, ".", "-" and "_" (PEP 508).');
  }
  return value;
}

/** Checks a version before it reaches a command line (PEP 440). */
export function packageVersion(value: string): string {
  if (!VERSION.test(value) || value.length > 100) {
    throw new DoctorError('invalid-version', `"${value.slice(0, 80)}" is not a valid version.`, 'Versions look like 4.0.0 or 1.26.4 (PEP 440).');
  }
  return value;
}

/** The PEP 503 normalised form of a name, to compare names as pip does. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * Checks a conda package name by conda's rules (CEP-26, conda/models/match_spec.py): `_libgcc_mutex`
 * and `msgpack-python` are names, `--channel=x` is not.
 */
export function condaPackageName(value: string): string {
  if (!isCondaName(value)) {
    throw new DoctorError('invalid-package-name', `"${value.slice(0, 80)}" is not a valid conda package name.`, 'conda names are lower-case letters, digits, ".", "-" and "_" (they may start with "_").');
  }
  return value;
}

/** Checks a conda version by conda's VersionOrder: `1.1.1w`, `9e` and `custom` are versions, `4.0.0; rm` is not. */
export function condaPackageVersion(value: string): string {
  if (!isCondaVersion(value) || value.includes('*')) {
    throw new DoctorError('invalid-version', `"${value.slice(0, 80)}" is not a valid conda version.`, 'conda versions are letters, digits, ".", "_", "+" and "!" (conda/models/version.py).');
  }
  return value;
}

/** Checks a build string ("py36_0", "h2bbff1b_0"). */
export function condaBuildString(value: string): string {
  if (!isCondaBuild(value)) throw new DoctorError('invalid-version', `"${value.slice(0, 80)}" is not a conda build string.`, 'Build strings are letters, digits, "_", "." and "+".');
  return value;
}

/** Checks a channel name or URL before it becomes `-c` or `channel::`. */
export function condaChannel(value: string): string {
  if (!isCondaChannel(value)) throw new DoctorError('invalid-channel', `"${value.slice(0, 80)}" is not a conda channel.`, 'A channel is a name such as conda-forge or a URL.');
  return value;
}
