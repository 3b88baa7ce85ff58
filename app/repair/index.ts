// The repair engine: versions to offer, plans, apply with snapshot/lock/cancel/rollback.
export { applyPlan, rollback, type ApplyOptions } from './apply';
export { planRepair, type PlanOptions } from './plan';
export { findUnfinishedRepairs, acquireRepairLock } from './repair-lock';
export { latestSnapshot, readSnapshot, takeSnapshot } from './snapshot';
export { listVersionOffers } from './versions';
export type * from './types';
export { isCondaPrefix, locateConda, parseCondaTransaction, type CommandRunner, type CondaTool } from './conda';
