/**
 * The diagnosis' public API (documented in docs/report-schema.md):
 *
 * - `parseErrorText(text)` → ParsedError: module and failure class of a pasted error, any language.
 * - `diagnose(request, deps, onProgress?, options?)` → Diagnosis: ranked causes with evidence and
 *   executable remedies; progress by phase (discover, probe, import-test, static-analysis, rank).
 * - `createLiveDeps()` (a real interpreter on this machine) / `createOfflineWindowsDeps()` (a Windows
 *   environment folder read from its files) provide the facts `diagnose` combines.
 * - `findKnownIssues(query)`: the knowledge base of known bad versions.
 */
export { parseErrorText, failureClassForCode, dottedModuleFromPath } from './error-text/error-text';
export { diagnose, DiagnosisInputError, type DiagnosisRequest, type DiagnoseOptions } from './diagnose';
export { createLiveDeps, type LiveDepsOptions } from './facts/live-deps';
export { createOfflineWindowsDeps } from './offline/offline-deps';
export { healthCheckList, type HealthCheckLine } from './health-check-list';
export { adaptSimulation, simulateLinuxWithBinary, simulateWindowsWithBinary, type WindowsSimulationOptions } from './binary-adapter';
export { findKnownIssues, loadKnowledgeBase, type KnownIssue, type KnownIssueMatch, type KnownIssueQuery } from './knowledge-base';
export { WINDOWS_MESSAGES, lookupWindowsMessage, type WindowsMessage } from './error-text/windows-messages';
export type * from './facts/facts';
export * from './types';
