import { z } from 'zod';
import type { Diagnosis, ParsedError } from '../diagnosis/types';
import type { RepairOutcome, RepairPlan, UnfinishedRepair, VersionOffers } from '../repair/types';
import type { RenderedReport, SavedReport } from '../report/saved-report';
import type { EnvironmentChoice, EnvironmentFromError, InstalledVersion } from './environment-choice';
import type { EnvironmentReport, EnvironmentScan } from './environment-report';
import type { LoadGraph } from './load-graph-types';
import type { MessageRef } from '../messages';
import { inspectModuleRequestSchema, type InspectedModule } from './inspect-module';
import { event, operation, type EventSpec, type OperationSpec } from './define';
import type { WireResult } from './errors';
import { eventNames, ipcChannel, ipcEventChannel, operationNames, type EventName, type OperationName } from './operation-names';
import { absolutePathSchema, jobIdSchema, moduleNameSchema, packageNameSchema, versionSchema, windowsFolderSchema } from './values';

/** What the wizard needs to know about the app it runs in. */
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  /** 'electron' when the preload serves the API, 'browser' when the local web host does, 'cli' for the command line. */
  readonly host: 'electron' | 'browser' | 'cli';
  /** Where the engine logs every command, exit code and error: the file to attach to a bug report. */
  readonly logFile?: string;
}

/**
 * A diagnosis as the engine keeps it: the page names it by id when it asks for a plan. `fixed` is
 * the one isFixed (app/diagnosis/is-fixed.ts) applied by the engine, so the page never decides it.
 */
export type DiagnosisResult = Diagnosis & { readonly id: string; readonly fixed: boolean };

/** Ids the engine made (diagnoses, plans): never a path or a command. */
const engineIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'An id is 8 to 64 letters, digits and dashes.');

/** Progress of a long operation, for a progress bar. */
export interface ProgressEvent {
  readonly jobId: string;
  readonly phase: string;
  /** 0..1 when known. */
  readonly fraction?: number;
  readonly message: string;
  /** The message behind `message`, so the wizard writes it in its language (absent: show `message`). */
  readonly messages?: { readonly message: MessageRef };
  /** Whether the phase begins or ends (the diagnosis says so; the CLI prints a line as each phase begins). */
  readonly state?: 'started' | 'finished';
}

/** One line of output from a command the engine runs (pip, conda, python). */
export interface LogEvent {
  readonly jobId: string;
  readonly stream: 'stdout' | 'stderr' | 'info';
  readonly line: string;
  /** The message behind a line the engine wrote itself (a command's own output has none). */
  readonly messages?: { readonly line: MessageRef };
}

const noRequest = z.object({}).strict();
/** A BCP 47 language tag as the browser reports it (navigator.language). */
const localeSchema = z.string().max(64).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, 'Not a language tag.');
/**
 * A pasted error or a whole log: only its last 256 KiB (the error reader's MAX_ERROR_TEXT; not
 * imported so the preload bundle stays small) goes on, since the error that matters is at the
 * bottom. Texts beyond 64 MiB are refused rather than copied around.
 */
const ERROR_TEXT_TAIL = 256 * 1024;
const errorTextSchema = z
  .string()
  .max(64 * 1024 * 1024, 'That text is too long: paste the end of the log, where the error is.')
  .transform((text) => (text.length > ERROR_TEXT_TAIL ? text.slice(text.length - ERROR_TEXT_TAIL) : text));

/**
 * What a report is made of, by id: the engine's own diagnosis, verification and repair as it kept
 * them (the page never sends back a result the engine made), the user's own text, and how to render.
 */
