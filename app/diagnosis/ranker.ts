/**
 * Turns the gathered facts into ranked causes, each with evidence, confidence and remedies.
 *
 * Causes come only from facts: a loader-simulation finding (the chain down to the missing DLL or
 * symbol) or a health-check finding. The live import, the pasted error and the knowledge base then
 * raise or lower their confidence; none of them creates a cause on its own.
 * What a finding means is one of the cause kinds of types.ts (CauseKind), listed in docs/diagnosis.md.
 */
import type { EnvironmentFacts, HealthFinding, DiagnosisHealth, ImportOutcome, LoadFinding, LoadSimulation, PackageFacts } from './facts';
import { findKnownIssues } from './knowledge-base';
import { condaBuildOf, condaDependentsNote, constraintAccepts, constraintsOf, managerName, managersOf, requiredNames, wheelTagsOf } from './package-records';
import { compareVersions, normalizeName } from '../base/package-spec';
import type { KnownIssue, KnownIssueMatch } from './knowledge-base';
import { baseName, buildOwnerIndex, mayQuarantine } from './ownership';
import { pathKey } from '../envs';
import type { OwnerIndex } from './ownership';
import {
  activate,
  forceReinstall,
  fromKnownFix,
  installVersion,
  quarantine,
  reinstallDependents,
  RemedyIds,
  removeDuplicate,
  systemLibrary,
  vcRuntime,
  installConstraint,
  offSearchPath,
  upgradePython,
  VC_REDIST_URLS,
} from './remedies';
import { CPYTHON_EXPORTS_SOURCE, pythonApiRequirements } from './cpython-exports';
import { VC_RUNTIME_COMPATIBILITY_SOURCES } from './vc-runtime-version';
import type { Cause, CauseKind, Confidence, DependencyLink, EnvironmentSummary, Evidence, FailureClass, FileOwner, PackageManager, ParsedError, Platform, Remedy, SearchDirectory } from './types';
import { canRunPython, envKind, envPlatform } from './environment-facts';
import type { Draft } from './cause-draft';
import type { HostFacts } from '../host-facts/types';
import { hostRuleContext, HOST_RULES } from './host';
import { message, texts } from '../messages';
import type { MessageParam, MessageRef } from '../messages';

/** One extension module examined: what it is, who owns it, how its import and simulation went. */
export interface ModuleExamination {
  readonly module: string;
  readonly path: string | null;
  readonly package: PackageFacts | null;
  readonly importOutcome: ImportOutcome;
  readonly simulation: LoadSimulation | null;
}

export interface RankInput {
  readonly env: EnvironmentFacts;
  readonly error: ParsedError | null;
  readonly errorText: string | null;
  readonly modules: readonly ModuleExamination[];
  readonly health: DiagnosisHealth;
  readonly knowledgeBase: readonly KnownIssue[];
  /** Normalised package name → versions the index offers, newest first. */
  readonly availableVersions: ReadonlyMap<string, readonly string[]>;
  /**
   * The file system as it is now, so evidence names only files that exist, compared by their real
   * paths (symlinks resolved). Without it every recorded file is taken as present.
   */
  readonly files?: FileCheck;
  /** The machine's facts (app/host-facts); null or absent: every host cause is "not checked". */
  readonly host?: HostFacts | null;
  /** x86 ISA levels each file's .note.gnu.property says it needs, by path (Linux ELF). */
  readonly isaNeeds?: ReadonlyMap<string, readonly string[]>;
}

export interface FileCheck {
  exists(path: string): boolean;
  /** The real path (symlinks resolved), or the path itself when it cannot be resolved. */
  canonical(path: string): string;
}

const NO_FILE_CHECK: FileCheck = { exists: () => true, canonical: (p) => p };

const VC_RUNTIME = /^(msvcp\d+(_\w+)?|vcruntime\d+(_\d+)?|msvcr\d+|concrt\d+|vcomp\d+|ucrtbase)\.dll$/i;
const PYTHON_DLL = /^(?:python(\d)(\d+)\.dll|libpython(\d)\.(\d+)m?\.so(?:\.[\d.]+)?)$/i;

/** Which failure classes of the pasted error or live import agree with a cause kind. */
const CONSISTENT: Readonly<Record<CauseKind, readonly FailureClass[]>> = {
  'missing-library': ['module-not-found', 'shared-object-not-found'],
  'missing-symbol': ['procedure-not-found', 'undefined-symbol'],
  'missing-ordinal': ['invalid-ordinal', 'procedure-not-found'],
  'missing-symbol-version': ['symbol-version-not-found'],
  'wrong-architecture': ['bad-exe-format', 'wrong-elf-class', 'incompatible-architecture'],
  'missing-vc-runtime': ['module-not-found', 'dll-init-failed'],
  // An older runtime lacks the newer toolset's functions (127), or fails in DllMain (1114).
  'outdated-vc-runtime': ['procedure-not-found', 'dll-init-failed'],
  'shadowed-library': ['procedure-not-found', 'invalid-ordinal', 'module-not-found', 'bad-exe-format', 'incompatible-architecture', 'undefined-symbol', 'symbol-version-not-found'],
  'python-abi-mismatch': ['python-dll-conflict', 'module-not-found', 'procedure-not-found', 'undefined-symbol'],
  'mixed-managers': ['module-not-found', 'procedure-not-found', 'undefined-symbol', 'shared-object-not-found'],
  'broken-requirements': ['module-not-found', 'shared-object-not-found'],
  'search-policy': ['module-not-found'],
  'dll-init-failed': ['dll-init-failed'],
  'resource-exhaustion': ['paging-file-too-small'],
  'load-order-conflict': ['undefined-symbol', 'symbol-version-not-found', 'procedure-not-found', 'invalid-ordinal', 'dll-init-failed'],
  'context-dependent': [],
  'missing-os-component': ['module-not-found'],
  'gpu-runtime': ['module-not-found', 'shared-object-not-found', 'dll-init-failed'],
  'cpu-unsupported': ['dll-init-failed'],
  'numpy-abi': [],
};

