import { english } from '../messages';
import type { MessageRef } from '../messages';

/**
 * An error the user can act on: a stable code, a message in plain words and what to do next.
 *
 * The floor every engine folder stands on: thrown by engine code anywhere below the contract and
 * carried over IPC or the browser-mode socket as data (Electron keeps only `message` of a thrown
 * Error) by app/contract/errors.ts, then rebuilt on the renderer side. Given as messages
 * (app/messages), the sentences keep their ids, so the renderer writes them in the user's language;
 * `message` and `whatToDo` are always the English words (the CLI and the log print them).
 */
export class DoctorError extends Error {
  readonly whatToDo?: string;
  /** The messages behind `message` and `whatToDo`, when they were given as messages. */
  readonly messages: { readonly message?: MessageRef; readonly whatToDo?: MessageRef };

  constructor(
    readonly code: string,
    message: string | MessageRef,
    whatToDo?: string | MessageRef,
  ) {
    super(typeof message === 'string' ? message : english(message));
    this.name = 'DoctorError';
    this.whatToDo = whatToDo === undefined || typeof whatToDo === 'string' ? whatToDo : english(whatToDo);
    this.messages = { ...(typeof message === 'object' ? { message } : {}), ...(typeof whatToDo === 'object' ? { whatToDo } : {}) };
  }
}
