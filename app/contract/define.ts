import type { z } from 'zod';

/**
 * One request/response operation between the wizard and the engine.
 *
 * The request is a zod schema because requests come from the renderer and are untrusted until
 * parsed. The response is only a type: it is produced by our own engine. The `response` field is
 * a phantom that never holds a value; it carries the type for `ResponseOf`.
 */
export interface OperationSpec<Req extends z.ZodType = z.ZodType, Res = unknown> {
  readonly summary: string;
  readonly request: Req;
  readonly response?: Res;
}

/** One event stream from the engine to the wizard (progress, log lines). */
export interface EventSpec<Payload = unknown> {
  readonly summary: string;
  readonly payload?: Payload;
}

/** `operation<Response>()(summary, requestSchema)`: curried so the response type is explicit. */
export function operation<Res>() {
  return <Req extends z.ZodType>(summary: string, request: Req): OperationSpec<Req, Res> => ({ summary, request });
}

export function event<Payload>(summary: string): EventSpec<Payload> {
  return { summary };
}
