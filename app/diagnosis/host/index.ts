/**
 * The rules about causes outside the environment's files, one file per failure class, in the order
 * they are asked (the first to claim a finding explains it), and what a diagnosis could not check
 * about the machine.
 */
import type { HostFactName, HostFacts } from '../../host-facts/types';
import type { Cause, Unchecked } from '../types';
import { cpuRule } from './cpu-isa';
import { cudaRule } from './cuda-libraries';
import { libompRule } from './libomp';
import { mediaFoundationRule } from './media-foundation';
import { numpyAbiRule } from './numpy-abi';
import { pagingFileRule } from './paging-file';
import type { HostRule, HostRuleContext } from './rule';
import { vcRuntimeExportsRule } from './vc-runtime-exports';
import { MACOS_RULES } from '../macos';

export type { HostRule, HostRuleContext } from './rule';

export const HOST_RULES: readonly HostRule[] = [mediaFoundationRule, libompRule, cudaRule, vcRuntimeExportsRule, numpyAbiRule, cpuRule, pagingFileRule, ...MACOS_RULES];

/** The context with the host facts the rank input carries. */
export function hostRuleContext(base: Omit<HostRuleContext, 'host'>): HostRuleContext {
  return { ...base, host: base.input.host ?? null };
}

/** The machine facts each cause kind rests on. */
const FACTS_OF: Partial<Record<Cause['kind'], readonly HostFactName[]>> = {
  'missing-os-component': ['windows', 'mediaFoundation'],
  'gpu-runtime': ['nvidia'],
  'cpu-unsupported': ['cpu'],
  'resource-exhaustion': ['memory'],
  'outdated-vc-runtime': ['vcRuntime'],
  'missing-vc-runtime': ['vcRuntime'],
  'search-policy': ['condaDllSearchModification'],
};

const LABEL: Readonly<Record<HostFactName, string>> = {
  windows: 'The Windows edition and build',
  mediaFoundation: 'Whether Media Foundation (mf.dll, mfplat.dll, mfreadwrite.dll) is installed',
  vcRuntime: 'The Visual C++ runtime copies the loader takes (System32, python.exe\'s folder)',
  cpu: 'The instruction sets of the CPU (AVX, AVX2, x86-64 level)',
  memory: 'The commit limit and the free commit (RAM plus paging file)',
  nvidia: 'The NVIDIA driver and the CUDA version it supports',
  condaDllSearchModification: 'CONDA_DLL_SEARCH_MODIFICATION_ENABLE (conda\'s search of PATH)',
};

/** The facts the diagnosis' causes rest on that could not be read here, each with why and how to read it. */
export function hostUnchecked(causes: readonly Cause[], host: HostFacts | null): Unchecked[] {
  if (host === null) return [];
  const names = new Set(causes.flatMap((c) => FACTS_OF[c.kind] ?? []));
  const out: Unchecked[] = [];
  for (const name of names) {
    const fact = host?.[name];
    if (fact?.status === 'known') continue;
    out.push({
      what: LABEL[name],
      why: fact?.why ?? 'The machine\'s facts were not read for this diagnosis.',
      howToCheck: fact?.howToCheck ?? 'Run Python DLL Doctor on the machine the environment runs on.',
    });
  }
  return out;
}
