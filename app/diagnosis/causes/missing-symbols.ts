/**
 * missing-symbol, missing-ordinal, missing-symbol-version: a library was found but lacks functions,
 * ordinals or symbol versions the module imports.
 */
import { condaDependentsNote, constraintAccepts, constraintsOf, managerName, managersOf, wheelTagsOf } from '../package-records';
import { compareVersions, normalizeName } from '../../base/package-spec';
import { baseName } from '../ownership';
import { forceReinstall, installConstraint, installVersion, systemLibrary, upgradePython } from '../remedies';
import { CPYTHON_EXPORTS_SOURCE, pythonApiRequirements } from '../cpython-exports';
import type { CauseKind, DependencyLink, Evidence, Remedy } from '../types';
import { envPlatform } from '../environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, metadataEvidence, newerVersion, pkgLabel, previousVersion, primaryManager, PYTHON_DLL } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** A library was found but lacks functions, ordinals or symbol versions the module imports. */
export function missingSymbols(
  ctx: RankContext,
  exam: ModuleExamination,
  detail: { importer: string; provider: string | null; symbols: readonly string[]; ordinals: readonly number[]; versions: readonly string[] },
  links: readonly DependencyLink[],
  signal: string,
): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const manager = primaryManager(pkg);
  const owners = ctx.owners;
  const provider = detail.provider;
  const providerOwner = provider ? owners.ownerOf(provider) : null;
  const providerPkg = provider ? owners.packageOf(provider) : null;
  const isVersion = detail.versions.length > 0 && detail.symbols.length === 0 && detail.ordinals.length === 0;
  const isOrdinal = detail.ordinals.length > 0 && detail.symbols.length === 0;
  const kind: CauseKind = isVersion ? 'missing-symbol-version' : isOrdinal ? 'missing-ordinal' : 'missing-symbol';
  const count = detail.symbols.length + detail.ordinals.length + detail.versions.length;
  const what = isVersion
    ? `symbol version${detail.versions.length === 1 ? '' : 's'} ${detail.versions.join(', ')}`
    : isOrdinal
      ? `ordinal${detail.ordinals.length === 1 ? '' : 's'} ${detail.ordinals.join(', ')}`
      : count === 0
        ? 'a function'
        : `function${detail.symbols.length === 1 ? '' : 's'} ${detail.symbols.slice(0, 5).join(', ')}${detail.symbols.length > 5 ? ` and ${detail.symbols.length - 5} more` : ''}`;
  const providerName = provider ? baseName(provider) : null;
  const pythonProvider = providerName !== null && PYTHON_DLL.test(providerName);
  const providerLabel = providerName === null
    ? 'the libraries it is loaded with'
    : pythonProvider
      ? `this Python's ${providerName}${env.description.dllVersions?.find((d) => d.name.toLowerCase() === providerName.toLowerCase())?.release ? ` (${env.description.dllVersions.find((d) => d.name.toLowerCase() === providerName.toLowerCase())?.release})` : ''}`
      : providerPkg
        ? `${providerName} (from ${pkgLabel(providerPkg)})`
        : providerOwner?.manager === 'system'
          ? `${providerName} from the system (${provider})`
          : providerName;
  const evidence: Evidence[] = [];
  if (links.length > 0) evidence.push(chainEvidence(links, null, owners));
  // The interpreter's DLL, with the release its version resource states ("python36.dll, CPython 3.6.0").
  const dllRelease = pythonProvider ? (env.description.dllVersions?.find((d) => d.name.toLowerCase() === providerName.toLowerCase())?.release ?? null) : null;
  const installedLabel = providerName === null ? null : dllRelease ? `${providerName} (CPython ${dllRelease}, from its version resource)` : providerName;
  if (provider !== null && providerOwner !== null && providerName !== null) {
    evidence.push({
      kind: 'missing-symbols',
      summary: `${baseName(detail.importer)} needs ${what} from ${providerName}, which the installed ${installedLabel ?? providerName} does not provide.`,
      importer: detail.importer,
      provider,
      symbols: [...detail.symbols],
      ordinals: [...detail.ordinals],
      versions: [...detail.versions],
    });
    evidence.push({ kind: 'file-owner', summary: `${providerName} belongs to ${providerOwner.package ? `${providerOwner.package} ${providerOwner.version ?? ''} (${providerOwner.manager})` : providerOwner.manager === 'system' ? 'the operating system or another program' : 'no recorded package'}.`, owner: providerOwner });
  }
  if (pkg) evidence.push(metadataEvidence(pkg));
  // Functions of the C API: CPython's own list says which release first exports each one.
  const api = pythonProvider ? pythonApiRequirements(detail.symbols, dllRelease ?? env.description.python.version) : null;
  if (api && api.minimum && providerName !== null) {
    evidence.push({
      kind: 'python-abi',
      summary: `${api.found.map((f) => `${f.symbol} is first exported by CPython ${f.firstRelease}`).join('; ')} (CPython's stable ABI list, ${CPYTHON_EXPORTS_SOURCE}); this environment runs ${dllRelease ?? env.description.python.version}.`,
      file: detail.importer,
      builtFor: `CPython ${api.minimum} or newer`,
      running: `${providerName}${dllRelease ?? env.description.python.version ? ` ${dllRelease ?? env.description.python.version}` : ''}`,
    });
  }
  const remedies: Remedy[] = [];
  // The consumer's own record may say which provider versions it accepts (conda `depends`,
  // Requires-Dist): an installed provider outside that range is the cause, and the range the fix.
  const stated = providerPkg && pkg && !pythonProvider ? constraintsOf(pkg, env.description.python.markers).find((c) => normalizeName(c.name) === normalizeName(providerPkg.name) && c.specifier !== '') : undefined;
  const violated = stated && providerPkg?.version ? !constraintAccepts(stated, providerPkg.version) : false;
  const providerVersions = providerPkg ? ctx.input.availableVersions.get(normalizeName(providerPkg.name)) : undefined;
  if (stated && violated && providerPkg) {
    evidence.push({
      kind: 'package-metadata',
      summary: `${pkgLabel(pkg)} requires ${stated.text} (${stated.from === 'conda-depends' ? 'its conda-meta record' : 'its Requires-Dist'}); ${pkgLabel(providerPkg)} is installed, outside that range.`,
      package: pkg?.name ?? providerPkg.name,
      version: pkg?.version ?? null,
      managers: pkg ? managersOf(pkg) : [],
      wheelTags: pkg ? [...wheelTagsOf(pkg)] : [],
      requires: [stated.text],
    });
    const inRange = (providerVersions ?? []).filter((v) => constraintAccepts(stated, v)).sort((a, b) => compareVersions(b, a))[0];
    remedies.push(
      inRange
        ? installVersion(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), inRange, `${pkgLabel(pkg)} states it needs ${stated.text}; ${providerPkg.name} ${inRange} is the newest release within that range the index offers.`)
        : installConstraint(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), stated.specifier, `${pkgLabel(pkg)} states it needs ${stated.text}, and ${pkgLabel(providerPkg)} is installed. Installing within that range brings the ${what} it was built against.`),
    );
  }
  if (pkg) {
    const dependents = manager === 'conda' ? condaDependentsNote(pkg, env.description.condaRecords) : '';
    const previous = previousVersion(ctx.input.availableVersions.get(normalizeName(pkg.name)), pkg.version);
    if (previous) {
      remedies.push(
        installVersion(ctx.ids, manager, managerName(pkg, manager), previous, `${pkg.name} ${previous} is the release before ${pkg.version}: the smallest step back, likely built before ${pkg.version} started to ask for ${what}. The import test after the change confirms it.${dependents}`),
      );
    } else if (pkg.version && !violated && (ctx.input.availableVersions.get(normalizeName(pkg.name)) ?? []).length === 0) {
      // No index answered: the same step in constraint form, the manager picks the release.
      remedies.push(installConstraint(ctx.ids, manager, managerName(pkg, manager), `<${pkg.version}`, `A ${pkg.name} release before ${pkg.version} may not ask for ${what} yet; the manager picks the newest such release, and the import test after the change shows whether it loads.${dependents}`));
    }
  }
  if (providerPkg && !pythonProvider && !violated) {
    const newer = newerVersion(providerVersions, providerPkg.version);
    if (newer) remedies.push(installVersion(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), newer, `A newer ${providerPkg.name} may provide ${what}.`));
    else if (providerPkg.version && (providerVersions ?? []).length === 0) {
      remedies.push(installConstraint(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), `>${providerPkg.version}`, `A ${providerPkg.name} release after ${providerPkg.version} may provide ${what}; the import test after the change shows whether it does.`));
    }
  }
  if (api?.minimum) remedies.push(upgradePython(ctx.ids, api.minimum, `${api.found.map((f) => f.symbol).join(', ')} ${api.found.length === 1 ? 'is' : 'are'} exported by ${providerName ?? 'the Python DLL'} from CPython ${api.minimum} on; the installed ${pkgLabel(pkg)} then loads as it is.`));
  // Reinstalling the same build cannot add a function to another file: offered only as a last
  // resort for a package whose own files may be mixed up, never for the interpreter's DLL.
  if (pkg && !pythonProvider) remedies.push({ ...forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, `Only helps if ${pkg.name}'s own files are a mix of two releases: the same build asks for the same ${what} again.`), risk: 'medium' });
  if (providerName !== null && !providerPkg && !pythonProvider && envPlatform(env) === 'linux' && providerOwner?.manager === 'system') remedies.push(systemLibrary(ctx.ids, providerName));
  ctx.add({
    key: `${kind}:${normalizeName(pkg?.name ?? exam.module)}:${(providerName ?? '?').toLowerCase()}`,
    kind,
    title: `${exam.module} (${pkgLabel(pkg)}) needs ${what} that ${providerLabel} ${providerName === null ? 'do not provide' : 'lacks'}`,
    explanation: pythonProvider
      ? `${pkgLabel(pkg)} was built against a newer Python than the one in this environment. Loading ${baseName(detail.importer)} requires ${what} from ${providerName}, and this Python's ${providerName} does not have ${count === 1 ? 'it' : 'them'}, so the import stops. A ${pkg?.name ?? 'package'} release built for this Python, or a newer Python, fixes it.`
      : `${baseName(detail.importer)} was built against a different version of ${providerName ?? 'a library it uses'} than the one installed. It asks for ${what}, which the installed copy does not provide, so the import stops. Installing versions that match fixes it; going back to the previous release of ${pkg?.name ?? 'the package'} is the smallest change.`,
    module: exam.module,
    pkg,
    evidence,
    remedies,
    base: signal === 'static-simulation' ? 0.55 : 0.45,
    signals: [signal],
    consistent: CONSISTENT[kind],
  });
}