function primaryManager(pkg: PackageFacts | null): PackageManager {
  return (pkg ? managersOf(pkg) : []).find((m) => m !== 'unknown') ?? 'pip';
}

function pkgLabel(pkg: PackageFacts | null): string {
  if (!pkg) return 'this module';
  return pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name;
}

/** pkgLabel as a message parameter: "this module" is a word of the reader's language. */
function pkgParam(pkg: PackageFacts | null): MessageParam {
  return pkg ? pkgLabel(pkg) : message('word.this-module');
}

/** Who a file belongs to, as a message parameter: "numpy 1.26.4 (pip)", or the system, or no package. */
function ownerWords(owner: FileOwner): MessageParam {
  if (owner.package) return `${owner.package} ${owner.version ?? ''} (${owner.manager})`;
  return owner.manager === 'system' ? message('word.owner.system') : message('word.owner.none');
}

function withOwners(links: readonly DependencyLink[], owners: OwnerIndex): DependencyLink[] {
  return links.map((l) => ({ ...l, owner: l.owner ?? (l.resolvedPath ? owners.ownerOf(l.resolvedPath) : null) }));
}

function chainSummary(links: readonly DependencyLink[], end: string): string {
  const names = [...links.map((l) => baseName(l.file)), end];
  return names.filter((n, i) => names.indexOf(n) === i).join(' → ');
}

function chainEvidence(links: readonly DependencyLink[], missing: string | null, owners: OwnerIndex): Evidence {
  const owned = withOwners(links, owners);
  const end = missing ?? owned.at(-1)?.needs ?? '';
  return {
    kind: 'dependency-chain',
    ...texts({ summary: missing ? message('evidence.chain.missing', { chain: chainSummary(owned, end) }) : message('evidence.chain', { chain: chainSummary(owned, end) }) }),
    links: owned,
    missing,
  };
}

