/**
 * The diagnosis data model: failure classes, evidence, confidence, causes and executable remedies.
 *
 * Every type is a zod schema first and a TypeScript type second, so the same definition checks a
 * report read back from disk, generates the published JSON schema (docs/report-schema.md) and types
 * the code that builds it. The repair engine consumes `Remedy`: each remedy is data it can execute
 * (package, version, manager, files involved), never prose it has to interpret.
 */
import { z } from 'zod';
import { hostFactsSchema } from '../host-facts/types';
import { fieldMessagesSchema, messageRefSchema } from '../messages/schema';

/** Who installed a package or a file into the environment. */
export const packageManagerSchema = z.enum(['pip', 'conda', 'system', 'unknown']);
export type PackageManager = z.infer<typeof packageManagerSchema>;

export const platformSchema = z.enum(['windows', 'linux', 'macos', 'unknown']);
export type Platform = z.infer<typeof platformSchema>;

/**
 * The class of a load failure as the error text states it.
 *
 * Windows classes are keyed by the Win32 error code CPython formats (Python/dynload_win.c):
 * 126 ERROR_MOD_NOT_FOUND, 127 ERROR_PROC_NOT_FOUND, 182 ERROR_INVALID_ORDINAL, 193
 * ERROR_BAD_EXE_FORMAT, 1114 ERROR_DLL_INIT_FAILED, 1455 ERROR_COMMITMENT_LIMIT
 * (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-).
 * Linux classes follow the dlerror() texts of glibc's dynamic loader (elf/dl-load.c, dl-lookup.c,
 * dl-version.c).
 */
export const failureClassSchema = z.enum([
  'module-not-found', // Win32 126
  'procedure-not-found', // Win32 127
  'invalid-ordinal', // Win32 182
  'bad-exe-format', // Win32 193
  'dll-init-failed', // Win32 1114
  'paging-file-too-small', // Win32 1455
  'python-dll-conflict', // "Module use of pythonXY.dll conflicts with this version of Python."
  'shared-object-not-found', // "cannot open shared object file"
  'undefined-symbol', // "undefined symbol: X"
  'symbol-version-not-found', // "version `GLIBCXX_3.4.30' not found"
  'wrong-elf-class', // "wrong ELF class: ELFCLASS32"
  'invalid-parameter', // Win32 87 ERROR_INVALID_PARAMETER
  'incompatible-architecture', // macOS dyld: "mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64')"
  'unknown',
]);
export type FailureClass = z.infer<typeof failureClassSchema>;

/** Where in the pasted text the module name was found, best source first. */
export const moduleSourceSchema = z.enum([
  'while-importing', // "DLL load failed while importing _imaging"
  'from-import', // "from . import _imaging as core"
  'error-loading', // torch's 'Error loading "...\\c10.dll"'
  'shared-object-path', // "/site-packages/pkg/_ext.cpython-311-x86_64-linux-gnu.so: undefined symbol"
  'file-path', // File "...\\PIL\\Image.py", line 56
  'import-statement', // "import cv2"
]);
export type ModuleSource = z.infer<typeof moduleSourceSchema>;

/** What a macOS dyld message states: the image it tried, where from, why, and the architectures. */
export const dyldFactsSchema = z.object({
  /** The file dlopen() was asked to load (`dlopen(/…/_ext.cpython-311-darwin.so, 0x0002)`). */
  image: z.string().nullable(),
  /** The install name that could not be loaded (`Library not loaded: @rpath/libX.dylib`). */
  installName: z.string().nullable(),
  /** `Referenced from:` the binary that needs it. */
  referencedFrom: z.string().nullable(),
  /** `Reason:` as dyld gave it. */
  reason: z.string().nullable(),
  /** `tried:` every path dyld tried, in order, with why each failed (the @rpath chain expanded). */
  tried: z.array(z.object({ path: z.string(), why: z.string() })),
  /** `Expected in:` the image (or "flat namespace") the symbol was expected in. */
  expectedIn: z.string().nullable(),
  /** Architectures the file has and the process needs. */
  have: z.array(z.string()),
  need: z.string().nullable(),
});
export type DyldFacts = z.infer<typeof dyldFactsSchema>;

