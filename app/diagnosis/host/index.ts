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
import { message, saidParam, texts, type MessageRef } from '../../messages';

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

const LABEL: Readonly<Record<HostFactName, MessageRef>> = {
  windows: message('unchecked.host.windows'),
  mediaFoundation: message('unchecked.host.media-foundation'),
  vcRuntime: message('unchecked.host.vc-runtime'),
  cpu: message('unchecked.host.cpu'),
  memory: message('unchecked.host.memory'),
  nvidia: message('unchecked.host.nvidia'),
  condaDllSearchModification: message('unchecked.host.conda-dll-search'),
};

/** The facts the diagnosis' causes rest on that could not be read here, each with why and how to read it. */
export function hostUnchecked(causes: readonly Cause[], host: HostFacts | null): Unchecked[] {
  if (host === null) return [];
  const names = new Set(causes.flatMap((c) => FACTS_OF[c.kind] ?? []));
  const out: Unchecked[] = [];
  for (const name of names) {
    const fact = host?.[name];
    if (fact?.status === 'known') continue;
    const said = (field: 'why' | 'howToCheck'): MessageRef => {
      const param = fact ? saidParam(fact, field) : message(field === 'why' ? 'unchecked.host.why' : 'unchecked.host.how');
      return typeof param === 'object' ? param : message('word.verbatim', { text: String(param) });
    };
    out.push(texts({ what: LABEL[name], why: said('why'), howToCheck: said('howToCheck') }));
  }
  return out;
}