const reportRequestSchema = z
  .object({
    format: z.enum(['json', 'html', 'markdown']),
    redact: z.boolean(),
    /** The diagnosis the report is about (DiagnosisResult.id). */
    diagnosisId: engineIdSchema,
    errorText: errorTextSchema.nullable(),
    /** Characters of a longer log left out before errorText (the wizard sends a long log's tail). */
    errorOmitted: z.number().int().nonnegative().optional(),
    /** The diagnosis made again after the repair (its id), when the user verified. */
    verificationId: engineIdSchema.nullable(),
    /** The applyRepair job, when a repair ran: its actions and its own verdict (the headline follows it). */
    repairJobId: jobIdSchema.nullable(),
    /** The rollbackRepair job that undid that repair afterwards, when there was one. */
    rollbackJobId: jobIdSchema.nullable().optional(),
    /** The user's locale for dates and numbers in HTML and Markdown. */
    locale: localeSchema.optional(),
    /** The language of the HTML and Markdown report's sentences: the user's, or English for an upstream bug tracker (default English; the JSON keeps message ids and English). */
    language: z.enum(['en', 'de']).optional(),
    /** A plan made by planRepair for a copied environment: the engine puts its commands for that machine in the report (the page never sends commands). */
    planId: engineIdSchema.optional(),
  })
  .strict();

/**
 * Every operation between the wizard and the engine. Adding one: an entry here, a handler in
 * app/api/engine-handlers.ts (or, for a shell feature such as a native dialog, in each host).
 * The preload, the main-process IPC handlers and the browser-mode socket are generic over this.
 */
export const operations = {
  getAppInfo: operation<AppInfo>()('Version, platform and host of the running app.', noRequest),
  listEnvironments: operation<EnvironmentChoice[]>()('Every Python environment found on this machine.', noRequest),
  addEnvironment: operation<EnvironmentChoice>()(
    'An environment the user names by path: an interpreter or a folder holding one (a Windows folder is examined offline).',
    z.object({ path: absolutePathSchema }).strict(),
  ),
  findEnvironmentInError: operation<EnvironmentFromError>()(
    'The environment the paths in a pasted error point into (its site-packages folder), added as if named by path.',
    z.object({ text: errorTextSchema }).strict(),
  ),
  parseError: operation<ParsedError>()(
    'Recognise the module and the class of failure in an error the user pasted.',
    z.object({ text: errorTextSchema }).strict(),
  ),
  diagnose: operation<DiagnosisResult>()(
    'Diagnose one environment for a module, a package\'s extension modules, a pasted error, or every extension module; progress events carry the jobId.',
    z
      .object({
        jobId: jobIdSchema,
        python: absolutePathSchema,
        target: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('module'), module: moduleNameSchema }).strict(),
          z.object({ kind: z.literal('package'), package: packageNameSchema }).strict(),
          z.object({ kind: z.literal('error-text'), text: errorTextSchema }).strict(),
          z.object({ kind: z.literal('environment') }).strict(),
        ]),
        /** What the program imports before the module (replayed first), or its file (issue 20). */
        context: z.object({ after: z.array(moduleNameSchema).max(50).optional(), program: absolutePathSchema.optional() }).strict().optional(),
        /** A copied environment's folder on its own Windows machine (the traceback's, or the user's): "how to check" names its python.exe. */
        home: windowsFolderSchema.optional(),
      })
      .strict(),
  ),
  loadGraph: operation<LoadGraph | null>()(
    'Every library a compiled module of a diagnosis the engine made (by id) loads (Linux, Windows, or a copied Windows environment), from that diagnosis\' own loader simulation, with the search path in order and the step that found each file; null for a format with no simulation.',
    z.object({ diagnosisId: engineIdSchema, file: absolutePathSchema }).strict(),
  ),
  renderReport: operation<RenderedReport>()(
    'Render the report (JSON, HTML or Markdown), redacted for sharing unless asked otherwise, for the page to download or copy; nothing is written.',
    reportRequestSchema,
  ),
  saveReportAs: operation<SavedReport | null>()(
    'Render the report and write it where the user chooses in the system save dialog (desktop app only); null when cancelled.',
    reportRequestSchema,
  ),
  listVersionOffers: operation<VersionOffers>()(
    'The versions of a package this environment can install, from the configured index (pip) or conda search.',
    z.object({ python: absolutePathSchema, package: packageNameSchema, manager: z.enum(['pip', 'conda']), knownGood: versionSchema.nullable() }).strict(),
  ),
  installedVersions: operation<InstalledVersion[]>()(
    'The versions of packages installed in an environment now, read from its own records (conda-meta, dist-info), never from an index.',
    z.object({ python: absolutePathSchema, packages: z.array(packageNameSchema).min(1).max(200) }).strict(),
  ),
  planRepair: operation<RepairPlan>()(
    'Turn a remedy of a diagnosis the engine made (both by id: the page never names paths or commands) and the choices made on the fix step into a plan with exact commands and a dry run; nothing changes.',
    z
      .object({
        diagnosisId: engineIdSchema,
        remedyId: z.string().min(1).max(200),
        manager: z.enum(['pip', 'conda']).optional(),
        version: versionSchema.optional(),
        reinstall: z.array(packageNameSchema).max(200).optional(),
        /** A copied environment's folder on its own Windows machine (the traceback's, or the user's correction). */
        home: windowsFolderSchema.optional(),
      })
      .strict(),
  ),
  applyRepair: operation<RepairOutcome>()(
    'Apply a plan made by planRepair (by its id: commands never come from the page); log and progress events carry the jobId.',
    z.object({ jobId: jobIdSchema, planId: engineIdSchema, verifyModule: moduleNameSchema.nullable() }).strict(),
  ),
  rollbackRepair: operation<RepairOutcome>()(
    'Restore an environment to a snapshot taken before a repair (refused for a snapshot of another environment).',
    z.object({ jobId: jobIdSchema, python: absolutePathSchema, snapshotId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/).optional() }).strict(),
  ),
  cancelJob: operation<null>()('Cancel a running repair; its whole process tree is stopped.', z.object({ jobId: jobIdSchema }).strict()),
  findUnfinishedRepairs: operation<UnfinishedRepair[]>()('Repairs that were under way when the app last stopped.', noRequest),
  pickFolder: operation<string | null>()('Let the user choose a folder with the system dialog (desktop app only); null when cancelled.', noRequest),
  revealInFolder: operation<null>()('Show a report saved with saveReportAs in the file manager (desktop app only).', z.object({ path: absolutePathSchema }).strict()),
  scanEnvironments: operation<EnvironmentScan>()(
    'Every Python environment on this machine (and the ones named), each described in full: what the CLI\'s envs prints.',
    z.object({ extraPaths: z.array(absolutePathSchema).max(1000), venvRoots: z.array(absolutePathSchema).max(1000), timeoutMs: z.number().int().positive().max(600_000) }).strict(),
  ),
  describeEnvironment: operation<EnvironmentReport>()(
    'One environment described in full, by its interpreter or folder (offline: from its files), with its health and an optional import test: what the CLI\'s env prints.',
    z.object({ path: absolutePathSchema, importModule: moduleNameSchema.optional(), offline: z.boolean(), timeoutMs: z.number().int().positive().max(600_000) }).strict(),
  ),
  inspectModule: operation<InspectedModule>()(
    'One compiled module\'s imports and exports and its simulated load (dependency graph, search path in order, findings): what the CLI\'s inspect prints for each file.',
    inspectModuleRequestSchema,
  ),
} satisfies Record<OperationName, OperationSpec>;