function metadataEvidence(pkg: PackageFacts): Evidence {
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

function previousVersion(available: readonly string[] | undefined, current: string | null): string | null {
  if (!available || current === null) return null;
  const older = available.filter((v) => compareVersions(v, current) < 0).sort((a, b) => compareVersions(b, a));
  return older[0] ?? null;
}

function newerVersion(available: readonly string[] | undefined, current: string | null): string | null {
  if (!available || current === null) return null;
  const newer = available.filter((v) => compareVersions(v, current) > 0).sort((a, b) => compareVersions(b, a));
  return newer[0] ?? null;
}

class CauseBuilder {
  readonly drafts = new Map<string, Draft>();
  readonly ids = new RemedyIds();
  readonly owners: OwnerIndex;

  constructor(private readonly input: RankInput) {
    this.owners = buildOwnerIndex(input.env);
  }

  add(draft: Draft): void {
    const existing = this.drafts.get(draft.key);
    if (!existing) {
      this.drafts.set(draft.key, draft);
      return;
    }
    for (const e of draft.evidence) if (!existing.evidence.some((x) => JSON.stringify(x) === JSON.stringify(e))) existing.evidence.push(e);
    existing.base = Math.max(existing.base, draft.base) + 0.05;
    existing.signals.push(...draft.signals.filter((s) => !existing.signals.includes(s)));
  }

  /** A library in the chain is not found: VC++ runtime, another Python's library, or a lost requirement. */
  missingLibrary(exam: ModuleExamination, lib: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[] | null, signal: string): void {
    const { env } = this.input;
    const pkg = exam.package;
    const manager = primaryManager(pkg);
    const owners = this.owners;
    const chain = chainEvidence(links, lib, owners);
    const evidence: Evidence[] = [chain];
    if (searched !== null) {
      evidence.push({
        kind: 'search-path',
        ...texts({ summary: message('evidence.search-path.none', { library: lib, count: searched.length }) }),
        library: lib,
        directories: [...searched],
      });
    }
    const base = signal === 'static-simulation' ? 0.5 : 0.45;
    const py = PYTHON_DLL.exec(lib);
    if (py) {
      const builtFor = py[1] ? `${py[1]}.${py[2]}` : `${py[3]}.${py[4]}`;
      const running = env.description.python.version;
      const file = links[0]?.file ?? exam.path ?? '';
      this.add({
        key: `python-abi-mismatch:${normalizeName(pkg?.name ?? exam.module)}`,
        kind: 'python-abi-mismatch',
        ...texts({
          title: message('cause.python-abi-mismatch.title', { module: exam.module, package: pkgParam(pkg), builtFor, running }),
          explanation: message('cause.python-abi-mismatch.explanation', { library: lib, builtFor }),
        }),
        module: exam.module,
        pkg,
        evidence: [
          { kind: 'python-abi', ...texts({ summary: message('evidence.python-abi', { file: baseName(file), library: lib, running }) }), file, builtFor: lib, running },
          ...evidence,
          ...(pkg ? [metadataEvidence(pkg)] : []),
        ],
        remedies: pkg ? [forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-for-this-python', { package: pkg.name, builtFor }))] : [],
        base: base + 0.1,
        signals: [signal],
        consistent: CONSISTENT['python-abi-mismatch'],
      });
      return;
    }
    if (VC_RUNTIME.test(lib)) {
      this.add({
        key: `missing-vc-runtime:${lib.toLowerCase()}`,
        kind: 'missing-vc-runtime',
        ...texts({
          title: message('cause.missing-vc-runtime.title', { library: lib }),
          explanation: message('cause.missing-vc-runtime.explanation', { module: exam.module, package: pkgParam(pkg), library: lib }),
        }),
        module: exam.module,
        pkg,
        evidence,
        remedies: [vcRuntime(this.ids, env.description.python.architecture, [lib])],
        base: base + 0.05,
        signals: [signal],
        consistent: CONSISTENT['missing-vc-runtime'],
      });
      return;
    }
    const remedies: Remedy[] = [];
    // Copies recorded for the environment that exist now, in folders the loader did not search
    // (compared as real, normalised paths: "..", symlinks and Windows case do not hide a match).
    const files = this.input.files ?? NO_FILE_CHECK;
    const key = (p: string): string => pathKey(files.canonical(p), envPlatform(env));
    const dirs = new Set((searched ?? []).map((d) => key(d.path).replace(/\/$/, '')));
    const folderOf = (k: string): string => k.slice(0, Math.max(0, k.lastIndexOf('/')));
    const recorded = owners.filesNamed(lib);
    const elsewhere = recorded.filter((f) => files.exists(f) && !dirs.has(folderOf(key(f))));
    for (const f of elsewhere.slice(0, 3)) {
      evidence.push({ kind: 'file-owner', ...texts({ summary: message(searched !== null ? 'evidence.copy-elsewhere.unsearched' : 'evidence.copy-elsewhere', { library: lib, file: f }) }), owner: owners.ownerOf(f) });
    }
    // A file a package of this environment installed (its RECORD or conda-meta lists it) that is gone
    // now: that package lost it, so reinstalling that package restores it; no system package is needed.
    const lostBy = recorded
      .filter((f) => !files.exists(f))
      .map((f) => ({ file: f, owner: owners.ownerOf(f) }))
      .filter((l): l is { file: string; owner: FileOwner & { package: string } } => l.owner.package !== null);
    for (const l of lostBy.slice(0, 3)) {
      evidence.push({ kind: 'health-check', ...texts({ summary: message('evidence.lost-file', { package: l.owner.version ? `${l.owner.package} ${l.owner.version}` : l.owner.package, library: lib }) }), check: 'installed-files', status: 'problem', details: [l.file] });
    }
    const loser = lostBy[0]?.owner ?? null;
    const missingReq = this.input.health.findings.filter(
      (h): h is Extract<HealthFinding, { kind: 'requirement-missing' }> =>
        h.kind === 'requirement-missing' && pkg !== null && normalizeName(h.package) === normalizeName(pkg.name),
    );
    for (const req of missingReq) {
      evidence.push({ kind: 'health-check', summary: req.detail, check: 'requirements', status: 'problem', details: [req.detail] });
      remedies.push(
        reinstallDependents(
          this.ids,
          req.requirement,
          [{ name: pkg?.name ?? req.package, version: pkg?.version ?? req.version, manager }],
          manager,
          message('remedy.why.lost-requirement', { package: pkgParam(pkg), requirement: req.requirement, library: lib, name: pkg?.name ?? req.package }),
        ),
      );
    }
    if (envKind(env) === 'conda' && envPlatform(env) === 'windows' && elsewhere.some((f) => /[\\/]library[\\/]bin[\\/]/i.test(f))) remedies.push(activate(this.ids, env.description.prefix));
    if (loser && (!pkg || normalizeName(loser.package) !== normalizeName(pkg.name))) {
      remedies.push(forceReinstall(this.ids, loser.manager === 'conda' ? 'conda' : 'pip', loser.package, loser.version, message('remedy.why.reinstall-lost', { package: loser.package, library: lib })));
    }
    if (envPlatform(env) === 'linux' && missingReq.length === 0 && elsewhere.length === 0 && lostBy.length === 0) remedies.push(systemLibrary(this.ids, lib));
    if (pkg) remedies.push(forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-restores', { package: pkg.name, library: lib })));
    const lost = missingReq.map((r) => r.requirement).join(', ');
    this.add({
      // A lost requirement merges with the health check's finding about the same requirement.
      key: missingReq[0] ? `broken-requirements:${normalizeName(missingReq[0].package)}:${normalizeName(missingReq[0].requirement)}` : `missing-library:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
      kind: missingReq.length > 0 ? 'broken-requirements' : 'missing-library',
      ...texts({
        title: missingReq.length > 0 ? message('cause.broken-requirements.lost.title', { package: pkgParam(pkg), requirement: lost, library: lib }) : message('cause.missing-library.title', { library: lib, module: exam.module }),
        explanation: missingReq.length > 0 ? message('cause.broken-requirements.lost.explanation', { module: exam.module, library: lib, requirement: lost, package: pkg?.name ?? message('word.the-package') }) : message('cause.missing-library.explanation', { module: exam.module, library: lib }),
      }),
      module: exam.module,
      pkg,
      evidence,
      remedies,
      base: missingReq.length > 0 ? base + 0.1 : base,
      signals: missingReq.length > 0 ? [signal, 'health-check'] : [signal],
      consistent: CONSISTENT['missing-library'],
    });
  }

  /** Python ≥ 3.8 no longer searches PATH: the library is on PATH and nowhere this Python looks. */
  searchPolicy(exam: ModuleExamination, lib: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[], onPath: string): void {
    const pkg = exam.package;
    const folder = onPath.replace(/[\\/][^\\/]*$/, '');
    this.add({
      key: `search-policy:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
      kind: 'search-policy',
      ...texts({
        title: message('cause.search-policy.title', { library: lib, version: this.input.env.description.python.version, module: exam.module }),
        explanation: message('cause.search-policy.explanation', { library: lib, folder }),
      }),
      module: exam.module,
      pkg,
      evidence: [
        chainEvidence(links, lib, this.owners),
        { kind: 'search-path', ...texts({ summary: message('evidence.search-path.on-path', { library: lib, count: searched.length, path: onPath }) }), library: lib, directories: [...searched] },
        { kind: 'file-owner', ...texts({ summary: message('evidence.copy-on-path', { path: onPath }) }), owner: this.owners.ownerOf(onPath) },
      ],
      remedies: [
        {
          id: this.ids.take(),
          kind: 'manual',
          ...texts({ title: message('remedy.add-dll-directory.title', { folder, module: exam.module }), explanation: message('remedy.add-dll-directory.explanation') }),
          automatic: false,
          risk: 'low',
          steps: [`import os; os.add_dll_directory(r"${folder}")`, `import ${exam.module}`],
        },
        ...(pkg ? [forceReinstall(this.ids, primaryManager(pkg), managerName(pkg, primaryManager(pkg)), pkg.version, message('remedy.why.bundled-build', { package: pkg.name, library: lib }))] : []),
      ],
      base: 0.55,
      signals: ['static-simulation'],
      consistent: CONSISTENT['search-policy'],
    });
  }

  /** A library was found but lacks functions, ordinals or symbol versions the module imports. */
  missingSymbols(
    exam: ModuleExamination,
    detail: { importer: string; provider: string | null; symbols: readonly string[]; ordinals: readonly number[]; versions: readonly string[] },
    links: readonly DependencyLink[],
    signal: string,
  ): void {
    const { env } = this.input;
    const pkg = exam.package;
    const manager = primaryManager(pkg);
    const owners = this.owners;
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
    const providerVersions = providerPkg ? this.input.availableVersions.get(normalizeName(providerPkg.name)) : undefined;
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
          ? installVersion(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), inRange, message('remedy.why.in-range', { package: pkgParam(pkg), needs: stated.text, provider: providerPkg.name, version: inRange }))
          : installConstraint(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), stated.specifier, message('remedy.why.within-range', { package: pkgParam(pkg), needs: stated.text, installed: pkgLabel(providerPkg), what: whatWords })),
      );
    }
    if (pkg) {
      const dependents = manager === 'conda' ? condaDependentsNote(pkg, env.description.condaRecords) : '';
      const previous = previousVersion(this.input.availableVersions.get(normalizeName(pkg.name)), pkg.version);
      if (previous) {
        remedies.push(
          installVersion(this.ids, manager, managerName(pkg, manager), previous, message('remedy.why.previous-release', { package: pkg.name, previous, version: pkg.version ?? '', what: whatWords, note: dependents })),
        );
      } else if (pkg.version && !violated && (this.input.availableVersions.get(normalizeName(pkg.name)) ?? []).length === 0) {
        // No index answered: the same step in constraint form, the manager picks the release.
        remedies.push(installConstraint(this.ids, manager, managerName(pkg, manager), `<${pkg.version}`, message('remedy.why.release-before', { package: pkg.name, version: pkg.version, what: whatWords, note: dependents })));
      }
    }
    if (providerPkg && !pythonProvider && !violated) {
      const newer = newerVersion(providerVersions, providerPkg.version);
      if (newer) remedies.push(installVersion(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), newer, message('remedy.why.newer-provider', { provider: providerPkg.name, what: whatWords })));
      else if (providerPkg.version && (providerVersions ?? []).length === 0) {
        remedies.push(installConstraint(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), `>${providerPkg.version}`, message('remedy.why.provider-after', { provider: providerPkg.name, version: providerPkg.version, what: whatWords })));
      }
    }
    if (api?.minimum) remedies.push(upgradePython(this.ids, api.minimum, message('remedy.why.upgrade-python', { count: api.found.length, symbols: api.found.map((f) => f.symbol).join(', '), dll: providerName ?? 'python3.dll', version: api.minimum, package: pkgParam(pkg) })));
    // Reinstalling the same build cannot add a function to another file: offered only as a last
    // resort for a package whose own files may be mixed up, never for the interpreter's DLL.
    if (pkg && !pythonProvider) remedies.push({ ...forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-mixed', { package: pkg.name, what: whatWords })), risk: 'medium' });
    if (providerName !== null && !providerPkg && !pythonProvider && envPlatform(env) === 'linux' && providerOwner?.manager === 'system') remedies.push(systemLibrary(this.ids, providerName));
    this.add({
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

  /**
   * A failed live import whose text names the problem (Linux always does: the library, the symbol
   * or the version), used when no simulation finding explains the module.
   */
  fromImport(exam: ModuleExamination, parsed: ParsedError): void {
    const file = exam.path ?? exam.module;
    const signal = 'import-error';
    switch (parsed.failureClass) {
      case 'shared-object-not-found':
        if (parsed.library) this.missingLibrary(exam, baseName(parsed.library), [{ file, needs: baseName(parsed.library), resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      case 'module-not-found':
        if (parsed.library) this.missingLibrary(exam, baseName(parsed.library), [{ file, needs: baseName(parsed.library), resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      case 'undefined-symbol':
      case 'procedure-not-found':
        this.missingSymbols(exam, { importer: file, provider: null, symbols: parsed.symbol ? [parsed.symbol] : [], ordinals: [], versions: [] }, [], signal);
        return;
      case 'symbol-version-not-found': {
        const provider = parsed.library;
        const links: DependencyLink[] = provider ? [{ file, needs: baseName(provider), resolvedPath: provider, foundBy: null, owner: null }] : [];
        this.missingSymbols(exam, { importer: file, provider, symbols: [], ordinals: [], versions: parsed.symbolVersion ? [parsed.symbolVersion] : [] }, links, signal);
        return;
      }
      case 'python-dll-conflict':
        if (parsed.pythonDll) this.missingLibrary(exam, parsed.pythonDll, [{ file, needs: parsed.pythonDll, resolvedPath: null, foundBy: null, owner: null }], null, signal);
        return;
      default:
        return;
    }
  }

  fromFinding(exam: ModuleExamination, finding: LoadFinding): void {
    const { env } = this.input;
    const pkg = exam.package;
    const owners = this.owners;
    switch (finding.kind) {
      case 'missing-library':
        if (finding.onPathOnly) this.searchPolicy(exam, finding.library, finding.chain, finding.searched, finding.onPathOnly);
        else this.missingLibrary(exam, finding.library, finding.chain, finding.searched, 'static-simulation');
        return;
      case 'missing-symbols':
        this.missingSymbols(exam, finding, finding.chain, 'static-simulation');
        return;
      case 'wrong-architecture': {
        const filePkg = owners.packageOf(finding.file);
        const remedies: Remedy[] = [];
        if (filePkg) {
          remedies.push(forceReinstall(this.ids, primaryManager(filePkg), managerName(filePkg, primaryManager(filePkg)), filePkg.version, message('remedy.why.reinstall-architecture', { architecture: env.description.python.architecture ?? '', package: filePkg.name })));
        } else if (mayQuarantine(finding.file, env)) {
          remedies.push(quarantine(this.ids, finding.file, baseName(finding.file), null, message('remedy.why.quarantine-architecture', { file: finding.file, machine: finding.machine })));
        }
        this.add({
          key: `wrong-architecture:${finding.file.toLowerCase()}`,
          kind: 'wrong-architecture',
          ...texts({
            title: message('cause.wrong-architecture.title', { file: baseName(finding.file), machine: finding.machine, expected: finding.expectedMachine }),
            explanation: message('cause.wrong-architecture.explanation', { file: baseName(finding.file), machine: finding.machine, module: exam.module, expected: finding.expectedMachine }),
          }),
          module: exam.module,
          pkg: filePkg ?? pkg,
          evidence: [
            chainEvidence(finding.chain, null, owners),
            { kind: 'architecture', ...texts({ summary: message('evidence.architecture', { file: finding.file, machine: finding.machine, expected: finding.expectedMachine }) }), file: finding.file, machine: finding.machine, expectedMachine: finding.expectedMachine },
            { kind: 'file-owner', ...texts({ summary: message('evidence.owner-of', { file: baseName(finding.file), owner: filePkg ? pkgLabel(filePkg) : message('word.owner.not-this-environment') }) }), owner: owners.ownerOf(finding.file) },
          ],
          remedies,
          base: 0.6,
          signals: ['static-simulation'],
          consistent: CONSISTENT['wrong-architecture'],
        });
        return;
      }
      case 'outdated-vc-runtime':
        this.outdatedRuntime(exam, finding);
        return;
      case 'shadowed': {
        const winnerOwner = owners.ownerOf(finding.winner);
        this.add({
          key: `shadowed-library:${finding.library.toLowerCase()}:${finding.winner.toLowerCase()}`,
          kind: 'shadowed-library',
          ...texts({
            title: message('cause.shadowed-library.title', { library: finding.library, winner: finding.winner }),
            explanation: shadowExplanation(envPlatform(env), finding.library, finding.winner, finding.winnerStep, finding.intended, exam.module),
          }),
          module: exam.module,
          pkg,
          evidence: [
            chainEvidence(finding.chain, null, owners),
            { kind: 'shadowing', ...texts({ summary: message('evidence.shadowing', { library: finding.library, winner: finding.winner, step: finding.winnerStep, intended: finding.intended ?? message('word.environment-copy') }) }), library: finding.library, winner: finding.winner, winnerStep: finding.winnerStep, intended: finding.intended },
            { kind: 'search-path', ...texts({ summary: message('evidence.search-order', { library: finding.library }) }), library: finding.library, directories: [...finding.searched] },
            { kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: finding.winner, owner: winnerOwner.package ?? (winnerOwner.manager === 'system' ? message('word.owner.not-this-environment') : message('word.owner.none')) }) }), owner: winnerOwner },
          ],
          remedies: [
            // A folder on PATH / LD_LIBRARY_PATH wins: taking it off the variable is the fix that moves nothing.
            ...(/^(PATH|LD_LIBRARY_PATH)$/.test(finding.winnerStep) ? [offSearchPath(this.ids, finding.winner, finding.winnerStep, finding.library, envPlatform(env))] : []),
            ...(winnerOwner.package === null && mayQuarantine(finding.winner, env)
              ? [quarantine(this.ids, finding.winner, finding.library, finding.intended, message('remedy.why.quarantine-shadow', { file: finding.winner }))]
              : []),
          ],
          base: 0.55,
          signals: ['static-simulation'],
          consistent: CONSISTENT['shadowed-library'],
        });
        return;
      }
    }
  }

  /** The module was linked by a newer VC++ toolset than the runtime DLL the loader gives it. */
  outdatedRuntime(exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'outdated-vc-runtime' }>): void {
    const { env } = this.input;
    const lib = baseName(finding.runtime);
    const runtimeRelease = finding.runtimeVersion.split('.').slice(0, 2).join('.');
    const owner = this.owners.ownerOf(finding.runtime);
    const runtimePkg = this.owners.packageOf(finding.runtime);
    const arch = env.description.python.architecture === 'x86' ? 'x86' : env.description.python.architecture === 'arm64' ? 'arm64' : 'x64';
    const remedies: Remedy[] = [];
    const besidePython = pathKey(finding.runtime, envPlatform(env)).replace(/\/[^/]*$/, '') === pathKey(env.description.prefix, envPlatform(env)).replace(/\/$/, '');
    if (runtimePkg && managersOf(runtimePkg).includes('conda')) {
      // conda's runtime package (vc14_runtime, vs2015_runtime) is versioned by the runtime's version.
      remedies.push(installConstraint(this.ids, 'conda', managerName(runtimePkg, 'conda'), `>=${finding.linkerVersion}`, message('remedy.why.conda-runtime', { library: lib, package: pkgLabel(runtimePkg), name: runtimePkg.name, linker: finding.linkerVersion, importer: baseName(finding.importer) })));
    } else if (besidePython) {
      // python.exe loads the copy in its own folder first: a newer runtime in System32 alone changes nothing.
      const systemDir = arch === 'x86' ? 'SysWOW64' : 'System32';
      remedies.push({
        id: this.ids.take(),
        kind: 'manual',
        title: `Install the latest Visual C++ Redistributable (${arch}) and replace the older ${lib} next to python.exe`,
        explanation: `python.exe loads ${finding.runtime} from its own folder before any other copy, so installing the Redistributable alone does not change which ${lib} this Python uses. After the installation, the ${lib} in Windows' ${systemDir} folder is the newer one.`,
        automatic: false,
        risk: 'medium',
        steps: [
          `Download and run ${VC_REDIST_URLS[arch]}`,
          `Rename ${finding.runtime} to ${lib}.bak`,
          `Copy %SystemRoot%\\${systemDir}\\${lib} to ${finding.runtime.replace(/[\\/][^\\/]*$/, '')}`,
        ],
      });
    } else {
      remedies.push({ ...vcRuntime(this.ids, env.description.python.architecture, [lib]), explanation: `The latest Redistributable installs a ${lib} newer than ${finding.linkerVersion}, the toolset that linked ${baseName(finding.importer)}.` });
    }
    this.add({
      key: `outdated-vc-runtime:${finding.importer.toLowerCase()}:${lib.toLowerCase()}`,
      kind: 'outdated-vc-runtime',
      ...texts({
        title: message('cause.outdated-vc-runtime.title', { library: lib, release: runtimeRelease, linker: finding.linkerVersion, module: exam.module }),
        explanation: message('cause.outdated-vc-runtime.explanation', { importer: baseName(finding.importer), linker: finding.linkerVersion, library: lib, version: finding.runtimeVersion }),
      }),
      module: exam.module,
      pkg: exam.package,
      evidence: [
        chainEvidence(finding.chain, null, this.owners),
        {
          kind: 'runtime-version',
          ...texts({ summary: message('evidence.runtime-version', { importer: baseName(finding.importer), linker: finding.linkerVersion, runtime: finding.runtime, version: finding.runtimeVersion }) }),
          file: finding.importer,
          linkerVersion: finding.linkerVersion,
          runtime: finding.runtime,
          runtimeVersion: finding.runtimeVersion,
          sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES],
        },
        { kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: lib, owner: !owner.package && besidePython ? message('word.owner.interpreter-folder') : owner.package ? ownerWords(owner) : message('word.owner.none') }) }), owner },
      ],
      remedies,
      base: 0.45,
      signals: ['static-simulation', 'runtime-version'],
      consistent: CONSISTENT['outdated-vc-runtime'],
    });
  }

  fromHealth(finding: HealthFinding): void {
    const pkg = this.input.env.packages.find((p) => normalizeName(p.name) === normalizeName(finding.package)) ?? null;
    const health: Evidence = {
      kind: 'health-check',
      summary: finding.detail,
      check: finding.kind,
      status: 'problem',
      details: [finding.detail],
    };
    switch (finding.kind) {
      case 'installed-by-several-managers': {
        const inConda = envKind(this.input.env) === 'conda';
        const keep: PackageManager = inConda && finding.installs.some((i) => i.manager === 'conda') ? 'conda' : 'pip';
        const removeInstall = finding.installs.find((i) => i.manager !== keep);
        const remove = removeInstall?.manager ?? 'pip';
        this.add({
          key: `mixed-managers:${normalizeName(finding.package)}`,
          kind: 'mixed-managers',
          ...texts({
            title: message('cause.mixed-managers.title', { package: finding.package, installs: finding.installs.map((i) => `${i.manager}${i.version ? ` (${i.version})` : ''}`).join(' + ') }),
            explanation: message('cause.mixed-managers.explanation', { package: finding.package }),
          }),
          module: null,
          pkg,
          evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
          remedies: [removeDuplicate(this.ids, finding.package, keep, remove, removeInstall?.files ?? [])],
          base: 0.5,
          signals: ['health-check'],
          consistent: CONSISTENT['mixed-managers'],
        });
        return;
      }
      case 'unsupported-wheel-tag': {
        this.add({
          key: `python-abi-mismatch:${normalizeName(finding.package)}`,
          kind: 'python-abi-mismatch',
          ...texts({
            title: message('cause.wheel-tag.title', { package: `${finding.package}${finding.version ? ` ${finding.version}` : ''}`, tags: finding.tags.join(', ') }),
            explanation: message('cause.wheel-tag.explanation', { tags: finding.tags.join(', '), interpreter: finding.interpreterTag }),
          }),
          module: null,
          pkg,
          evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
          remedies: [forceReinstall(this.ids, primaryManager(pkg), finding.package, finding.version, message('remedy.why.wheel-tag', { tag: finding.interpreterTag, package: finding.package }))],
          base: 0.5,
          signals: ['health-check'],
          consistent: CONSISTENT['python-abi-mismatch'],
        });
        return;
      }
      case 'requirement-missing': {
        const dependents = [{ name: finding.package, version: finding.version, manager: primaryManager(pkg) }];
        this.add({
          key: `broken-requirements:${normalizeName(finding.package)}:${normalizeName(finding.requirement)}`,
          kind: 'broken-requirements',
          ...texts({
            title: message('cause.broken-requirements.title', { package: finding.package, requirement: finding.requirement }),
            explanation: message('cause.broken-requirements.explanation', { package: finding.package, requirement: finding.requirement }),
          }),
          module: null,
          pkg,
          evidence: [health],
          remedies: [reinstallDependents(this.ids, finding.requirement, dependents, primaryManager(pkg), message('remedy.why.missing-requirement', { package: finding.package, requirement: finding.requirement }))],
          base: 0.4,
          signals: ['health-check'],
          consistent: CONSISTENT['broken-requirements'],
        });
        return;
      }
    }
  }
}

