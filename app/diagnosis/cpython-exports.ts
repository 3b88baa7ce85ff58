/**
 * Which CPython release first exports a C-API function from its pythonXY.dll, from CPython's own
 * stable ABI list (cpython-exports.json cites the file and commit). Used when the loader shows an
 * extension importing a function the installed pythonXY.dll lacks: the first release that has it is
 * the Python upgrade that fixes the import.
 */
import data from './cpython-exports.json' with { type: 'json' };

interface Entry {
  /** Feature release that lists it ("3.7"). */
  readonly since: string;
  /** Patch releases of earlier lines that also export it ("3.6.1"). */
  readonly backports: readonly string[];
}

const TABLE: ReadonlyMap<string, Entry> = (() => {
  const backportsOf = new Map<string, string[]>();
  for (const [releases, names] of Object.entries(data.backports)) {
    for (const name of names) backportsOf.set(name, [...(backportsOf.get(name) ?? []), ...releases.split(' ')]);
  }
  const table = new Map<string, Entry>();
  for (const [since, names] of Object.entries(data.since)) {
    for (const name of names) table.set(name, { since, backports: backportsOf.get(name) ?? [] });
  }
  return table;
})();

/** The table's citation, for evidence. */
export const CPYTHON_EXPORTS_SOURCE: string = data.source;

const parts = (v: string): number[] => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
const line = (v: string): string => parts(v).slice(0, 2).join('.');
function compare(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The first release that exports `symbol`, preferring the installed version's own line (3.6.0 →
 * "3.6.1" for PySlice_Unpack), else the first feature release ("3.7.0"). Null when the table does not
 * list the symbol.
 */
export function firstReleaseExporting(symbol: string, installed: string | null): string | null {
  const entry = TABLE.get(symbol);
  if (!entry) return null;
  if (installed) {
    const own = entry.backports.find((b) => line(b) === line(installed));
    if (own) return own;
  }
  return `${entry.since}.0`;
}

export interface PythonApiFinding {
  readonly symbol: string;
  readonly firstRelease: string;
}

/** For symbols a pythonXY.dll lacks: each listed one with its first release, and the release that has them all. */
export function pythonApiRequirements(symbols: readonly string[], installed: string | null): { readonly found: readonly PythonApiFinding[]; readonly minimum: string | null } {
  const found: PythonApiFinding[] = [];
  for (const symbol of symbols) {
    const firstRelease = firstReleaseExporting(symbol, installed);
    if (firstRelease) found.push({ symbol, firstRelease });
  }
  const minimum = found.reduce<string | null>((max, f) => (max === null || compare(f.firstRelease, max) > 0 ? f.firstRelease : max), null);
  return { found, minimum };
}