/** Every event stream from the engine to the wizard. */
export const events = {
  progress: event<ProgressEvent>('Progress of a long operation.'),
  log: event<LogEvent>('A line of output from a command the engine runs.'),
} satisfies Record<EventName, EventSpec>;

export type Operations = typeof operations;
export { eventNames, ipcChannel, ipcEventChannel, operationNames, type EventName, type OperationName };

export type RequestOf<K extends OperationName> = z.input<Operations[K]['request']>;
export type ParsedRequestOf<K extends OperationName> = z.output<Operations[K]['request']>;
export type ResponseOf<K extends OperationName> = Operations[K] extends OperationSpec<z.ZodType, infer R> ? R : never;
export type EventPayload<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never;

export type Unsubscribe = () => void;

/** The API the wizard calls: one async function per operation, and event subscription. */
export type DoctorApi = {
  readonly [K in OperationName]: (request: RequestOf<K>) => Promise<ResponseOf<K>>;
} & {
  readonly on: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/**
 * What a transport (the preload, the browser-mode socket) carries: the same functions, with
 * results and errors as data, so an error keeps its code and advice across the boundary.
 */
export type WireApi = {
  readonly [K in OperationName]: (request: RequestOf<K>) => Promise<WireResult<ResponseOf<K>>>;
} & {
  readonly on: <E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};
