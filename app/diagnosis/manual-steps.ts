/**
 * The steps of a manual fix as sentences in English (`steps`, what the CLI prints and the JSON keeps)
 * and the message behind each (`stepMessages`), so the wizard and the report write them in the
 * reader's language.
 */
import { english, message, type MessageRef } from '../messages';

/** Steps from messages; a string is a line of code or a command, the same in every language. */
export function manualSteps(...steps: readonly (MessageRef | string)[]): { steps: string[]; stepMessages: MessageRef[] } {
  const stepMessages = steps.map((s) => (typeof s === 'string' ? message('word.verbatim', { text: s }) : s));
  return { steps: stepMessages.map(english), stepMessages };
}