/** What the error text reader recognised in a pasted error. Unknown text stays `recognized: false`. */
export const parsedErrorSchema = z.object({
  recognized: z.boolean(),
  failureClass: failureClassSchema,
  platform: platformSchema,
  /** Win32 error code, stated in the text or derived from the (possibly localised) message. */
  errorCode: z.number().int().nullable(),
  /** Language of the system message when it was matched from a localised table ('en', 'de', ...). */
  language: z.string().nullable(),
  exceptionType: z.string().nullable(),
  /** The extension module as Python names it: a dotted name where the text allows it ("PIL._imaging"). */
  module: z.string().nullable(),
  moduleSource: moduleSourceSchema.nullable(),
  /** The DLL or shared object the text names (Linux always does, Windows rarely). */
  library: z.string().nullable(),
  symbol: z.string().nullable(),
  symbolVersion: z.string().nullable(),
  /** For python-dll-conflict: the pythonXY.dll the extension was built for. */
  pythonDll: z.string().nullable(),
  /** The line the classification came from, as given. */
  line: z.string().nullable(),
  /**
   * macOS dyld facts (Library not loaded / Symbol not found / incompatible architecture). Optional so
   * reports written before macOS was read still parse.
   */
  dyld: dyldFactsSchema.nullable().optional(),
  /** What the reader could not do with this text, in plain words (e.g. no Mach-O analysis yet). */
  limitations: z.array(z.string()).optional(),
  /** The user's program the traceback names (its outermost own frame), offered for the context replay. */
  program: z.object({ file: z.string(), line: z.number().int() }).nullable().optional(),
});
export type ParsedError = z.infer<typeof parsedErrorSchema>;

/** A file with the package that owns it and the manager that installed that package. */
export const fileOwnerSchema = z.object({
  path: z.string(),
  package: z.string().nullable(),
  version: z.string().nullable(),
  manager: packageManagerSchema,
});
export type FileOwner = z.infer<typeof fileOwnerSchema>;

/** One edge of a dependency chain: `file` needs `needs`, which resolved to `resolvedPath` (or not). */
export const dependencyLinkSchema = z.object({
  file: z.string(),
  needs: z.string(),
  resolvedPath: z.string().nullable(),
  /** The search step that found it ('dll-load-dir', 'System32', 'PATH', 'RUNPATH', 'ld.so.cache', ...). */
  foundBy: z.string().nullable(),
  owner: fileOwnerSchema.nullable(),
});
export type DependencyLink = z.infer<typeof dependencyLinkSchema>;

export const searchDirectorySchema = z.object({
  path: z.string(),
  /** Why the loader looks here ('dll-load-dir', 'application-dir', 'add_dll_directory', 'System32', 'PATH', 'RUNPATH', ...). */
  step: z.string(),
  /** Whether this folder holds a file of the searched name. */
  contains: z.boolean(),
});
export type SearchDirectory = z.infer<typeof searchDirectorySchema>;

/**
 * `messages`, on every object with sentences: the message id and parameters behind each sentence
 * field (app/messages), by field name, so the renderer and the report write it in the reader's
 * language; the field itself keeps the English words.
 */
const evidenceBase = { summary: z.string(), messages: fieldMessagesSchema };

/** One import of a replayed program: whether it worked and the native libraries it loaded (the relevant ones first, capped). */
export const importTimelineStepSchema = z.object({
  module: z.string(),
  ok: z.boolean(),
  message: z.string().nullable(),
  loaded: z.array(z.object({ path: z.string(), package: z.string().nullable() })),
  /** Libraries it loaded beyond those listed. */
  more: z.number().int().nonnegative(),
  /** os.add_dll_directory / ctypes.dlopen calls it made ("os.add_dll_directory C:\\...\\torch\\lib"). */
  events: z.array(z.string()),
});
export type ImportTimelineStep = z.infer<typeof importTimelineStepSchema>;

