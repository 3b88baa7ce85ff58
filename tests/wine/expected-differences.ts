import { DEFAULT_KNOWN_DLLS } from '../../app/binary/system-dlls';
import type { CaseSpec } from './case-generator';
import type { Verdict } from './differential';

/**
 * Where Wine's loader is known to differ from Windows', and the simulation follows Windows: each
 * entry names the rule, the Microsoft documentation that states Windows' side, and a predicate
 * that recognises the cases it covers from the case's inputs, both verdicts and Wine's own log.
 * A disagreement no entry explains fails the suite.
 */
export interface ExpectedDifference {
  readonly id: string;
  readonly why: string;
  readonly citation: string;
  applies(c: CaseSpec, wine: Verdict, simulated: Verdict, wineLog: readonly string[]): boolean;
}

const statusOf = (log: readonly string[], dll: string): string | null => {
  const line = log.find((l) => l.includes(`Loading library ${dll} `) && / failed \(error [0-9a-f]+\)/.test(l));
  return line ? (/error ([0-9a-f]+)/.exec(line)?.[1] ?? null) : null;
};

export const EXPECTED_DIFFERENCES: readonly ExpectedDifference[] = [
  {
    id: 'wine-flattens-dependency-errors',
    why: 'A dependency that exists but is not a valid image for the process (not a PE file, no PE signature, a 64-bit image for another CPU) '
      + 'fails the load with its own status on Windows: STATUS_INVALID_IMAGE_FORMAT / STATUS_INVALID_IMAGE_NOT_MZ, which LoadLibrary reports as '
      + 'ERROR_BAD_EXE_FORMAT (193, "%1 is not a valid Win32 application"). Wine logs that status ("Loading library X failed (error c000007b)") '
      + 'but returns STATUS_DLL_NOT_FOUND (126) for every module that imports it.',
    citation: 'https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499- (ERROR_BAD_EXE_FORMAT); '
      + 'https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55 (STATUS_INVALID_IMAGE_FORMAT, STATUS_INVALID_IMAGE_NOT_MZ)',
    applies: (c, wine, simulated, log) =>
      wine.code === 126 && simulated.code === 193
      && c.dlls.some((d) => (d.damage === 'garbage' || d.damage === 'mz-only' || d.machine === 'arm64')
        && ['c000007b', 'c000012f', 'c0000130'].includes(statusOf(log, d.name) ?? '')),
  },
  {
    id: 'wine-maps-truncated-images',
    why: 'Wine maps an image whose section data (PointerToRawData + SizeOfRawData) lies past the end of the file and fills the rest with zeros; '
      + 'Windows refuses to create an image section from it (ERROR_BAD_EXE_FORMAT, 193), as after an interrupted download or copy.',
    citation: 'https://learn.microsoft.com/en-us/windows/win32/debug/pe-format#section-table-section-headers (SizeOfRawData, PointerToRawData: '
      + 'the initialized data on disk); https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499- (ERROR_BAD_EXE_FORMAT)',
    applies: (c, wine, simulated) => wine.code === 0 && simulated.code === 193 && c.dlls.some((d) => d.damage === 'truncated'),
  },
  {
    id: 'wine-prefers-its-builtin-dlls',
    why: 'Wine loads its own builtin DLL for a system DLL name (version.dll) even where the search finds a DLL of that name first; Windows uses '
      + 'the first file the search order finds for every name that is not in KnownDLLs (the DLL planting that makes version.dll next to an '
      + 'application load).',
    citation: 'https://learn.microsoft.com/en-us/windows/win32/dlls/dynamic-link-library-search-order (Factors that affect searching: KnownDLLs; '
      + 'the search order for unpackaged apps)',
    applies: (c, wine, simulated) => {
      const fakes = c.dlls.filter((d) => !d.name.startsWith(`c${c.id}_`) && !DEFAULT_KNOWN_DLLS.includes(d.name.toLowerCase()));
      return c.kind === 'known-dll' && fakes.length > 0
        && simulated.loaded.some((p) => fakes.some((f) => p.endsWith(`/${f.name}`)))
        && !wine.loaded.some((p) => fakes.some((f) => p.endsWith(`/${f.name}`)));
    },
  },
];
