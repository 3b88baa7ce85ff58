/**
 * Scenario builders for other test suites (repair, wizard): real broken Linux venvs and Windows
 * environment folders, each with its expected top cause and first remedy.
 */
export { buildHealthyScenario, buildImagelibScenario, buildMissingLibraryScenario, buildRemovedDependencyScenario, buildSymbolVersionScenario, type LinuxScenario } from './linux-scenarios';
export {
  buildDllNotFoundScenario, buildForeignWheelScenario, buildPathOnlyScenario, buildPathShadowScenario, buildPillowProcedureScenario, buildPipAndCondaScenario,
  buildVcRuntimeScenario, buildWrongArchitectureScenario, type WindowsScenario,
} from './windows-scenarios';
export { buildWheel, gccShared, localIndexEnv, makeVenv, pip, pythonInfo } from './build-tools';
export { writePe, type PeSpec } from './pe-writer';