/**
 * One fact behind a cause, with a one-line plain-language summary for the report.
 *
 * A cause without evidence is never reported, so each kind records where the
 * fact came from: the live import, the static loader simulation, package metadata, a health check
 * or the knowledge base.
 */
export const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('error-text'), ...evidenceBase, text: z.string(), parsed: parsedErrorSchema }),
  z.object({
    kind: z.literal('import-test'),
    ...evidenceBase,
    module: z.string(),
    python: z.string(),
    ok: z.boolean(),
    exceptionType: z.string().nullable(),
    message: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('dependency-chain'),
    ...evidenceBase,
    links: z.array(dependencyLinkSchema),
    /** The library at the end of the chain that could not be loaded, if any. */
    missing: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('search-path'),
    ...evidenceBase,
    library: z.string(),
    directories: z.array(searchDirectorySchema),
  }),
  z.object({
    kind: z.literal('missing-symbols'),
    ...evidenceBase,
    importer: z.string(),
    provider: z.string(),
    symbols: z.array(z.string()),
    ordinals: z.array(z.number().int()),
    /** ELF symbol versions (GLIBCXX_3.4.30) the importer needs and the provider lacks. */
    versions: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('architecture'),
    ...evidenceBase,
    file: z.string(),
    machine: z.string(),
    expectedMachine: z.string(),
  }),
  z.object({ kind: z.literal('file-owner'), ...evidenceBase, owner: fileOwnerSchema }),
  z.object({
    kind: z.literal('shadowing'),
    ...evidenceBase,
    library: z.string(),
    /** The copy the loader takes. */
    winner: z.string(),
    winnerStep: z.string(),
    /** The copy the environment meant to use, when there is one. */
    intended: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('package-metadata'),
    ...evidenceBase,
    package: z.string(),
    version: z.string().nullable(),
    managers: z.array(packageManagerSchema),
    wheelTags: z.array(z.string()),
    requires: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('python-abi'),
    ...evidenceBase,
    file: z.string(),
    /** What the extension was built for ('python37.dll', 'cp37'). */
    builtFor: z.string(),
    /** What the environment runs ('python36.dll', 'cp36'). */
    running: z.string(),
  }),
  z.object({
    /** A module's linker (toolset) version and the version resource of the runtime DLL it loads. */
    kind: z.literal('runtime-version'),
    ...evidenceBase,
    file: z.string(),
    linkerVersion: z.string(),
    runtime: z.string(),
    runtimeVersion: z.string(),
    /** The documentation that states the rule. */
    sources: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('health-check'),
    ...evidenceBase,
    check: z.string(),
    status: z.enum(['ok', 'warning', 'problem']),
    details: z.array(z.string()),
  }),
  z.object({
    kind: z.literal('known-issue'),
    ...evidenceBase,
    issueId: z.string(),
    sources: z.array(z.string()),
  }),
  z.object({
    /** The program's imports replayed in order (app/diagnosis/context): what each one loaded. */
    kind: z.literal('import-timeline'),
    ...evidenceBase,
    steps: z.array(importTimelineStepSchema),
    /** The library two imports each brought a copy of, when the replay found one. */
    conflict: z
      .object({
        library: z.string(),
        /** Index in steps of the import that loaded the copy the failing module got. */
        step: z.number().int().nonnegative(),
        earlierCopy: z.string(),
        ownCopy: z.string(),
        missing: z.array(z.string()),
      })
      .nullable(),
  }),
  /** A fact of the machine (app/host-facts): its name, its value as read, and the call or file it came from. */
  z.object({ kind: z.literal('host-fact'), ...evidenceBase, fact: z.string(), value: z.string(), source: z.string() }),
]);
export type Evidence = z.infer<typeof evidenceSchema>;
export type EvidenceKind = Evidence['kind'];

/**
 * How sure the ranker is, as a score in [0, 1], its band, and the signals that produced it.
 *
 * The score orders causes; the band is what people read. Signals are named so a report shows
 * why one cause outranks another (e.g. "import-test-confirms", "static-simulation", "known-issue").
 */
export const confidenceSchema = z.object({
  level: z.enum(['high', 'medium', 'low']),
  score: z.number().min(0).max(1),
  signals: z.array(z.string()),
});
export type Confidence = z.infer<typeof confidenceSchema>;

