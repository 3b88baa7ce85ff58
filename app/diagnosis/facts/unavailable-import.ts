/** An import the engine did not run, with its reason in English and the message behind it. */
import { english, type MessageRef } from '../../messages';
import type { ImportOutcome } from './facts';

/** The outcome of an import not run for a reason the engine wrote (cancelled, offline, from files), translatable. */
export function unavailableImport(reason: MessageRef): Extract<ImportOutcome, { status: 'unavailable' }> {
  return { status: 'unavailable', reason: english(reason), reasonMessage: reason };
}
