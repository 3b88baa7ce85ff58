/**
 * missing-symbol, missing-ordinal, missing-symbol-version: a library was found but lacks functions,
 * ordinals or symbol versions the module imports.
 */
import { condaDependentsNote, constraintAccepts, constraintsOf, managerName, managersOf, wheelTagsOf } from '../facts/package-records';
import { compareVersions, normalizeName } from '../../base/package-spec';
import { baseName } from '../facts/ownership';
import { forceReinstall, installConstraint, installVersion, systemLibrary, upgradePython } from '../remedies';
import { CPYTHON_EXPORTS_SOURCE, pythonApiRequirements } from '../cpython-exports';
import type { CauseKind, DependencyLink, Evidence, Remedy } from '../types';
import { envPlatform } from '../facts/environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, metadataEvidence, newerVersion, pkgLabel, previousVersion, primaryManager, PYTHON_DLL, pkgParam, ownerWords } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';
import type { MessageParam } from '../../messages';

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
  // What the importer lacks, as words of the reader's language.
  const whatWords: MessageParam = isVersion
    ? message('word.symbol-versions', { count: detail.versions.length, list: detail.versions.join(', ') })
    : isOrdinal
      ? message('word.ordinals', { count: detail.ordinals.length, list: detail.ordinals.join(', ') })
      : count === 0
        ? message('word.a-function')
        : detail.symbols.length > 5
          ? message('word.functions-and-more', { list: detail.symbols.slice(0, 5).join(', '), more: detail.symbols.length - 5 })
          : message('word.functions', { count: detail.symbols.length, list: detail.symbols.join(', ') });
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
  const providerWords: MessageParam = providerName === null
    ? message('word.libraries-loaded-with')
    : pythonProvider
      ? message('word.this-python-dll', { dll: providerLabel.replace(/^this Python's /, '') })
      : providerPkg
        ? message('word.library-from-package', { library: providerName, package: pkgLabel(providerPkg) })
        : providerOwner?.manager === 'system'
          ? message('word.library-from-system', { library: providerName, path: provider ?? '' })
          : providerName;
  const evidence: Evidence[] = [];
  if (links.length > 0) evidence.push(chainEvidence(links, null, owners));
  // The interpreter's DLL, with the release its version resource states ("python36.dll, CPython 3.6.0").
  const dllRelease = pythonProvider ? (env.description.dllVersions?.find((d) => d.name.toLowerCase() === providerName.toLowerCase())?.release ?? null) : null;
  if (provider !== null && providerOwner !== null && providerName !== null) {
    evidence.push({
      kind: 'missing-symbols',
      ...texts({ summary: message(dllRelease ? 'evidence.missing-symbols.python' : 'evidence.missing-symbols', { importer: baseName(detail.importer), what: whatWords, provider: providerName, release: dllRelease ?? '' }) }),
      importer: detail.importer,
      provider,
      symbols: [...detail.symbols],
      ordinals: [...detail.ordinals],
      versions: [...detail.versions],
    });
    evidence.push({ kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: providerName, owner: ownerWords(providerOwner) }) }), owner: providerOwner });
  }
  if (pkg) evidence.push(metadataEvidence(pkg));
  // Functions of the C API: CPython's own list says which release first exports each one.
  const api = pythonProvider ? pythonApiRequirements(detail.symbols, dllRelease ?? env.description.python.version) : null;
  if (api && api.minimum && providerName !== null) {
    evidence.push({
      kind: 'python-abi',
      ...texts({ summary: message('evidence.python-api', { exports: api.found.map((f) => `${f.symbol}: CPython ${f.firstRelease}`).join('; '), source: CPYTHON_EXPORTS_SOURCE, running: dllRelease ?? env.description.python.version }) }),
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
      ...texts({ summary: message(stated.from === 'conda-depends' ? 'evidence.outside-range.conda' : 'evidence.outside-range', { package: pkgParam(pkg), needs: stated.text, installed: pkgLabel(providerPkg) }) }),
      package: pkg?.name ?? providerPkg.name,
      version: pkg?.version ?? null,
      managers: pkg ? managersOf(pkg) : [],
      wheelTags: pkg ? [...wheelTagsOf(pkg)] : [],
      requires: [stated.text],
    });
    const inRange = (providerVersions ?? []).filter((v) => constraintAccepts(stated, v)).sort((a, b) => compareVersions(b, a))[0];
    remedies.push(
      inRange
        ? installVersion(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), inRange, message('remedy.why.in-range', { package: pkgParam(pkg), needs: stated.text, provider: providerPkg.name, version: inRange }))
        : installConstraint(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), stated.specifier, message('remedy.why.within-range', { package: pkgParam(pkg), needs: stated.text, installed: pkgLabel(providerPkg), what: whatWords })),
    );
  }
  if (pkg) {
    const dependents = manager === 'conda' ? condaDependentsNote(pkg, env.description.condaRecords) : '';
    const previous = previousVersion(ctx.input.availableVersions.get(normalizeName(pkg.name)), pkg.version);
    if (previous) {
      remedies.push(
        installVersion(ctx.ids, manager, managerName(pkg, manager), previous, message('remedy.why.previous-release', { package: pkg.name, previous, version: pkg.version ?? '', what: whatWords, note: dependents })),
      );
    } else if (pkg.version && !violated && (ctx.input.availableVersions.get(normalizeName(pkg.name)) ?? []).length === 0) {
      // No index answered: the same step in constraint form, the manager picks the release.
      remedies.push(installConstraint(ctx.ids, manager, managerName(pkg, manager), `<${pkg.version}`, message('remedy.why.release-before', { package: pkg.name, version: pkg.version, what: whatWords, note: dependents })));
    }
  }
  if (providerPkg && !pythonProvider && !violated) {
    const newer = newerVersion(providerVersions, providerPkg.version);
    if (newer) remedies.push(installVersion(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), newer, message('remedy.why.newer-provider', { provider: providerPkg.name, what: whatWords })));
    else if (providerPkg.version && (providerVersions ?? []).length === 0) {
      remedies.push(installConstraint(ctx.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), `>${providerPkg.version}`, message('remedy.why.provider-after', { provider: providerPkg.name, version: providerPkg.version, what: whatWords })));
    }
  }
  if (api?.minimum) remedies.push(upgradePython(ctx.ids, api.minimum, message('remedy.why.upgrade-python', { count: api.found.length, symbols: api.found.map((f) => f.symbol).join(', '), dll: providerName ?? 'python3.dll', version: api.minimum, package: pkgParam(pkg) })));
  // Reinstalling the same build cannot add a function to another file: offered only as a last
  // resort for a package whose own files may be mixed up, never for the interpreter's DLL.
  if (pkg && !pythonProvider) remedies.push({ ...forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-mixed', { package: pkg.name, what: whatWords })), risk: 'medium' });
  if (providerName !== null && !providerPkg && !pythonProvider && envPlatform(env) === 'linux' && providerOwner?.manager === 'system') remedies.push(systemLibrary(ctx.ids, providerName));
  ctx.add({
    key: `${kind}:${normalizeName(pkg?.name ?? exam.module)}:${(providerName ?? '?').toLowerCase()}`,
    kind,
    ...texts({
      title: message(providerName === null ? 'cause.missing-symbol.title.unknown-provider' : 'cause.missing-symbol.title', { module: exam.module, package: pkgParam(pkg), what: whatWords, provider: providerWords }),
      explanation: pythonProvider
        ? message('cause.missing-symbol.python.explanation', { package: pkgParam(pkg), importer: baseName(detail.importer), what: whatWords, provider: providerName ?? '', name: pkg?.name ?? message('word.package') })
        : message('cause.missing-symbol.explanation', { importer: baseName(detail.importer), provider: providerName ?? message('word.a-library-it-uses'), what: whatWords, name: pkg?.name ?? message('word.the-package') }),
    }),
    module: exam.module,
    pkg,
    evidence,
    remedies,
    base: signal === 'static-simulation' ? 0.55 : 0.45,
    signals: [signal],
    consistent: CONSISTENT[kind],
  });
}
