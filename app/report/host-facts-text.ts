/**
 * The machine's facts of a diagnosis as report rows (label, value or why not known, source), shared
 * by the Markdown and HTML renderers.
 */
import type { HostFactName, HostFacts } from '../host-facts/types';
import { HOST_FACT_NAMES } from '../host-facts/types';

export interface HostFactRow {
  readonly label: string;
  readonly text: string;
  /** Where it was read; null for a fact not known here. */
  readonly source: string | null;
}

const LABELS: Readonly<Record<HostFactName, string>> = {
  windows: 'Windows',
  mediaFoundation: 'Media Foundation',
  vcRuntime: 'Visual C++ runtime',
  cpu: 'Processor',
  memory: 'Commit memory',
  nvidia: 'NVIDIA driver',
  condaDllSearchModification: 'CONDA_DLL_SEARCH_MODIFICATION_ENABLE',
};

const gib = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GiB`;
const answer = (v: boolean | null): string => (v === null ? 'not reported' : v ? 'yes' : 'no');

function valueText(host: HostFacts, name: HostFactName): string {
  switch (name) {
    case 'windows': {
      const v = host.windows.status === 'known' ? host.windows.value : null;
      return v ? `${v.productName ?? 'Windows'} (EditionID ${v.editionId ?? '?'}), build ${v.build ?? '?'}${v.ubr !== null ? `.${v.ubr}` : ''}${v.nEdition ? ': an N edition' : ''}` : '';
    }
    case 'mediaFoundation': {
      const v = host.mediaFoundation.status === 'known' ? host.mediaFoundation.value : null;
      const missing = (v?.dlls ?? []).filter((d) => d.path === null).map((d) => d.name);
      return missing.length === 0 ? 'installed' : `missing: ${missing.join(', ')}`;
    }
    case 'vcRuntime': {
      const copies = host.vcRuntime.status === 'known' ? host.vcRuntime.value : [];
      return copies.map((c) => `${c.name}: ${c.path ? `${c.path} ${c.version ?? '(no version resource)'}` : 'not found'}`).join('; ');
    }
    case 'cpu': {
      const v = host.cpu.status === 'known' ? host.cpu.value : null;
      return v ? `${v.model ?? v.vendor ?? 'unknown model'}; AVX ${answer(v.avx)}, AVX2 ${answer(v.avx2)}, AVX-512 ${answer(v.avx512f)}; x86-64 level ${v.level ?? 'not determined'}` : '';
    }
    case 'memory': {
      const v = host.memory.status === 'known' ? host.memory.value : null;
      return v ? `${gib(Math.max(0, v.commitAvailable))} free to commit of ${gib(v.commitLimit)}${v.physicalTotal ? ` (RAM ${gib(v.physicalTotal)})` : ''}` : '';
    }
    case 'nvidia': {
      const v = host.nvidia.status === 'known' ? host.nvidia.value : null;
      return v ? `driver ${v.driverVersion}, CUDA up to ${v.cudaVersion ?? '?'}${v.gpus.length > 0 ? `; ${v.gpus.join(', ')}` : ''}` : '';
    }
    case 'condaDllSearchModification': {
      const v = host.condaDllSearchModification.status === 'known' ? host.condaDllSearchModification.value : null;
      return v === null ? 'not set' : `set to ${v}`;
    }
  }
}

/** One row per fact, in a fixed order. */
export function hostFactRows(host: HostFacts): HostFactRow[] {
  return HOST_FACT_NAMES.map((name) => {
    const fact = host[name];
    if (fact.status === 'absent') return { label: LABELS[name], text: `not known here: ${fact.why} ${fact.howToCheck}`, source: null };
    return { label: LABELS[name], text: valueText(host, name), source: fact.source };
  });
}
