/**
 * Checks conda values before they reach a command line, by conda's own rules (the pip-side rules
 * are app/base/package-spec.ts): `openssl 1.1.1w`, `jpeg 9e` and `_libgcc_mutex` are valid here and
 * would be refused by PEP 440/508.
 */
import { DoctorError } from '../base/errors';
import { isCondaBuild, isCondaChannel, isCondaName, isCondaVersion } from '../envs';

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
