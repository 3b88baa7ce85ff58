import type { DoctorApi, WireApi } from '../../app/contract/contract';
import type { WireError } from '../../app/contract/errors';
import { english, message } from '../../app/messages';

/** An engine error on the renderer side: keeps the code and the advice for what to do next. */
export class EngineError extends Error {
  readonly code: string;
  readonly whatToDo?: string;
  readonly details?: string;
  /** The messages behind the words, for the page to write them in the user's language. */
  readonly messages?: WireError['messages'];
  constructor(error: WireError) {
    super(error.message);
    this.name = 'EngineError';
    this.code = error.code;
    this.whatToDo = error.whatToDo;
    this.details = error.details;
    this.messages = error.messages;
  }
}

/**
 * Turns a transport (the preload's `window.doctor`, or the browser-mode socket) into the API the
 * wizard calls: results unwrapped, errors thrown as EngineError. Generic over the contract: no
 * operation is named here.
 */
export function createDoctorApi(wire: WireApi): DoctorApi {
  return new Proxy({} as DoctorApi, {
    get(_target, property) {
      if (property === 'on') return wire.on;
      if (typeof property !== 'string') return undefined;
      return async (request: unknown) => {
        const call = (wire as unknown as Record<string, (r: unknown) => ReturnType<WireApi['getAppInfo']>>)[property];
        if (typeof call !== 'function') {
          const unknown = message('error.unknown-operation', { operation: property });
          throw new EngineError({ code: 'unknown-operation', message: english(unknown), messages: { message: unknown } });
        }
        const result = await call(request);
        if (result.ok) return result.value;
        throw new EngineError(result.error);
      };
    },
  });
}