const HIGH = 0.75;
const BINARY_PROOF = new Set<Evidence['kind']>(['missing-symbols', 'architecture', 'python-abi']);

/**
 * True when the loader simulation read the cause from the files: missing exports, a wrong machine,
 * another Python's DLL, or a DLL no search folder holds. A copied Windows folder lacks its
 * machine's System32, so a DLL missing there is not proved missing.
 */
function provedByBinaries(draft: Draft, offlineWindows: boolean): boolean {
  if (!draft.signals.includes('static-simulation')) return false;
  return draft.evidence.some((e) => BINARY_PROOF.has(e.kind) || (e.kind === 'search-path' && draft.kind === 'missing-library' && !offlineWindows));
}

function level(score: number): Confidence['level'] {
  if (score >= HIGH) return 'high';
  if (score >= 0.45) return 'medium';
  return 'low';
}

/** The failure class a failed live import shows, read with the same reader as pasted text. */
function importClass(outcome: ImportOutcome, parse: (t: string) => ParsedError): FailureClass | null {
  if (outcome.status !== 'failed') return null;
  return parse(`${outcome.traceback}\n${outcome.exceptionType ?? 'ImportError'}: ${outcome.message}`).failureClass;
}

/**
 * Ranks causes: score from the kind of evidence, raised by a live import that fails the same way,
 * by the pasted error and by a knowledge-base match, lowered when the module imports fine.
 */
