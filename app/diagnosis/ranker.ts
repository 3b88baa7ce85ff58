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
  'os-too-old': ['undefined-symbol', 'shared-object-not-found'],
};

function primaryManager(pkg: PackageFacts | null): PackageManager {
  return (pkg ? managersOf(pkg) : []).find((m) => m !== 'unknown') ?? 'pip';
}

function pkgLabel(pkg: PackageFacts | null): string {
  if (!pkg) return 'this module';
  return pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name;
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
    summary: missing ? `Dependency chain down to the library that is not found: ${chainSummary(owned, end)}` : `Dependency chain: ${chainSummary(owned, end)}`,
    links: owned,
    missing,
  };
}

function metadataEvidence(pkg: PackageFacts): Evidence {
  const managers = managersOf(pkg).filter((m) => m !== 'unknown');
  return {
    kind: 'package-metadata',
    summary: `${pkgLabel(pkg)} is installed${managers.length > 0 ? ` by ${managers.join(' and ')}` : ''}${wheelTagsOf(pkg).length > 0 ? ` from a ${wheelTagsOf(pkg).join(', ')} wheel` : ''}.`,
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
        summary: `${lib} was looked for in ${searched.length} folder${searched.length === 1 ? '' : 's'}, in this order, and is in none of them.`,
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
        title: `${exam.module} (${pkgLabel(pkg)}) was built for Python ${builtFor}, this environment runs Python ${running}`,
        explanation: `The extension file asks for ${lib}, the library of Python ${builtFor}. This environment has a different Python, so the file cannot be loaded. This happens when a wheel for another Python version was installed or copied into the environment. Reinstalling the package lets pip pick the build made for this Python.`,
        module: exam.module,
        pkg,
        evidence: [
          { kind: 'python-abi', summary: `${baseName(file)} imports ${lib}; the environment runs Python ${running}.`, file, builtFor: lib, running },
          ...evidence,
          ...(pkg ? [metadataEvidence(pkg)] : []),
        ],
        remedies: pkg ? [forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, `The reinstall downloads the ${pkg.name} build for this Python instead of the one for Python ${builtFor}.`)] : [],
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
        title: `The Microsoft Visual C++ runtime (${lib}) is missing`,
        explanation: `${exam.module} (${pkgLabel(pkg)}) was compiled with Microsoft Visual C++ and needs its runtime library ${lib}. It is neither in the environment nor in Windows' system folder, so Windows cannot load the module. Installing the Visual C++ Redistributable from Microsoft adds it for every program.`,
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
      evidence.push({ kind: 'file-owner', summary: `A copy of ${lib} exists at ${f}${searched !== null ? ', a folder the loader does not search' : ''}.`, owner: owners.ownerOf(f) });
    }
    // A file a package of this environment installed (its RECORD or conda-meta lists it) that is gone
    // now: that package lost it, so reinstalling that package restores it; no system package is needed.
    const lostBy = recorded
      .filter((f) => !files.exists(f))
      .map((f) => ({ file: f, owner: owners.ownerOf(f) }))
      .filter((l): l is { file: string; owner: FileOwner & { package: string } } => l.owner.package !== null);
    for (const l of lostBy.slice(0, 3)) {
      evidence.push({ kind: 'health-check', summary: `${l.owner.package}${l.owner.version ? ` ${l.owner.version}` : ''} installed ${lib} (its record of installed files lists it), and the file is missing now.`, check: 'installed-files', status: 'problem', details: [l.file] });
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
          `${pkgLabel(pkg)} requires ${req.requirement}, which is no longer installed; ${lib} came with it. Reinstalling ${pkg?.name ?? req.package} brings its requirements back.`,
        ),
      );
    }
    if (envKind(env) === 'conda' && envPlatform(env) === 'windows' && elsewhere.some((f) => /[\\/]library[\\/]bin[\\/]/i.test(f))) remedies.push(activate(this.ids, env.description.prefix));
    if (loser && (!pkg || normalizeName(loser.package) !== normalizeName(pkg.name))) {
      remedies.push(forceReinstall(this.ids, loser.manager === 'conda' ? 'conda' : 'pip', loser.package, loser.version, `${loser.package} installed ${lib} and lost it; a reinstall puts its files back.`));
    }
    if (envPlatform(env) === 'linux' && missingReq.length === 0 && elsewhere.length === 0 && lostBy.length === 0) remedies.push(systemLibrary(this.ids, lib));
    if (pkg) remedies.push(forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, `A reinstall restores any file of ${pkg.name} that was deleted, including a bundled ${lib}.`));
    const lost = missingReq.map((r) => r.requirement).join(', ');
    this.add({
      // A lost requirement merges with the health check's finding about the same requirement.
      key: missingReq[0] ? `broken-requirements:${normalizeName(missingReq[0].package)}:${normalizeName(missingReq[0].requirement)}` : `missing-library:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
      kind: missingReq.length > 0 ? 'broken-requirements' : 'missing-library',
      title: missingReq.length > 0 ? `${pkgLabel(pkg)} lost its requirement ${lost}, which provided ${lib}` : `${lib}, needed by ${exam.module}, is not found`,
      explanation: `To load ${exam.module} the system must also load ${lib}, and it is in none of the places the loader looks.${missingReq.length > 0 ? ` ${lib} came with ${lost}, which ${pkg?.name ?? 'the package'} requires but which is no longer installed.` : ''}`,
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
      title: `${lib} is only on PATH, which Python ${this.input.env.description.python.version} no longer searches for ${exam.module}`,
      explanation: `Since Python 3.8, Windows looks for an extension module's DLLs only next to the module, next to python.exe, in folders added with os.add_dll_directory() and in System32, never on PATH. ${lib} sits in ${folder}, which is on PATH, so older Pythons found it and this one does not. The package should add that folder with os.add_dll_directory(), or the DLL should be installed next to the module.`,
      module: exam.module,
      pkg,
      evidence: [
        chainEvidence(links, lib, this.owners),
        { kind: 'search-path', summary: `${lib} was looked for in ${searched.length} folder(s) and is in none of them; PATH holds it at ${onPath}.`, library: lib, directories: [...searched] },
        { kind: 'file-owner', summary: `The copy on PATH: ${onPath}.`, owner: this.owners.ownerOf(onPath) },
      ],
      remedies: [
        {
          id: this.ids.take(),
          kind: 'manual',
          title: `Add ${folder} with os.add_dll_directory() before importing ${exam.module}`,
          explanation: 'os.add_dll_directory() puts a folder back on the search path of this process (Python 3.8 "What\'s New", bpo-36085). Packages such as GDAL read an environment variable for this (USE_PATH_FOR_GDAL_PYTHON=YES).',
          automatic: false,
          risk: 'low',
          steps: [`import os; os.add_dll_directory(r"${folder}")`, `import ${exam.module}`],
        },
        ...(pkg ? [forceReinstall(this.ids, primaryManager(pkg), managerName(pkg, primaryManager(pkg)), pkg.version, `A build of ${pkg.name} that ships ${lib} inside the package needs no PATH.`)] : []),
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
    const providerVersions = providerPkg ? this.input.availableVersions.get(normalizeName(providerPkg.name)) : undefined;
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
          ? installVersion(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), inRange, `${pkgLabel(pkg)} states it needs ${stated.text}; ${providerPkg.name} ${inRange} is the newest release within that range the index offers.`)
          : installConstraint(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), stated.specifier, `${pkgLabel(pkg)} states it needs ${stated.text}, and ${pkgLabel(providerPkg)} is installed. Installing within that range brings the ${what} it was built against.`),
      );
    }
    if (pkg) {
      const dependents = manager === 'conda' ? condaDependentsNote(pkg, env.description.condaRecords) : '';
      const previous = previousVersion(this.input.availableVersions.get(normalizeName(pkg.name)), pkg.version);
      if (previous) {
        remedies.push(
          installVersion(this.ids, manager, managerName(pkg, manager), previous, `${pkg.name} ${previous} is the release before ${pkg.version}: the smallest step back, likely built before ${pkg.version} started to ask for ${what}. The import test after the change confirms it.${dependents}`),
        );
      } else if (pkg.version && !violated && (this.input.availableVersions.get(normalizeName(pkg.name)) ?? []).length === 0) {
        // No index answered: the same step in constraint form, the manager picks the release.
        remedies.push(installConstraint(this.ids, manager, managerName(pkg, manager), `<${pkg.version}`, `A ${pkg.name} release before ${pkg.version} may not ask for ${what} yet; the manager picks the newest such release, and the import test after the change shows whether it loads.${dependents}`));
      }
    }
    if (providerPkg && !pythonProvider && !violated) {
      const newer = newerVersion(providerVersions, providerPkg.version);
      if (newer) remedies.push(installVersion(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), newer, `A newer ${providerPkg.name} may provide ${what}.`));
      else if (providerPkg.version && (providerVersions ?? []).length === 0) {
        remedies.push(installConstraint(this.ids, primaryManager(providerPkg), managerName(providerPkg, primaryManager(providerPkg)), `>${providerPkg.version}`, `A ${providerPkg.name} release after ${providerPkg.version} may provide ${what}; the import test after the change shows whether it does.`));
      }
    }
    if (api?.minimum) remedies.push(upgradePython(this.ids, api.minimum, `${api.found.map((f) => f.symbol).join(', ')} ${api.found.length === 1 ? 'is' : 'are'} exported by ${providerName ?? 'the Python DLL'} from CPython ${api.minimum} on; the installed ${pkgLabel(pkg)} then loads as it is.`));
    // Reinstalling the same build cannot add a function to another file: offered only as a last
    // resort for a package whose own files may be mixed up, never for the interpreter's DLL.
    if (pkg && !pythonProvider) remedies.push({ ...forceReinstall(this.ids, manager, managerName(pkg, manager), pkg.version, `Only helps if ${pkg.name}'s own files are a mix of two releases: the same build asks for the same ${what} again.`), risk: 'medium' });
    if (providerName !== null && !providerPkg && !pythonProvider && envPlatform(env) === 'linux' && providerOwner?.manager === 'system') remedies.push(systemLibrary(this.ids, providerName));
    this.add({
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
          remedies.push(forceReinstall(this.ids, primaryManager(filePkg), managerName(filePkg, primaryManager(filePkg)), filePkg.version, `The reinstall fetches the ${env.description.python.architecture} build of ${filePkg.name} for this interpreter.`));
        } else if (mayQuarantine(finding.file, env)) {
          remedies.push(quarantine(this.ids, finding.file, baseName(finding.file), null, `${finding.file} is a ${finding.machine} file that no package of this environment owns; moving it aside lets the loader continue its search.`));
        }
        this.add({
          key: `wrong-architecture:${finding.file.toLowerCase()}`,
          kind: 'wrong-architecture',
          title: `${baseName(finding.file)} is a ${finding.machine} file, this Python is ${finding.expectedMachine}`,
          explanation: `A 64-bit program cannot load 32-bit libraries and the reverse. ${baseName(finding.file)} was built for ${finding.machine}, but the Python running ${exam.module} is ${finding.expectedMachine}, so loading stops with "not a valid application".`,
          module: exam.module,
          pkg: filePkg ?? pkg,
          evidence: [
            chainEvidence(finding.chain, null, owners),
            { kind: 'architecture', summary: `${finding.file} is ${finding.machine}; the interpreter is ${finding.expectedMachine}.`, file: finding.file, machine: finding.machine, expectedMachine: finding.expectedMachine },
            { kind: 'file-owner', summary: `Owner of ${baseName(finding.file)}: ${filePkg ? pkgLabel(filePkg) : 'no package of this environment'}.`, owner: owners.ownerOf(finding.file) },
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
          title: `Another copy of ${finding.library} (${finding.winner}) is loaded instead of the environment's`,
          explanation: shadowExplanation(envPlatform(env), finding.library, finding.winner, finding.winnerStep, finding.intended, exam.module),
          module: exam.module,
          pkg,
          evidence: [
            chainEvidence(finding.chain, null, owners),
            { kind: 'shadowing', summary: `${finding.library} resolves to ${finding.winner} (${finding.winnerStep}) instead of ${finding.intended ?? 'the environment copy'}.`, library: finding.library, winner: finding.winner, winnerStep: finding.winnerStep, intended: finding.intended },
            { kind: 'search-path', summary: `Search order for ${finding.library}.`, library: finding.library, directories: [...finding.searched] },
            { kind: 'file-owner', summary: `${finding.winner} belongs to ${winnerOwner.package ?? (winnerOwner.manager === 'system' ? 'no package of this environment' : 'no recorded package')}.`, owner: winnerOwner },
          ],
          remedies: [
            // A folder on PATH / LD_LIBRARY_PATH wins: taking it off the variable is the fix that moves nothing.
            ...(/^(PATH|LD_LIBRARY_PATH)$/.test(finding.winnerStep) ? [offSearchPath(this.ids, finding.winner, finding.winnerStep, finding.library, envPlatform(env))] : []),
            ...(winnerOwner.package === null && mayQuarantine(finding.winner, env)
              ? [quarantine(this.ids, finding.winner, finding.library, finding.intended, `${finding.winner} belongs to no package of this environment and is found first; in quarantine it can be restored if another program needs it.`)]
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
      remedies.push(installConstraint(this.ids, 'conda', managerName(runtimePkg, 'conda'), `>=${finding.linkerVersion}`, `${lib} comes from conda's ${pkgLabel(runtimePkg)}; a ${runtimePkg.name} of ${finding.linkerVersion} or later installs a runtime at least as new as the toolset that linked ${baseName(finding.importer)}.`));
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
      title: `The Visual C++ runtime ${lib} ${runtimeRelease} is older than the ${finding.linkerVersion} that ${exam.module} needs`,
      explanation: `${baseName(finding.importer)} was linked by the Visual C++ ${finding.linkerVersion} toolset, and the ${lib} it loads is version ${finding.runtimeVersion}. Microsoft supports this only when the runtime is at least as new as the toolset that built the module; an older runtime can lack functions the module calls or fail when it starts. A runtime of ${finding.linkerVersion} or later fixes it.`,
      module: exam.module,
      pkg: exam.package,
      evidence: [
        chainEvidence(finding.chain, null, this.owners),
        {
          kind: 'runtime-version',
          summary: `${baseName(finding.importer)} was linked by toolset ${finding.linkerVersion} (PE linker version); ${finding.runtime} is ${finding.runtimeVersion} (its version resource). The runtime must be at least as new as the toolset (Microsoft, "C++ binary compatibility between Visual Studio versions").`,
          file: finding.importer,
          linkerVersion: finding.linkerVersion,
          runtime: finding.runtime,
          runtimeVersion: finding.runtimeVersion,
          sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES],
        },
        { kind: 'file-owner', summary: `${lib} belongs to ${owner.package ? `${owner.package} ${owner.version ?? ''} (${owner.manager})` : besidePython ? "the interpreter's own folder (no recorded package)" : 'no recorded package'}.`, owner },
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
          title: `${finding.package} is installed twice, by ${finding.installs.map((i) => `${i.manager}${i.version ? ` (${i.version})` : ''}`).join(' and ')}`,
          explanation: `pip and conda each installed their own ${finding.package} into the same folders. Their files overwrite each other, so the extension modules and the libraries they need can come from different builds. Keep one copy: in a conda environment, conda's.`,
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
          title: `${finding.package}${finding.version ? ` ${finding.version}` : ''} was installed from a wheel for another Python (${finding.tags.join(', ')})`,
          explanation: `The wheel's tags say it was built for ${finding.tags.join(', ')}, but this environment's interpreter is ${finding.interpreterTag}. Its compiled modules expect a different Python. Reinstalling lets pip choose the right build.`,
          module: null,
          pkg,
          evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
          remedies: [forceReinstall(this.ids, primaryManager(pkg), finding.package, finding.version, `pip picks the ${finding.interpreterTag} build when it reinstalls ${finding.package}.`)],
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
          title: `${finding.package} requires ${finding.requirement}, which is not installed`,
          explanation: `${finding.package} declares that it needs ${finding.requirement}, and ${finding.requirement} is not in the environment (it was removed, or never installed). Reinstalling ${finding.package} brings it back.`,
          module: null,
          pkg,
          evidence: [health],
          remedies: [reinstallDependents(this.ids, finding.requirement, dependents, primaryManager(pkg), `Reinstalling ${finding.package} makes pip install its missing requirement ${finding.requirement}.`)],
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
function shadowExplanation(platform: Platform, library: string, winner: string, step: string, intended: string | null, module: string): string {
  const other = intended ? `the copy that has what ${module} needs (${intended})` : "the environment's copy";
  if (platform !== 'linux') {
    return `Windows takes the first ${library} it finds. A copy in ${step} comes before ${other}, and that copy does not match ${module}. Moving the stray copy out of the way lets the right one load.`;
  }
  const why: Record<string, string> = {
    LD_LIBRARY_PATH: 'ld.so searches the folders of LD_LIBRARY_PATH before a module\'s RUNPATH (ld.so(8))',
    RPATH: 'ld.so searches DT_RPATH (of the module, the objects that loaded it and the executable) before LD_LIBRARY_PATH, when the module has no RUNPATH',
    RUNPATH: "ld.so searches the module's RUNPATH after LD_LIBRARY_PATH and before /etc/ld.so.cache",
    'ld.so.cache': 'ld.so looks in /etc/ld.so.cache before the default folders',
    'already-loaded': 'an object with that name is already in the process (loaded by the interpreter or an earlier import), and ld.so reuses it without searching',
  };
  return `${why[step] ?? `ld.so finds ${winner} first (${step})`}, so ${library} resolves to ${winner} instead of ${other}, and that copy lacks what ${module} needs.`;
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
          summary: `Importing ${exam.module} with ${input.env.python} fails: ${outcome.exceptionType ?? 'Error'}: ${outcome.message}`,
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
        draft.evidence.push({ kind: 'import-test', summary: `Importing ${exam.module} with ${input.env.python} works.`, module: exam.module, python: input.env.python, ok: true, exceptionType: null, message: null });
        break;
      }
    }
    if (input.error?.recognized && input.errorText !== null) {
      const moduleAgrees = input.error.module === null || draft.module === null || input.error.module === draft.module || draft.module.endsWith(`.${input.error.module}`) || input.error.module.endsWith(`.${draft.module.split('.').at(-1) ?? ''}`);
      const classAgrees = input.error.failureClass !== 'unknown' && draft.consistent.includes(input.error.failureClass);
      if (moduleAgrees && classAgrees) {
        score += 0.1;
        signals.push('reported-error-matches');
        draft.evidence.push({ kind: 'error-text', summary: `The error you reported fits this cause: ${input.error.line ?? ''}`, text: input.errorText, parsed: input.error });
      }
    }
    const matches = knownIssuesFor(draft, input);
    const known: Remedy[] = [];
    for (const match of matches) {
      score += match.strength === 'exact' ? 0.1 : 0.05;
      signals.push(`known-issue:${match.issue.id}`);
      draft.evidence.push({
        kind: 'known-issue',
        summary: `Known issue${match.strength === 'partial' ? ` (not checked: ${match.unchecked.join(', ')})` : ' (confirmed: every condition holds here)'}: ${match.issue.summary}`,
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
  const strip = (r: Remedy): string => JSON.stringify({ ...r, id: '', title: '', explanation: '' });
  return strip(a) === strip(b);
}
