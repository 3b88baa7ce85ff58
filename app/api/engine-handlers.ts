import type { Handlers } from '../contract/dispatch';
import type { AppInfo } from '../contract/contract';
import { parseErrorText } from '../diagnosis/error-text';
import { listPathInterpreters } from '../interpreters/path-interpreters';

/** What the engine handlers need from the host they run in. */
export interface EngineEnvironment {
  readonly appVersion: string;
  readonly host: AppInfo['host'];
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  readonly env: NodeJS.ProcessEnv;
}

/** The engine's implementation of every contract operation. Hosts add nothing but transport. */
export function createEngineHandlers(environment: EngineEnvironment): Handlers {
  return {
    getAppInfo: async () => ({
      name: 'Python DLL Doctor',
      version: environment.appVersion,
      platform: environment.platform,
      arch: environment.arch,
      host: environment.host,
    }),
    listInterpreters: async () =>
      listPathInterpreters({ pathVariable: environment.env.PATH ?? environment.env.Path ?? '', platform: environment.platform }),
    parseError: async ({ text }) => parseErrorText(text),
  };
}
