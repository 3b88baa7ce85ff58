import type { MessageRef } from '../../app/messages';

/** The engine's messages behind an error's words. */
export interface ErrorMessages {
  readonly message?: MessageRef;
  readonly whatToDo?: MessageRef;
}

/** Where an asynchronous load stands; each state carries only its own data. */
export type LoadState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly message: string; readonly whatToDo?: string; readonly details?: string; readonly catalog?: true; readonly messages?: ErrorMessages };
// catalog: message and whatToDo are keys of the renderer's own catalogs (its own words), not engine text.
// messages: the engine's message ids behind message and whatToDo (app/messages), written in the UI's language.

export const idle = { status: 'idle' } as const;

/**
 * The failed state for an error thrown by the engine or the transport. Details are only what the
 * engine chose to show; never the page's stack trace, whose addresses hold browser mode's token.
 */
export function failed(error: unknown): LoadState<never> {
  if (error instanceof Error) {
    const advice = error as Error & { whatToDo?: string; details?: string; messages?: ErrorMessages };
    return { status: 'failed', message: error.message, whatToDo: advice.whatToDo, details: advice.details, ...(advice.messages ? { messages: advice.messages } : {}) };
  }
  return { status: 'failed', message: String(error) };
}
