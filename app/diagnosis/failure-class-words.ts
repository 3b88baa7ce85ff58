/** What each failure class means, in words for people (reports, check details); the code stays in JSON. */
import type { FailureClass } from './types';
import { english, message } from '../messages';
import type { MessageRef } from '../messages';

const FAILURE_CLASS: Record<FailureClass, MessageRef> = {
  'module-not-found': message('word.failure.module-not-found'),
  'procedure-not-found': message('word.failure.procedure-not-found'),
  'invalid-ordinal': message('word.failure.invalid-ordinal'),
  'bad-exe-format': message('word.failure.bad-exe-format'),
  'dll-init-failed': message('word.failure.dll-init-failed'),
  'paging-file-too-small': message('word.failure.paging-file-too-small'),
  'python-dll-conflict': message('word.failure.python-dll-conflict'),
  'shared-object-not-found': message('word.failure.shared-object-not-found'),
  'undefined-symbol': message('word.failure.undefined-symbol'),
  'symbol-version-not-found': message('word.failure.symbol-version-not-found'),
  'wrong-elf-class': message('word.failure.wrong-elf-class'),
  'invalid-parameter': message('word.failure.invalid-parameter'),
  'incompatible-architecture': message('word.failure.incompatible-architecture'),
  unknown: message('word.failure.unknown'),
};

/** What went wrong, in English words, for a failure class. */
export function failureClassWords(cls: FailureClass): string {
  return english(FAILURE_CLASS[cls]);
}

/** What went wrong, as a message, for a failure class. */
export function failureClassMessage(cls: FailureClass): MessageRef {
  return FAILURE_CLASS[cls];
}
