/**
 * Host facts: what the machine provides that no file of the environment holds (docs/host-facts.md).
 */
export { gatherHostFacts, elsewhereHostFacts } from './gather';
export { sessionHostFacts, clearSessionHostFacts } from './session';
export { cpuFromProcCpuinfo, cpuFromSysctl, cpuFromWindowsFeatures } from './cpu-info';
export { levelAtLeast, levelOf, provenBelow, LEVEL_FEATURES, LEVELS } from './cpu-levels';
export { parseNvidiaSmi, NVIDIA_QUERY } from './nvidia-smi';
export * from './types';
