/**
 * What a package's own records state, read from app/envs' records (PackageFacts keeps the records,
 * not copies of their fields): the names it requires, the wheel tags it was installed from, the
 * conda build.
 */
import type { PackageFacts } from './facts';

/** A Requires-Dist line's project name; null for a requirement only an extra asks for. */
function requiresDistName(line: string): string | null {
  if (/extra\s*==/.test(line)) return null;
  return /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line.trim())?.[0] ?? null;
}

/**
 * The projects it requires, by name (no versions, no markers): its Requires-Dist when it has a
 * dist-info, otherwise its conda-meta `depends` (python itself left out).
 */
export function requiredNames(pkg: PackageFacts): string[] {
  if (pkg.distribution) return pkg.distribution.requiresDist.map(requiresDistName).filter((n): n is string => n !== null);
  return (pkg.condaRecord?.depends ?? []).map((d) => d.split(/[\s=<>!]/)[0] ?? '').filter((n) => n !== '' && n !== 'python');
}

/** The tags of the wheel it was installed from ("cp36-cp36m-win_amd64"); empty when unknown. */
export function wheelTagsOf(pkg: PackageFacts): readonly string[] {
  return pkg.distribution?.wheelTags ?? [];
}

/** The build string of its conda-meta record ("he490001_1001"); null when conda did not install it. */
export function condaBuildOf(pkg: PackageFacts): string | null {
  return pkg.condaRecord?.build || null;
}
