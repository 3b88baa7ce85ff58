/**
 * The names of every operation and event stream, without their schemas.
 *
 * The preload needs only these names to expose one function per operation; taking them from
 * contract.ts would bundle zod and every request schema into the page's preload. contract.ts
 * declares its operations as `satisfies Record<OperationName, …>`, so a name missing here or there
 * is a compile error.
 */
export const operationNames = [
  'getAppInfo',
  'listEnvironments',
  'addEnvironment',
  'findEnvironmentInError',
  'parseError',
  'diagnose',
  'loadGraph',
  'renderReport',
  'saveReportAs',
  'listVersionOffers',
  'installedVersions',
  'planRepair',
  'applyRepair',
  'rollbackRepair',
  'cancelJob',
  'findUnfinishedRepairs',
  'pickFolder',
  'revealInFolder',
  'scanEnvironments',
  'describeEnvironment',
  'inspectModule',
] as const;

export const eventNames = ['progress', 'log'] as const;

export type OperationName = (typeof operationNames)[number];
export type EventName = (typeof eventNames)[number];

/** The channel name of an operation on Electron IPC. */
export function ipcChannel(name: OperationName): string {
  return `doctor:${name}`;
}

/** The channel name of an event stream on Electron IPC. */
export function ipcEventChannel(name: EventName): string {
  return `doctor-event:${name}`;
}
