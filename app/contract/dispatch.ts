import { toWireError, type WireResult } from './errors';
import {
  operations,
  type EventName,
  type EventPayload,
  type OperationName,
  type ParsedRequestOf,
  type ResponseOf,
} from './contract';

/** What a handler gets besides its request: a way to send events, and a cancel signal. */
export interface HandlerContext {
  readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly signal: AbortSignal;
}

export type Handler<K extends OperationName> = (request: ParsedRequestOf<K>, context: HandlerContext) => Promise<ResponseOf<K>>;

/** One handler per operation; the type makes a missing one a compile error. */
export type Handlers = { readonly [K in OperationName]: Handler<K> };

function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}

/**
 * Runs one request from a transport: checks the operation exists, validates the request against
 * its schema, calls the handler, and returns the result or the error as data. Nothing that came
 * from the renderer reaches a handler unparsed.
 */
export async function dispatch(handlers: Handlers, name: unknown, rawRequest: unknown, context: HandlerContext): Promise<WireResult<unknown>> {
  if (!isOperationName(name)) {
    return { ok: false, error: { code: 'unknown-operation', message: `There is no operation called ${JSON.stringify(String(name)).slice(0, 80)}.` } };
  }
  const parsed = operations[name].request.safeParse(rawRequest ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid-request', message: `The request for ${name} was not valid: ${issues}` } };
  }
  try {
    const handler = handlers[name] as (request: unknown, context: HandlerContext) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data, context) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

