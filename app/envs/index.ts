/**
 * Public API of the environments engine. Other areas import from here only (the lint enforces it).
 *
 *   discoverEnvironments(options?: DiscoveryOptions): Promise<DiscoveredEnvironment[]>
 *   probeEnvironment(interpreterOrFolder: string, options?: ProbeOptions): Promise<EnvironmentDescription>
 *   probeEnvironments(targets, options?): Promise<EnvironmentDescription[]>   // bounded parallelism
 *   describeOffline(folder: string, options?: OfflineOptions): Promise<EnvironmentDescription>
 *   checkHealth(description: EnvironmentDescription, options?: HealthOptions): Promise<HealthReport>
 *   scanEnvironments(options?): Promise<{ environments: EnvironmentDescription[]; interpreterRuns: number }>
 * Failures of an interpreter (crash, hang, Store stub, Python 2, permission) are statuses in the returned
 * description, never exceptions; only bad arguments (an invalid module name) throw EnvironmentArgumentError.
 */
export { discoverEnvironments, type DiscoveryOptions } from './discovery';
export { probeEnvironment, probeEnvironments, probeInterpreter, EnvironmentArgumentError, type ProbeOptions } from './describe';
export { describeOffline, findInterpreterIn, isWindowsExecutable, windowsPrefixOfInterpreter, type OfflineOptions } from './offline';
export { evaluateMarker, parseRequirement, type Requirement } from './requirements';
export { checkHealth, type HealthIssue, type HealthReport, type HealthOptions, type HealthCheckKind } from './health';
export { nodeHost, type EnvHost, type ExecResult, type ExecOptions } from './host';
export { sha256OfFile } from './file-hash';
export { pathKey } from './paths';
export { readKnownDlls } from './known-dlls';
export { interpreterFacts, type InterpreterFacts } from './interpreter-facts';
export { pipTags } from './pip-tags';
export { scanEnvironments, type ScanOptions } from './scan';
export type * from './types';
export { parseMetadataHeaders, parseRecord, readCondaRecords } from './distributions';
export { compareCondaVersions, condaBuildMatches, condaVersionMatches, dependencyMet, isCondaBuild, isCondaChannel, isCondaName, isCondaVersion, parseCondaDepends, parseDependency } from './conda-spec';
export { loadedImagesFrom } from './loaded-images';
export { machoSlices } from './macos-layout';