/** Which copy wins and why, in the loader's own rules. */
function shadowExplanation(platform: Platform, library: string, winner: string, step: string, intended: string | null, module: string): MessageRef {
  const other = intended ? message('word.copy-that-has', { module, intended }) : message('word.environments-copy');
  if (platform !== 'linux') {
    return message('cause.shadowed-library.windows.explanation', { library, step, other, module });
  }
  const why: Record<string, MessageRef> = {
    LD_LIBRARY_PATH: message('word.ld-so.ld-library-path'),
    RPATH: message('word.ld-so.rpath'),
    RUNPATH: message('word.ld-so.runpath'),
    'ld.so.cache': message('word.ld-so.cache'),
    'already-loaded': message('word.ld-so.already-loaded'),
  };
  return message('cause.shadowed-library.linux.explanation', { why: why[step] ?? message('word.ld-so.finds-first', { winner, step }), library, winner, other, module });
}

export function rankCauses(input: RankInput, parse: (t: string) => ParsedError): Cause[] {
  const builder = new CauseBuilder(input);
  // Causes outside the environment's files (app/diagnosis/host/*) claim the findings they explain.
  const host = hostRuleContext({ input, ids: builder.ids, owners: builder.owners, add: (d) => builder.add(d), parse, chain: (links, missing) => chainEvidence(links, missing, builder.owners), metadata: metadataEvidence, label: pkgLabel, manager: primaryManager, consistent: (kind) => CONSISTENT[kind] });
  for (const exam of input.modules) {
    for (const finding of exam.simulation?.findings ?? []) {
      if (!HOST_RULES.some((r) => r.claimFinding?.(host, exam, finding) === true)) builder.fromFinding(exam, finding);
    }
    if ((exam.simulation?.findings.length ?? 0) === 0 && exam.importOutcome.status === 'failed') {
      const o = exam.importOutcome;
      const parsed = parse(`${o.traceback}\n${o.exceptionType ?? 'ImportError'}: ${o.message}`);
      if (!HOST_RULES.some((r) => r.claimImport?.(host, exam, parsed) === true)) builder.fromImport(exam, parsed);
    }
  }
  for (const rule of HOST_RULES) rule.examine?.(host);
  for (const finding of input.health.findings) builder.fromHealth(finding);

  const offlineWindows = envPlatform(input.env) === 'windows' && !canRunPython(input.env);
  const causes: Cause[] = [];
  for (const draft of builder.drafts.values()) {
    let score = draft.base;
    const signals = [...draft.signals];
    const exams = input.modules.filter((m) => (draft.module ? m.module === draft.module : draft.pkg !== null && m.package?.name === draft.pkg.name));
    for (const exam of exams) {
      const outcome = exam.importOutcome;
      if (outcome.status === 'failed') {
        const cls = importClass(outcome, parse);
        score += 0.2;
        signals.push('import-test-fails');
        if (cls !== null && draft.consistent.includes(cls)) {
          score += 0.1;
          signals.push('import-error-matches');
        }
        draft.evidence.unshift({
          kind: 'import-test',
          ...texts({ summary: message('evidence.import-fails', { module: exam.module, python: input.env.python, error: `${outcome.exceptionType ?? 'Error'}: ${outcome.message}` }) }),
          module: exam.module,
          python: input.env.python,
          ok: false,
          exceptionType: outcome.exceptionType,
          message: outcome.message,
        });
        break;
      }
      if (outcome.status === 'ok') {
        score *= 0.4;
        signals.push('import-succeeds');
        draft.evidence.push({ kind: 'import-test', ...texts({ summary: message('evidence.import-works', { module: exam.module, python: input.env.python }) }), module: exam.module, python: input.env.python, ok: true, exceptionType: null, message: null });
        break;
      }
    }
    if (input.error?.recognized && input.errorText !== null) {
      const moduleAgrees = input.error.module === null || draft.module === null || input.error.module === draft.module || draft.module.endsWith(`.${input.error.module}`) || input.error.module.endsWith(`.${draft.module.split('.').at(-1) ?? ''}`);
      const classAgrees = input.error.failureClass !== 'unknown' && draft.consistent.includes(input.error.failureClass);
      if (moduleAgrees && classAgrees) {
        score += 0.1;
        signals.push('reported-error-matches');
        draft.evidence.push({ kind: 'error-text', ...texts({ summary: message('evidence.reported-error-fits', { line: input.error.line ?? '' }) }), text: input.errorText, parsed: input.error });
      }
    }
    const matches = knownIssuesFor(draft, input);
    const known: Remedy[] = [];
    for (const match of matches) {
      score += match.strength === 'exact' ? 0.1 : 0.05;
      signals.push(`known-issue:${match.issue.id}`);
      draft.evidence.push({
        kind: 'known-issue',
        ...texts({ summary: match.strength === 'partial' ? message('evidence.known-issue.partial', { unchecked: match.unchecked.join(', '), summary: match.issue.summary }) : message('evidence.known-issue', { summary: match.issue.summary }) }),
        issueId: match.issue.id,
        sources: [...match.issue.sources],
      });
      for (const fix of match.issue.fixes) {
        const remedy = fromKnownFix(builder.ids, fix, {
          manager: primaryManager(draft.pkg),
          architecture: input.env.description.python.architecture,
          prefix: input.env.description.prefix,
          source: match.issue.sources[0] ?? match.issue.id,
        });
        if (remedy && !draft.remedies.some((r) => sameAction(r, remedy)) && !known.some((r) => sameAction(r, remedy))) known.push(remedy);
        else if (remedy) {
          // The evidence already proposed this step: move it forward, the known issue vouches for it.
          const index = draft.remedies.findIndex((r) => sameAction(r, remedy));
          if (index >= 0) known.push(...draft.remedies.splice(index, 1));
        }
      }
    }
    // Read from the binaries themselves (export table, import table, machine field): proof, not a guess.
    if (provedByBinaries(draft, offlineWindows) && !signals.includes('import-succeeds')) score = Math.max(score, HIGH);
    const finalScore = Math.min(0.99, Math.max(0.01, score));
    causes.push({
      id: draft.key,
      kind: draft.kind,
      title: draft.title,
      explanation: draft.explanation,
      ...(draft.messages ? { messages: draft.messages } : {}),
      confidence: { level: level(finalScore), score: Math.round(finalScore * 100) / 100, signals },
      module: draft.module,
      package: draft.pkg ? { name: draft.pkg.name, version: draft.pkg.version, managers: managersOf(draft.pkg) } : null,
      evidence: draft.evidence,
      remedies: [...known, ...draft.remedies],
    });
  }
  return causes.sort((a, b) => b.confidence.score - a.confidence.score || a.id.localeCompare(b.id));
}

