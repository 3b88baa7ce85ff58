/**
 * What a package's own records state, read from app/envs' records (PackageFacts keeps the records,
 * not copies of their fields): the managers that installed it, the names it requires and the
 * versions it accepts, the wheel tags it was installed from, the conda build.
 */
import { condaVersionMatches, evaluateMarker, parseCondaDepends, parseDependency, parseRequirement, type CondaRecord } from '../../envs';
import { satisfies } from '../../base/package-spec';
import type { Constraint, PackageFacts } from './facts';
import type { PackageManager } from '../types';

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

/** Requires-Dist lines as constraints; extras-only and markers false for this Python are left out. */
function requiresDistConstraints(lines: readonly string[], markers: Readonly<Record<string, string>>): Constraint[] {
  const out: Constraint[] = [];
  for (const text of lines) {
    const req = parseRequirement(text);
    if (!req || req.url !== null) continue;
    if (req.marker !== null && !evaluateMarker(req.marker, markers)) continue;
    out.push({ name: req.name, specifier: req.specifiers.map((sp) => `${sp.op}${sp.version}`).join(','), from: 'requires-dist', text });
  }
  return out;
}

/** conda-meta `depends` entries as constraints (parsed by app/envs, the same rule the health check uses). */
export function condaDependsConstraints(depends: readonly string[]): Constraint[] {
  return depends.flatMap((text) => {
    const parsed = parseCondaDepends(text);
    return parsed ? [{ ...parsed, from: 'conda-depends' as const, text }] : [];
  });
}

/**
 * Whether a version meets a constraint, by the rules of the record that states it: conda's match-spec
 * grammar for conda-meta `depends` ("=3.6" admits 3.6.0, "=9" admits 9b), PEP 440 for Requires-Dist.
 * A conda spec conda itself could not read counts as met.
 */
export function constraintAccepts(constraint: Constraint, version: string): boolean {
  if (constraint.specifier === '') return true;
  if (constraint.from === 'requires-dist') return satisfies(version, constraint.specifier);
  try {
    return condaVersionMatches(version, constraint.specifier);
  } catch {
    return true;
  }
}

/**
 * The version constraints its records state, for an interpreter with these PEP 508 markers: its
 * Requires-Dist, and its conda-meta `depends` (a conda package with dist-info has both; conda's are
 * what conda enforces).
 */
export function constraintsOf(pkg: PackageFacts, markers: Readonly<Record<string, string>>): Constraint[] {
  return [...requiresDistConstraints(pkg.distribution?.requiresDist ?? [], markers), ...condaDependsConstraints(pkg.condaRecord?.depends ?? [])];
}

/**
 * Every manager with a record of it: conda when conda-meta lists it (or its INSTALLER says conda),
 * pip when its INSTALLER is pip or uv; ['pip', 'conda'] means two installs of one package.
 */
export function managersOf(pkg: PackageFacts): PackageManager[] {
  const installer = pkg.distribution?.installer?.toLowerCase() ?? null;
  const managers: PackageManager[] = [];
  if (installer === 'conda' || pkg.condaRecord !== null) managers.push('conda');
  if (installer === 'pip' || installer === 'uv') managers.push('pip');
  return managers.length > 0 ? managers : ['unknown'];
}

/**
 * The name a manager knows the package by: conda's record name for conda ("pillow" for pip's
 * "Pillow", "pytorch" for "torch", "pyqt" for "PyQt5"), the distribution's for pip.
 */
export function managerName(pkg: PackageFacts, manager: PackageManager): string {
  return manager === 'conda' && pkg.condaRecord ? pkg.condaRecord.name : pkg.name;
}

/** conda's records whose `depends` name the package: what conda keeps consistent with it (and what a plain `conda remove` takes along). */
export function condaDependentsOf(pkg: PackageFacts, records: readonly CondaRecord[]): CondaRecord[] {
  const name = pkg.condaRecord?.name.toLowerCase();
  if (!name) return [];
  return records.filter((r) => r !== pkg.condaRecord && r.depends.some((d) => parseDependency(d).name === name));
}

/** The sentence that names them, for a remedy that changes the package with conda; "" when none. */
export function condaDependentsNote(pkg: PackageFacts, records: readonly CondaRecord[]): string {
  const dependents = condaDependentsOf(pkg, records);
  if (dependents.length === 0) return '';
  const names = dependents.map((r) => `${r.name} ${r.version}`).join(', ');
  return ` conda's ${names} ${dependents.length === 1 ? 'depends' : 'depend'} on ${pkg.condaRecord!.name}: conda keeps ${dependents.length === 1 ? 'it' : 'them'} installed, and its dry run says if ${dependents.length === 1 ? 'it changes' : 'they change'} too (a plain \`conda remove ${pkg.condaRecord!.name}\` would take ${dependents.length === 1 ? 'it' : 'them'} along, python-pillow/Pillow#2945).`;
}
