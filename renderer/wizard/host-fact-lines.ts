/**
 * The machine's facts of a diagnosis as lines for the wizard: one per fact, its value in words (as
 * translation keys and values) or why it is not known. Pure, so it is tested in plain Node.
 */
import type { HostFactName, HostFacts } from '../../app/host-facts/types';
import type { MessageRef } from '../../app/messages';

/** Every fact, in the order the panel shows them (the compiler checks the list is complete). */
export const HOST_FACT_ORDER = ['windows', 'mediaFoundation', 'vcRuntime', 'cpu', 'memory', 'nvidia', 'condaDllSearchModification'] as const satisfies readonly HostFactName[];
type Missing = Exclude<HostFactName, (typeof HOST_FACT_ORDER)[number]>;
const complete: Missing extends never ? true : never = true;
void complete;

export type HostFactLine =
  | { readonly name: HostFactName; readonly status: 'known'; readonly key: string; readonly values: Readonly<Record<string, string | number>>; readonly source: string; readonly messages?: Readonly<Record<string, MessageRef>> }
  | { readonly name: HostFactName; readonly status: 'absent'; readonly why: string; readonly howToCheck: string; readonly messages?: Readonly<Record<string, MessageRef>> };

const yesNo = (v: boolean | null): string => (v === null ? 'unknown' : v ? 'yes' : 'no');

/** The line of each fact; `size` formats a byte count in the page's language. */
export function hostFactLines(host: HostFacts, size: (bytes: number) => string): HostFactLine[] {
  return HOST_FACT_ORDER.map((name): HostFactLine => {
    const fact = host[name];
    if (fact.status === 'absent') return { name, status: 'absent', why: fact.why, howToCheck: fact.howToCheck, ...(fact.messages ? { messages: fact.messages } : {}) };
    // The source with its message (absent in facts read before it existed), for the page's language.
    const known = (key: string, values: Record<string, string | number>): HostFactLine => ({ name, status: 'known', key, values, source: fact.source, ...(fact.messages ? { messages: fact.messages } : {}) });
    switch (name) {
      case 'windows': {
        const v = host.windows.status === 'known' ? host.windows.value : null;
        return known(v?.nEdition ? 'hostFacts.value.windowsN' : 'hostFacts.value.windows', { product: v?.productName ?? 'Windows', edition: v?.editionId ?? '?', build: v?.build ?? '?' });
      }
      case 'mediaFoundation': {
        const v = host.mediaFoundation.status === 'known' ? host.mediaFoundation.value : null;
        const missing = (v?.dlls ?? []).filter((d) => d.path === null).map((d) => d.name);
        return missing.length === 0 ? known('hostFacts.value.mfPresent', {}) : known('hostFacts.value.mfMissing', { names: missing.join(', ') });
      }
      case 'vcRuntime': {
        const copies = host.vcRuntime.status === 'known' ? host.vcRuntime.value.filter((c) => c.path !== null) : [];
        return known('hostFacts.value.runtime', { copies: copies.map((c) => `${c.path ?? c.name} ${c.version ?? ''}`.trim()).join('; ') || '—' });
      }
      case 'cpu': {
        const v = host.cpu.status === 'known' ? host.cpu.value : null;
        return known('hostFacts.value.cpu', { model: v?.model ?? v?.vendor ?? '?', avx: yesNo(v?.avx ?? null), avx2: yesNo(v?.avx2 ?? null), avx512: yesNo(v?.avx512f ?? null), level: v?.level ?? '?' });
      }
      case 'memory': {
        const v = host.memory.status === 'known' ? host.memory.value : null;
        return known('hostFacts.value.memory', { available: size(Math.max(0, v?.commitAvailable ?? 0)), limit: size(v?.commitLimit ?? 0) });
      }
      case 'nvidia': {
        const v = host.nvidia.status === 'known' ? host.nvidia.value : null;
        return known('hostFacts.value.nvidia', { driver: v?.driverVersion ?? '?', cuda: v?.cudaVersion ?? '?', gpus: (v?.gpus ?? []).join(', ') || '—' });
      }
      case 'condaDllSearchModification': {
        const v = host.condaDllSearchModification.status === 'known' ? host.condaDllSearchModification.value : null;
        return v === null ? known('hostFacts.value.condaUnset', {}) : known('hostFacts.value.condaSet', { value: v });
      }
    }
  });
}