const remedyBase = {
  /** Stable within one diagnosis: the repair engine and the wizard refer to a remedy by it. */
  id: z.string(),
  /** One line, imperative: "Install Pillow 4.0.0 with pip". */
  title: z.string(),
  /** Why this fixes the cause, in plain language. */
  explanation: z.string(),
  /** True when the repair engine can carry it out; false when a person must (install an OS feature). */
  automatic: z.boolean(),
  risk: z.enum(['low', 'medium', 'high']),
  /** Exactly one remedy of a diagnosis is recommended: the one to try first. */
  recommended: z.boolean().optional(),
  /** Why that one, in plain language (set with `recommended`). */
  recommendedBecause: z.string().optional(),
  messages: fieldMessagesSchema,
};

const dependentSchema = z.object({ name: z.string(), version: z.string().nullable(), manager: packageManagerSchema });
export type Dependent = z.infer<typeof dependentSchema>;

/**
 * A fix as data. It applies to the environment of the diagnosis that carries it
 * (`Diagnosis.environment`); the repair engine turns each kind into argument arrays for pip or conda,
 * or into file moves, and shows a dry run first.
 */
export const remedySchema = z.discriminatedUnion('kind', [
  /** `pip install <package>==<version>` (down- or upgrade). */
  z.object({ kind: z.literal('pip-install-version'), ...remedyBase, package: z.string(), version: z.string() }),
  /** `pip install --force-reinstall --no-deps <package>==<version>`. */
  z.object({ kind: z.literal('pip-force-reinstall'), ...remedyBase, package: z.string(), version: z.string().nullable() }),
  /** `conda install <package>=<version>` (optionally from a channel). */
  z.object({
    kind: z.literal('conda-install-version'),
    ...remedyBase,
    package: z.string(),
    version: z.string(),
    channel: z.string().nullable(),
  }),
  /** `conda install --force-reinstall <package>=<version>`. */
  z.object({ kind: z.literal('conda-force-reinstall'), ...remedyBase, package: z.string(), version: z.string().nullable() }),
  /** Uninstall with one manager, install with the other (e.g. pip-installed numpy in a conda env → conda). */
  z.object({
    kind: z.literal('switch-manager'),
    ...remedyBase,
    package: z.string(),
    version: z.string().nullable(),
    from: packageManagerSchema,
    to: packageManagerSchema,
    /** The name the target manager knows it by when it differs (pip's PyQt5 is conda's pyqt). */
    targetPackage: z.string().optional(),
  }),
  /** Reinstall the packages that depend on `package`, so their requirements are brought back in. */
  z.object({
    kind: z.literal('reinstall-dependents'),
    ...remedyBase,
    package: z.string(),
    dependents: z.array(dependentSchema),
    manager: packageManagerSchema,
  }),
  /** Install the Microsoft Visual C++ Redistributable (a person runs the installer). */
  z.object({
    kind: z.literal('install-vc-runtime'),
    ...remedyBase,
    architecture: z.enum(['x64', 'x86', 'arm64']),
    url: z.string(),
    missingDlls: z.array(z.string()),
  }),
  /** Move a DLL that wins the search over the environment's copy into a quarantine folder (reversible). */
  z.object({
    kind: z.literal('quarantine-dll'),
    ...remedyBase,
    path: z.string(),
    library: z.string(),
    /** The environment's copy that will be loaded instead, when there is one. */
    intended: z.string().nullable(),
  }),
  /** A package installed by two managers: remove one manager's copy, keep the other's. */
  z.object({
    kind: z.literal('remove-duplicate'),
    ...remedyBase,
    package: z.string(),
    keep: packageManagerSchema,
    remove: packageManagerSchema,
    files: z.array(z.string()),
  }),
  /**
   * Install a version of `package` within `specifier` (`pip install "pkg<2.1"`, `conda install
   * "libfoo>=1.5"`): the fix when no index says which exact version to take. `command` is the exact
   * argument list, shown to the user; the manager resolves the version.
   */
  z.object({
    kind: z.literal('install-constraint'),
    ...remedyBase,
    manager: z.enum(['pip', 'conda']),
    package: z.string(),
    specifier: z.string(),
    command: z.array(z.string()),
  }),
  /** The interpreter itself is too old for the installed builds (Pillow 4.1.0 needs CPython ≥ 3.6.1). */
  z.object({ kind: z.literal('upgrade-python'), ...remedyBase, minimumVersion: z.string() }),
  /** Run from an activated conda environment (PATH holds `<prefix>\Library\bin`). */
  z.object({ kind: z.literal('activate-environment'), ...remedyBase, prefix: z.string() }),
  /** A library no Python package in the environment provides: the operating system's package manager must. */
  z.object({ kind: z.literal('install-system-library'), ...remedyBase, library: z.string() }),
  /** Steps only a person can take (Media Feature Pack, page file size). */
  /** `stepMessages`: the message behind each step, for the reader's language (absent in earlier reports). */
  z.object({ kind: z.literal('manual'), ...remedyBase, steps: z.array(z.string()), stepMessages: z.array(messageRefSchema).optional() }),
]);
export type Remedy = z.infer<typeof remedySchema>;
export type RemedyKind = Remedy['kind'];

