/**
 * The machine's facts of a diagnosis as report rows (label, value or why not known, source), shared
 * by the Markdown and HTML renderers.
 */
import type { HostFactName, HostFacts } from '../host-facts/types';
import { HOST_FACT_NAMES } from '../host-facts/types';
import { HOST_FACT_LABELS } from '../diagnosis/host/fact-labels';
import { message, saidParam, texts } from '../messages';
import type { MessageParam, MessageRef } from '../messages';

export interface HostFactRow {
  readonly label: string;
  readonly text: string;
  /** Where it was read (its message where the fact recorded one, for the report's language); null for a fact not known here. */
  readonly source: MessageParam | null;
  /** The messages behind label and text, for the report's language. */
  readonly messages: { readonly label: MessageRef; readonly text: MessageRef };
}

const LABELS = HOST_FACT_LABELS;

const gib = (n: number): string => `${(n / 1024 ** 3).toFixed(1)} GiB`;
const answer = (v: boolean | null): MessageRef => message(v === null ? 'word.not-reported' : v ? 'word.yes' : 'word.no');

/** Items joined by "; " as nested messages, so each item is written in the reader's language. */
function semicolonList(items: readonly MessageParam[]): MessageParam {
  return items.reduceRight<MessageParam | null>((rest, first) => (rest === null ? first : message('word.semicolon-list', { first, rest })), null) ?? '';
}

function valueText(host: HostFacts, name: HostFactName): MessageParam {
  switch (name) {
    case 'windows': {
      const v = host.windows.status === 'known' ? host.windows.value : null;
      return v ? message('host.value.windows', { product: v.productName ?? 'Windows', edition: v.editionId ?? '?', build: `${v.build ?? '?'}${v.ubr !== null ? `.${v.ubr}` : ''}`, n: v.nEdition ? message('host.value.windows.n') : '' }) : '';
    }
    case 'mediaFoundation': {
      const v = host.mediaFoundation.status === 'known' ? host.mediaFoundation.value : null;
      const missing = (v?.dlls ?? []).filter((d) => d.path === null).map((d) => d.name);
      return missing.length === 0 ? message('host.value.installed') : message('host.value.missing', { dlls: missing.join(', ') });
    }
    case 'vcRuntime': {
      const copies = host.vcRuntime.status === 'known' ? host.vcRuntime.value : [];
      return semicolonList(copies.map((c) => message('host.value.copy', { name: c.name, where: c.path ? (c.version !== null ? `${c.path} ${c.version}` : message('host.value.no-version', { path: c.path })) : message('host.value.not-found') })));
    }
    case 'cpu': {
      const v = host.cpu.status === 'known' ? host.cpu.value : null;
      return v ? message('host.value.cpu', { model: v.model ?? v.vendor ?? message('word.unknown-model'), avx: answer(v.avx), avx2: answer(v.avx2), avx512: answer(v.avx512f), level: v.level ?? message('host.value.not-determined') }) : '';
    }
    case 'memory': {
      const v = host.memory.status === 'known' ? host.memory.value : null;
      return v ? message('host.value.memory', { free: gib(Math.max(0, v.commitAvailable)), limit: gib(v.commitLimit), ram: v.physicalTotal ? message('host.value.ram', { size: gib(v.physicalTotal) }) : '' }) : '';
    }
    case 'nvidia': {
      const v = host.nvidia.status === 'known' ? host.nvidia.value : null;
      return v ? message('host.value.nvidia', { driver: v.driverVersion, cuda: v.cudaVersion ?? '?', gpus: v.gpus.length > 0 ? `; ${v.gpus.join(', ')}` : '' }) : '';
    }
    case 'condaDllSearchModification': {
      const v = host.condaDllSearchModification.status === 'known' ? host.condaDllSearchModification.value : null;
      return v === null ? message('host.value.not-set') : message('host.value.set-to', { value: v });
    }
  }
}

/** A row of label and text, both as English with the messages behind them. */
function row(label: MessageRef, text: MessageParam, source: MessageParam | null): HostFactRow {
  const ref = typeof text === 'object' ? text : message('word.verbatim', { text: String(text) });
  return { ...texts({ label, text: ref }), source };
}

/** One row per fact, in a fixed order. */
export function hostFactRows(host: HostFacts): HostFactRow[] {
  return HOST_FACT_NAMES.map((name) => {
    const fact = host[name];
    if (fact.status === 'absent') return row(LABELS[name], message('host.value.unknown-here', { why: saidParam(fact, 'why'), how: saidParam(fact, 'howToCheck') }), null);
    return row(LABELS[name], valueText(host, name), saidParam(fact, 'source'));
  });
}
