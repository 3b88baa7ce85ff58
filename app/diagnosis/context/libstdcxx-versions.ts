/**
 * From a libstdc++ symbol version to the GCC release that introduced it, and from there to the
 * conda package that provides a libstdc++ at least that new.
 *
 * The table is GCC's own (libstdc++ manual, "ABI Policy and Guidelines", symbol versioning history:
 * https://gcc.gnu.org/onlinedocs/libstdc++/manual/abi.html); labels are cumulative, so a library
 * of a release defines every earlier label too. conda-forge builds `libstdcxx-ng` (and, from
 * GCC 14, `libstdcxx`, with `libstdcxx-ng` kept as its alias) with the GCC version as the package
 * version (https://github.com/conda-forge/ctng-compilers-feedstock).
 */
import { RemedyIds, installConstraint } from '../remedies';
import type { Cause, Remedy } from '../types';
import type { EnvironmentFacts } from '../facts/facts';
import { envKind } from '../facts/environment-facts';

/** [symbol version, first GCC release that defines it]. */
const INTRODUCED_BY: readonly (readonly [string, string])[] = [
  ['GLIBCXX_3.4.18', '4.8.0'], ['GLIBCXX_3.4.19', '4.8.3'], ['GLIBCXX_3.4.20', '4.9.0'], ['GLIBCXX_3.4.21', '5.1.0'],
  ['GLIBCXX_3.4.22', '6.1.0'], ['GLIBCXX_3.4.23', '7.1.0'], ['GLIBCXX_3.4.24', '7.2.0'], ['GLIBCXX_3.4.25', '8.1.0'],
  ['GLIBCXX_3.4.26', '9.1.0'], ['GLIBCXX_3.4.27', '9.2.0'], ['GLIBCXX_3.4.28', '9.3.0'], ['GLIBCXX_3.4.29', '11.1.0'],
  ['GLIBCXX_3.4.30', '12.1.0'], ['GLIBCXX_3.4.31', '13.1.0'], ['GLIBCXX_3.4.32', '13.2.0'], ['GLIBCXX_3.4.33', '14.1.0'],
  ['CXXABI_1.3.7', '4.8.0'], ['CXXABI_1.3.8', '4.9.0'], ['CXXABI_1.3.9', '5.1.0'], ['CXXABI_1.3.10', '6.1.0'],
  ['CXXABI_1.3.11', '7.1.0'], ['CXXABI_1.3.12', '9.1.0'], ['CXXABI_1.3.13', '11.1.0'], ['CXXABI_1.3.14', '13.1.0'],
  ['CXXABI_1.3.15', '14.1.0'],
];

export const LIBSTDCXX_ABI_SOURCE = 'https://gcc.gnu.org/onlinedocs/libstdc++/manual/abi.html';

function compare(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The GCC release that introduced `version` (GLIBCXX_3.4.30 → 12.1.0); null for a label not in the table. */
export function gccReleaseFor(version: string): string | null {
  return INTRODUCED_BY.find(([label]) => label === version)?.[1] ?? null;
}

/** The oldest GCC release whose libstdc++ defines every one of `versions`; null when one is unknown. */
export function gccReleaseForAll(versions: readonly string[]): string | null {
  const releases = versions.filter((v) => /^(GLIBCXX|CXXABI)_/.test(v)).map(gccReleaseFor);
  if (releases.length === 0 || releases.some((r) => r === null)) return null;
  return (releases as string[]).sort(compare).at(-1) ?? null;
}

/** The conda package and specifier that bring a libstdc++ of GCC `release` or newer. */
export function condaLibstdcxxFor(release: string): { package: string; specifier: string } {
  return { package: compare(release, '14') >= 0 ? 'libstdcxx' : 'libstdcxx-ng', specifier: `>=${release}` };
}

/** Remedy ids of the context checks: their own prefix, so they never collide with the ranker's. */
export class ContextRemedyIds extends RemedyIds {
  private count = 1;
  constructor(private readonly prefix: string) {
    super();
  }
  override take(): string {
    return `${this.prefix}${this.count++}`;
  }
}

/**
 * For a cause whose proof is a libstdc++ that lacks GLIBCXX_x / CXXABI_x labels in a conda
 * environment's own lib folder: the conda package release that provides them. Nothing for a pip
 * environment (its libstdc++ is the system's or a wheel's: the explanation names the GCC release).
 */
export function libstdcxxRemedy(cause: Cause, env: EnvironmentFacts, ids: RemedyIds): Remedy | null {
  if (envKind(env) !== 'conda') return null;
  for (const e of cause.evidence) {
    if (e.kind !== 'missing-symbols' || !/libstdc\+\+\.so/.test(e.provider)) continue;
    const release = gccReleaseForAll(e.versions);
    if (!release) continue;
    const { package: pkg, specifier } = condaLibstdcxxFor(release);
    return installConstraint(ids, 'conda', pkg, specifier, `${e.provider} lacks ${e.versions.join(', ')}, labels GCC ${release} introduced (${LIBSTDCXX_ABI_SOURCE}); conda's ${pkg} of GCC ${release} or newer provides them in the environment's lib folder, the copy this interpreter loads first.`);
  }
  return null;
}

/** Adds the libstdc++ release remedy to each cause it applies to (the ranker names the cause, this the package). */
export function withLibstdcxxRemedies(causes: readonly Cause[], env: EnvironmentFacts): Cause[] {
  const ids = new ContextRemedyIds('cxx');
  return causes.map((c) => {
    if (c.kind !== 'missing-symbol-version' && c.kind !== 'load-order-conflict' && c.kind !== 'shadowed-library') return c;
    const remedy = libstdcxxRemedy(c, env, ids);
    if (!remedy || remedy.kind !== 'install-constraint') return c;
    return c.remedies.some((r) => r.kind === 'install-constraint' && r.package === remedy.package) ? c : { ...c, remedies: [remedy, ...c.remedies] };
  });
}
