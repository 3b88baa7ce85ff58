/**
 * PE DLLs for the offline Windows scenarios, written by the binary engine's synthetic PE writer
 * (tests/binary/support/pe-writer.ts): a `_imaging.pyd` that imports PySlice_Unpack from
 * python36.dll, a python36.dll that does not export it, a 32-bit helper in a 64-bit environment.
 * This wrapper keeps the scenarios' compact spec (DLL name → imported symbols).
 */
import { writePe as writeBinaryPe } from '../../binary/support/pe-writer';

export interface PeSpec {
  readonly machine?: 'x64' | 'x86' | 'arm64';
  /** The DLL's own name in its export directory. */
  readonly name?: string;
  readonly exports?: readonly string[];
  /** DLL name → imported function names (or ordinals as numbers). */
  readonly imports?: Readonly<Record<string, readonly (string | number)[]>>;
  /** The linker (toolset) version in the optional header, [14, 29] for Visual Studio 2019 16.11. */
  readonly linkerVersion?: readonly [number, number];
}

export function writePe(spec: PeSpec): Buffer {
  const bytes = writeBinaryPe({
    machine: spec.machine ?? 'x64',
    dll: true,
    exportName: spec.name,
    exports: (spec.exports ?? []).map((name) => ({ name })),
    imports: Object.entries(spec.imports ?? {}).map(([dll, symbols]) => ({ dll, symbols })),
    ...(spec.linkerVersion ? { linkerVersion: spec.linkerVersion } : {}),
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
