/** Where an asynchronous load stands; each state carries only its own data. */
export type LoadState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly value: T }
  | { readonly status: 'failed'; readonly message: string; readonly whatToDo?: string; readonly details?: string };

export const idle = { status: 'idle' } as const;

/** The failed state for an error thrown by the engine or the transport. */
export function failed(error: unknown): LoadState<never> {
  if (error instanceof Error) {
    const advice = error as Error & { whatToDo?: string; details?: string };
    return { status: 'failed', message: error.message, whatToDo: advice.whatToDo, details: advice.details ?? error.stack };
  }
  return { status: 'failed', message: String(error) };
}
