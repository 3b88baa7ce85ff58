/**
 * The binary engine's public API: read PE/ELF modules and simulate how Windows or Linux would load
 * them for a given Python, naming the exact missing DLL, procedure, library, symbol or version.
 *
 * - `readModule(path)` → PeModule | ElfModule | MachoModule (BinaryReadError on bad input);
 *   `readMachOFile(path, { cpu })` reads the slice of a universal file for a given CPU
 * - `simulateWindowsLoad(modulePath, context, fs)` / `simulateLinuxLoad(modulePath, context, fs)`
 *   → LoadSimulation { searchPath, graph, findings }
 * - `nodeModuleFs` (the disk) or `memoryModuleFs(files)` for `fs`.
 * - `simulateDyldLoad(extensionPath, context, fs)` → DyldSimulation (macOS: images, findings, dyld's tried: lists)
 */
export { BinaryReadError, type BinaryReadErrorCode } from './binary-errors';
export { readModule, readModuleFromBytes, readModules, readModuleSync, type ModuleReadResult } from './read-module';
export type {
  BinaryModule, ElfModule, ElfSymbol, ElfVersionNeed, PeExport, PeImport, PeImportedSymbol, PeMachine, PeModule, SxsDependency,
} from './module-types';
export { isApiSetName } from './pe-reader';
export { readMachO, readMachOFile } from './macho-reader';
export type {
  MachoCpu, MachoDylib, MachoDylibId, MachoDylibKind, MachoExport, MachoFinding, MachoImage, MachoImport, MachoLookup, MachoMinOs, MachoModule,
  MachoReadOptions, MachoSlice, MachoVersion,
} from './macho-types';
export { memoryModuleFs, nodeModuleFs, type ModuleFs } from './module-fs';
export { simulateWindowsLoad, normaliseName } from './windows-loader';
export { condaDllDirs, parsePythonVersion, windowsSearchPath, type WindowsLoadContext } from './windows-search-path';
export { simulateLinuxLoad, type LinuxLoadContext } from './linux-loader';
export { compareDyldVersions, simulateDyldLoad, triedText } from './dyld-loader';
export { nodeDyldFs } from './dyld-fs';
export { firstParents, stepsTo, type GraphStep } from './graph-paths';
export type {
  DyldFinding, DyldFoundBy, DyldFs, DyldImage, DyldLoadContext, DyldSimulation, DyldTriedPath,
} from './dyld-types';
export { parseLdconfigOutput, parseLdSoCache, readLdSoCache, type LdCacheEntry } from './ld-so-cache';
export { DEFAULT_KNOWN_DLLS, isCoreSystemDll, isVcRuntimeDll } from './system-dlls';
export {
  hasProblems,
  type DependencyEdge, type DependencyGraph, type DependencyNode, type Finding, type FindingKind, type LoadSimulation,
  type Resolution, type SearchDir, type SearchDirReason, type Severity,
} from './loader-types';