/**
 * The kinds of cause the ranker can name, Windows' and the Linux loader's (listed in docs/diagnosis.md).
 */
export const causeKindSchema = z.enum([
  'missing-library', // a dependent DLL / shared object is not found on the search path
  'missing-symbol', // found, but lacks an imported function (127 / undefined symbol)
  'missing-ordinal', // found, but lacks an import by ordinal (182)
  'missing-symbol-version', // ELF version needed (GLIBCXX_3.4.30) not defined by the found library
  'wrong-architecture', // 32/64-bit or machine mismatch (193 / wrong ELF class)
  'missing-vc-runtime', // the Visual C++ runtime DLLs are absent
  'outdated-vc-runtime', // the runtime DLL loaded is older than the toolset that linked the module
  'shadowed-library', // a same-named library elsewhere wins the search
  'python-abi-mismatch', // built for another Python (wheel tag, pythonXY.dll)
  'mixed-managers', // one package installed by pip and conda
  'broken-requirements', // a package's requirement is missing or at the wrong version
  'search-policy', // Python ≥ 3.8 no longer searches PATH for extension dependencies
  'dll-init-failed', // DllMain failed (1114)
  'resource-exhaustion', // 1455: not a dependency problem
  'load-order-conflict', // an earlier import loaded its own copy of a library, lacking what this module needs
  'context-dependent', // loads on its own; the failure given depends on what ran before it
  'missing-os-component', // a Windows feature the edition lacks (Media Foundation on N editions)
  'gpu-runtime', // a CUDA / cuDNN library of the needed major is not found
  'cpu-unsupported', // the build needs instructions this CPU lacks (AVX, x86-64-v2/v3)
  'numpy-abi', // an extension built against NumPy 1.x under NumPy 2
  'os-too-old', // macOS: a binary built for a newer macOS than the machine runs
]);
export type CauseKind = z.infer<typeof causeKindSchema>;

export const packageRefSchema = z.object({
  name: z.string(),
  version: z.string().nullable(),
  managers: z.array(packageManagerSchema),
});
export type PackageRef = z.infer<typeof packageRefSchema>;

/** One explanation of the failure, with the facts behind it and the fixes it supports, best first. */
export const causeSchema = z.object({
  id: z.string(),
  kind: causeKindSchema,
  /** One line a non-expert understands: "Pillow 4.1.0 needs a newer Python 3.6 than this one". */
  title: z.string(),
  /** A short paragraph in plain language: what is wrong, why it breaks the import. */
  explanation: z.string(),
  messages: fieldMessagesSchema,
  confidence: confidenceSchema,
  /** The extension module that fails (dotted name), when the cause is about one. */
  module: z.string().nullable(),
  package: packageRefSchema.nullable(),
  evidence: z.array(evidenceSchema).min(1),
  /** Best first. May be empty when nothing safe can be proposed; the explanation then says why. */
  remedies: z.array(remedySchema),
});
export type Cause = z.infer<typeof causeSchema>;

