/** The pieces the cause rules share: package labels, the dependency chain and package evidence, nearby releases. */
import type { PackageFacts } from '../facts/facts';
import { managersOf, requiredNames, wheelTagsOf } from '../facts/package-records';
import { compareVersions } from '../../base/package-spec';
import { baseName } from '../facts/ownership';
import type { OwnerIndex } from '../facts/ownership';
import type { DependencyLink, Evidence, FileOwner, PackageManager } from '../types';
import { message, texts } from '../../messages';
import type { MessageParam } from '../../messages';

export const VC_RUNTIME = /^(msvcp\d+(_\w+)?|vcruntime\d+(_\d+)?|msvcr\d+|concrt\d+|vcomp\d+|ucrtbase)\.dll$/i;
export const PYTHON_DLL = /^(?:python(\d)(\d+)\.dll|libpython(\d)\.(\d+)m?\.so(?:\.[\d.]+)?)$/i;

export function primaryManager(pkg: PackageFacts | null): PackageManager {
  return (pkg ? managersOf(pkg) : []).find((m) => m !== 'unknown') ?? 'pip';
}

export function pkgLabel(pkg: PackageFacts | null): string {
  if (!pkg) return 'this module';
  return pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name;
}

/** pkgLabel as a message parameter: "this module" is a word of the reader's language. */
export function pkgParam(pkg: PackageFacts | null): MessageParam {
  return pkg ? pkgLabel(pkg) : message('word.this-module');
}

/** Who a file belongs to, as a message parameter: "numpy 1.26.4 (pip)", or the system, or no package. */
export function ownerWords(owner: FileOwner): MessageParam {
  if (owner.package) return `${owner.package} ${owner.version ?? ''} (${owner.manager})`;
  return owner.manager === 'system' ? message('word.owner.system') : message('word.owner.none');
}

export function withOwners(links: readonly DependencyLink[], owners: OwnerIndex): DependencyLink[] {
  return links.map((l) => ({ ...l, owner: l.owner ?? (l.resolvedPath ? owners.ownerOf(l.resolvedPath) : null) }));
}

export function chainSummary(links: readonly DependencyLink[], end: string): string {
  const names = [...links.map((l) => baseName(l.file)), end];
  return names.filter((n, i) => names.indexOf(n) === i).join(' → ');
}

export function chainEvidence(links: readonly DependencyLink[], missing: string | null, owners: OwnerIndex): Evidence {
  const owned = withOwners(links, owners);
  const end = missing ?? owned.at(-1)?.needs ?? '';
  return {
    kind: 'dependency-chain',
    ...texts({ summary: missing ? message('evidence.chain.missing', { chain: chainSummary(owned, end) }) : message('evidence.chain', { chain: chainSummary(owned, end) }) }),
    links: owned,
    missing,
  };
}

export function metadataEvidence(pkg: PackageFacts): Evidence {
  const managers = managersOf(pkg).filter((m) => m !== 'unknown');
  return {
    kind: 'package-metadata',
    ...texts({ summary: message(wheelTagsOf(pkg).length > 0 ? (managers.length > 0 ? 'evidence.metadata.by-from' : 'evidence.metadata.from') : managers.length > 0 ? 'evidence.metadata.by' : 'evidence.metadata', { package: pkgLabel(pkg), managers: managers.join(' + '), tags: wheelTagsOf(pkg).join(', ') }) }),
    package: pkg.name,
    version: pkg.version,
    managers: managersOf(pkg),
    wheelTags: [...wheelTagsOf(pkg)],
    requires: requiredNames(pkg),
  };
}

export function previousVersion(available: readonly string[] | undefined, current: string | null): string | null {
  if (!available || current === null) return null;
  const older = available.filter((v) => compareVersions(v, current) < 0).sort((a, b) => compareVersions(b, a));
  return older[0] ?? null;
}

export function newerVersion(available: readonly string[] | undefined, current: string | null): string | null {
  if (!available || current === null) return null;
  const newer = available.filter((v) => compareVersions(v, current) > 0).sort((a, b) => compareVersions(b, a));
  return newer[0] ?? null;
}
