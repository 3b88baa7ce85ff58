import type { FailureClass } from '../../app/diagnosis/types';

/** Each failure class in words a non-expert understands. */
export const failureClassWords: Readonly<Record<FailureClass, string>> = {
  'module-not-found': 'A file it needs could not be found',
  'procedure-not-found': 'A file it needs was found, but lacks a function it uses',
  'invalid-ordinal': 'A file it needs was found, but lacks a function it uses (by number)',
  'bad-exe-format': 'A file is for the wrong kind of Windows (32-bit vs 64-bit) or is damaged',
  'dll-init-failed': 'A file it needs failed while starting',
  'paging-file-too-small': 'Windows ran out of memory while loading it',
  'python-dll-conflict': 'It was built for another version of Python',
  'shared-object-not-found': 'A library it needs could not be found',
  'undefined-symbol': 'A library it needs lacks a function it uses',
  'symbol-version-not-found': 'A library it needs is older than the one it was built against',
  'wrong-elf-class': 'A library is for the wrong architecture (32-bit vs 64-bit)',
  'invalid-parameter': 'Windows refused to load a file it needs (invalid parameter)',
  'incompatible-architecture': 'A library is built for another processor (Intel vs Apple silicon)',
  unknown: 'Not recognised',
};
