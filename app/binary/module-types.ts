import type { MachoModule } from './macho-types';

/**
 * What the readers return: plain JSON-safe data (no Buffer), so results cross to the UI as JSON.
 */

/** One symbol a PE module imports from a DLL: by name (with its hint) or by ordinal. */
export type PeImportedSymbol =
  | { readonly kind: 'name'; readonly name: string; readonly hint: number }
  | { readonly kind: 'ordinal'; readonly ordinal: number };

/** One DLL named in the import table or the delay-load import table. */
export interface PeImport {
  readonly dll: string;
  readonly delayLoad: boolean;
  /** `api-ms-win-*` / `ext-ms-*`: a contract the loader maps to a host DLL, not a file. */
  readonly apiSet: boolean;
  readonly symbols: readonly PeImportedSymbol[];
}

/** One export: its ordinal, its name if it has one, and its forwarder (`NTDLL.RtlAllocateHeap`). */
export interface PeExport {
  readonly ordinal: number;
  readonly name: string | null;
  readonly forwarder: string | null;
}

/** A side-by-side assembly named in the embedded manifest (e.g. Microsoft.VC90.CRT). */
export interface SxsDependency {
  readonly name: string;
  readonly version: string | null;
  readonly processorArchitecture: string | null;
  readonly publicKeyToken: string | null;
}

export type PeMachine = 'x86' | 'x64' | 'arm64' | 'arm' | 'ia64' | 'unknown';

export interface PeModule {
  readonly format: 'pe';
  readonly path: string;
  readonly fileSize: number;
  /** IMAGE_FILE_HEADER.Machine, e.g. 0x8664. */
  readonly machineCode: number;
  readonly machine: PeMachine;
  readonly bitness: 32 | 64;
  readonly isDll: boolean;
  /**
   * The optional header's MajorLinkerVersion.MinorLinkerVersion: for Microsoft's linker the toolset
   * that linked the file (14.16 is Visual Studio 2017 15.9, 14.29 is 2019 16.11); lld writes 14.0.
   */
  readonly linkerVersion: { readonly major: number; readonly minor: number };
  /** The DLL's own name from its export directory, if it has one. */
  readonly exportName: string | null;
  readonly imports: readonly PeImport[];
  readonly exports: readonly PeExport[];
  readonly sxsDependencies: readonly SxsDependency[];
  /**
   * ARM64X (header ARM64, with ARM64EC code for emulated x64 processes) or ARM64EC (header x64,
   * ARM64 code): the load configuration has CHPE metadata.
   */
  readonly hybrid?: 'arm64x' | 'arm64ec';
  /** Set when section data lies past the end of the file: the loader will not map it. */
  readonly truncated?: boolean;
}

export interface ElfSymbol {
  readonly name: string;
  /** Version name (GLIBC_2.34), or null for an unversioned symbol. */
  readonly version: string | null;
  /** For definitions: true when this is not the default version (`name@VER` rather than `name@@VER`). */
  readonly hidden: boolean;
  readonly weak: boolean;
}

/** Versions one DT_NEEDED library must define (DT_VERNEED). */
export interface ElfVersionNeed {
  readonly file: string;
  readonly versions: readonly string[];
}

export interface ElfModule {
  readonly format: 'elf';
  readonly path: string;
  readonly fileSize: number;
  readonly elfClass: 32 | 64;
  readonly littleEndian: boolean;
  /** e_machine, e.g. 62 for x86-64. */
  readonly machineCode: number;
  readonly machine: string;
  readonly type: 'shared-object' | 'executable' | 'relocatable' | 'core' | 'other';
  readonly soname: string | null;
  readonly needed: readonly string[];
  readonly rpath: readonly string[];
  readonly runpath: readonly string[];
  /** True when the module has a DT_RUNPATH entry (then DT_RPATH is ignored by ld.so). */
  readonly hasRunpath: boolean;
  readonly defined: readonly ElfSymbol[];
  readonly undefined: readonly ElfSymbol[];
  /** Version names this module defines (DT_VERDEF), excluding the file's own base entry. */
  readonly versionDefinitions: readonly string[];
  readonly versionNeeds: readonly ElfVersionNeed[];
  /** x86 ISA levels its `.note.gnu.property` says it needs ("x86-64-v3"); empty when it states none. */
  readonly x86IsaNeeded?: readonly string[];
}

export type { MachoModule };

export type BinaryModule = PeModule | ElfModule | MachoModule;
