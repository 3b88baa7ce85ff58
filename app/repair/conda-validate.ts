/**
 * Checks conda values before they reach a command line, by conda's own rules (the pip-side rules
 * are app/base/package-spec.ts): `openssl 1.1.1w`, `jpeg 9e` and `_libgcc_mutex` are valid here and
 * would be refused by PEP 440/508.
 */
import { DoctorError } from '../base/errors';
import { isCondaBuild, isCondaChannel, isCondaName, isCondaVersion } from '../envs';
import { message } from '../messages';

/**
 * Checks a conda package name by conda's rules (CEP-26, conda/models/match_spec.py): `_libgcc_mutex`
 * and `msgpack-python` are names, `--channel=x` is not.
 */
export function condaPackageName(value: string): string {
  if (!isCondaName(value)) {
    throw new DoctorError('invalid-package-name', message('error.invalid-conda-name', { value: value.slice(0, 80) }), message('error.invalid-conda-name.what'));
  }
  return value;
}

/** Checks a conda version by conda's VersionOrder: `1.1.1w`, `9e` and `custom` are versions, `4.0.0; rm` is not. */
export function condaPackageVersion(value: string): string {
  if (!isCondaVersion(value) || value.includes('*')) {
    throw new DoctorError('invalid-version', message('error.invalid-conda-version', { value: value.slice(0, 80) }), message('error.invalid-conda-version.what'));
  }
  return value;
}

/** Checks a build string ("py36_0", "h2bbff1b_0"). */
export function condaBuildString(value: string): string {
  if (!isCondaBuild(value)) throw new DoctorError('invalid-version', message('error.invalid-conda-build', { value: value.slice(0, 80) }), message('error.invalid-conda-build.what'));
  return value;
}

/** Checks a channel name or URL before it becomes `-c` or `channel::`. */
export function condaChannel(value: string): string {
  if (!isCondaChannel(value)) throw new DoctorError('invalid-channel', message('error.invalid-channel', { value: value.slice(0, 80) }), message('error.invalid-channel.what'));
  return value;
}
