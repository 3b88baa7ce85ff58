import { randomUUID } from 'node:crypto';
import { createEngineHandlers, type EngineEnvironment } from '../api/engine-handlers';
import { defaultDataDir } from '../api/data-dir';
import type { EventName, EventPayload, OperationName, RequestOf, ResponseOf } from '../contract/contract';
import { dispatch, type Handlers } from '../contract/dispatch';
import { DoctorError } from '../base/errors';
import { appVersion } from '../version';
import type { CliIo } from './command';

/** What the CLI does with the engine's events while a call runs. */
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * The CLI as one more host of the engine handlers: the same handlers, request schemas and errors
 * as the desktop app and browser mode, so a repair from the command line behaves like one from the
 * wizard by construction.
 */
export class EngineClient {
  readonly handlers: Handlers;

  /** `diagnosisDeps`: where diagnoses gather their facts (tests of a command pass their own). */
  constructor(io: CliIo, options: Pick<EngineEnvironment, 'diagnosisDeps'> = {}) {
    this.handlers = createEngineHandlers({ appVersion, host: 'cli', platform: process.platform, arch: process.arch, env: io.env, dataDir: defaultDataDir(process.platform, io.env), ...options });
  }

  /** Calls one operation through dispatch (validated like a request from the page); a failure throws its DoctorError. */
  async call<K extends OperationName>(name: K, request: RequestOf<K>, onEvent: EventSink = () => undefined, signal: AbortSignal = new AbortController().signal): Promise<ResponseOf<K>> {
    const result = await dispatch(this.handlers, name, request, { emit: onEvent, signal });
    if (!result.ok) throw new DoctorError(result.error.code, result.error.message, result.error.whatToDo);
    return result.value as ResponseOf<K>;
  }
}

export const newJobId = (): string => randomUUID();
