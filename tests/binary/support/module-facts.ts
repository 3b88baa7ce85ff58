import type { PeModule } from '../../../app/binary/module-types';

/** Our reader's PE result in the same shape as readWithPefile's, for comparison. */
export function peFacts(m: PeModule): { imports: { dll: string; delayLoad: boolean; symbols: string[] }[]; exports: string[] } {
  return {
    imports: m.imports.map((i) => ({ dll: i.dll, delayLoad: i.delayLoad, symbols: i.symbols.map((s) => (s.kind === 'name' ? s.name : `#${s.ordinal}`)) })),
    exports: m.exports.map((e) => `${e.ordinal} ${e.name ?? '-'} ${e.forwarder ?? '-'}`).sort(),
  };
}