/** A check the diagnosis ran, listed in the report whether it found something or not. */
export const checkRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['ok', 'problem', 'warning', 'skipped']),
  detail: z.string(),
  messages: fieldMessagesSchema,
});
export type CheckRecord = z.infer<typeof checkRecordSchema>;

export const diagnosisPhaseSchema = z.enum(['discover', 'probe', 'import-test', 'static-analysis', 'rank']);
export type DiagnosisPhase = z.infer<typeof diagnosisPhaseSchema>;

/** Progress reported through the injected callback; `fraction` is over the whole diagnosis. */
export interface DiagnosisProgress {
  readonly phase: DiagnosisPhase;
  readonly state: 'started' | 'finished';
  readonly fraction: number;
  readonly message: string;
}
export type ProgressCallback = (progress: DiagnosisProgress) => void;

/** What was examined: the facts a report needs about the environment. */
export const environmentSummarySchema = z.object({
  python: z.string(),
  prefix: z.string(),
  pythonVersion: z.string().nullable(),
  implementation: z.string().nullable(),
  platform: platformSchema,
  /** 'x64', 'x86', 'arm64', 'x86_64', 'aarch64', ... */
  architecture: z.string().nullable(),
  kind: z.enum(['venv', 'conda', 'system', 'unknown']),
  packageCount: z.number().int().nonnegative(),
});
export type EnvironmentSummary = z.infer<typeof environmentSummarySchema>;

/** What the diagnosis was asked to look at. */
export const diagnosisTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('module'), module: z.string() }),
  z.object({ kind: z.literal('package'), package: z.string() }),
  z.object({ kind: z.literal('error-text'), text: z.string() }),
  z.object({ kind: z.literal('environment') }),
]);
export type DiagnosisTarget = z.infer<typeof diagnosisTargetSchema>;

/**
 * The outcome of one diagnosis.
 *
 * `healthy`: every module examined was imported for real and imports, and no check found a problem
 * (causes is empty, checks lists what was examined). `problem-found`: at least one cause with
 * evidence. `unexplained`: an import fails but no cause could be shown with evidence; the failure
 * itself is in `modules` (never a guessed cause). `inconclusive`: no cause was found, but the checks
 * that would prove the modules load could not run here (a Windows environment read on Linux):
 * `unchecked` says what, why, and how to check it.
 * `partial`: cancelled before every module was examined; causes and modules hold what was found so far.
 */
export const uncheckedSchema = z.object({
  /** What could not be checked ("the live import of PIL._imaging"). */
  what: z.string(),
  why: z.string(),
  /** What the user can do to have it checked (run the doctor on that machine, give this python). */
  howToCheck: z.string(),
  messages: fieldMessagesSchema,
});
export type Unchecked = z.infer<typeof uncheckedSchema>;

export const diagnosisStatusSchema = z.enum(['healthy', 'problem-found', 'unexplained', 'inconclusive', 'partial']);
export type DiagnosisStatus = z.infer<typeof diagnosisStatusSchema>;

export const diagnosisSchema = z.object({
  status: diagnosisStatusSchema,
  environment: environmentSummarySchema,
  target: diagnosisTargetSchema,
  error: parsedErrorSchema.nullable(),
  /** Modules examined, with the live import outcome. */
  modules: z.array(
    // `messages.message`: the message behind an import the engine did not run (an offline folder), not the interpreter's own words.
    z.object({ module: z.string(), ok: z.boolean(), message: z.string().nullable(), package: z.string().nullable(), messages: fieldMessagesSchema }),
  ),
  causes: z.array(causeSchema),
  checks: z.array(checkRecordSchema),
  /** What could not be checked, why, and how to check it; present (non-empty) for `inconclusive`. */
  unchecked: z.array(uncheckedSchema).optional(),
  /** The machine's facts the causes may rest on (app/host-facts); absent in reports written before they were read. */
  host: hostFactsSchema.optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type Diagnosis = z.infer<typeof diagnosisSchema>;