/**
 * Known issues about the cause's package or a package whose file is in its dependency chain (a
 * broken libtiff build under Pillow's _imaging), that agree with the cause. Each package is asked
 * with everything known about it: version, Python, platform, installer, conda build, environment.
 */
function knownIssuesFor(draft: Draft, input: RankInput): KnownIssueMatch[] {
  const byName = (name: string): PackageFacts | undefined => input.env.packages.find((p) => normalizeName(p.name) === normalizeName(name));
  const candidates: PackageFacts[] = draft.pkg ? [draft.pkg] : [];
  // A NumPy ABI failure is a fact about the installed NumPy (>= 2), not the failing package: ask for it too.
  const numpy = draft.kind === 'numpy-abi' ? byName('numpy') : undefined;
  if (numpy && !candidates.includes(numpy)) candidates.push(numpy);
  for (const e of draft.evidence) {
    if (e.kind !== 'dependency-chain') continue;
    for (const link of e.links) {
      const pkg = link.owner?.package ? byName(link.owner.package) : undefined;
      if (pkg && !candidates.some((c) => normalizeName(c.name) === normalizeName(pkg.name))) candidates.push(pkg);
    }
  }
  const out: KnownIssueMatch[] = [];
  for (const pkg of candidates) {
    const found = findKnownIssues(
      {
        package: pkg.name,
        version: pkg.version,
        pythonVersion: input.env.description.python.version,
        platform: envPlatform(input.env),
        managers: managersOf(pkg),
        build: condaBuildOf(pkg),
        condaEnvironment: condaEnvironment(envKind(input.env)),
      },
      input.knowledgeBase,
    );
    for (const m of found) {
      if (m.issue.cause !== draft.kind && !CONSISTENT[draft.kind].includes(m.issue.symptom.failureClass)) continue;
      if (!out.some((o) => o.issue.id === m.issue.id)) out.push(m);
    }
  }
  return out;
}

/**
 * Whether the environment is a conda environment, for knowledge-base entries that say so. A venv
 * may have been made from a conda Python (its base is not recorded in the facts): not known.
 */
function condaEnvironment(kind: EnvironmentSummary['kind']): boolean | null {
  if (kind === 'conda') return true;
  return kind === 'system' ? false : null;
}

function sameAction(a: Remedy, b: Remedy): boolean {
  // One runtime installer covers every missing runtime DLL.
  if (a.kind === 'install-vc-runtime' && b.kind === 'install-vc-runtime') return a.architecture === b.architecture;
  const strip = (r: Remedy): string => JSON.stringify({ ...r, id: '', title: '', explanation: '', messages: undefined });
  return strip(a) === strip(b);
}
