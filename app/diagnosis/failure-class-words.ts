/** What each failure class means, in words for people (reports, check details); the code stays in JSON. */
import type { FailureClass } from './types';

const FAILURE_CLASS: Record<FailureClass, string> = {
  'module-not-found': 'a DLL the module needs could not be found',
  'procedure-not-found': 'a function the module needs is missing from a DLL',
  'invalid-ordinal': 'a numbered function (ordinal) the module needs is missing from a DLL',
  'bad-exe-format': 'a file built for another processor or system',
  'dll-init-failed': "a DLL's start-up code failed",
  'paging-file-too-small': "Windows' paging file is too small",
  'python-dll-conflict': 'the module was built for another Python version',
  'shared-object-not-found': 'a shared library the module needs could not be found',
  'undefined-symbol': 'a symbol the module needs is missing from a shared library',
  'symbol-version-not-found': 'a library is older than the version the module needs',
  'wrong-elf-class': 'a library built for 32-bit where 64-bit is needed, or the reverse',
  'invalid-parameter': 'Windows refused to load a DLL (invalid parameter)',
  'incompatible-architecture': 'a library built for another processor',
  unknown: 'a load failure of an unknown kind',
};

/** What went wrong, in words, for a failure class. */
export function failureClassWords(cls: FailureClass): string {
  return FAILURE_CLASS[cls];
}
