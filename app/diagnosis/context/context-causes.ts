/**
 * The causes the context checks prove: an earlier import's copy of a library (load-order
 * conflict), or a failure that the module's own import does not reproduce (context-dependent).
 * Each carries the replay as a timeline, and a fix only where the replay proved it changes the
 * outcome; otherwise the explanation says that none is known.
 */
import { buildOwnerIndex, mayQuarantine } from '../ownership';
import type { EnvironmentFacts, PackageFacts } from '../facts';
import { managersOf } from '../package-records';
import type { Cause, Evidence, ImportTimelineStep, ParsedError, Remedy } from '../types';
import type { ContextConflict } from './conflict';
import { gccReleaseForAll, LIBSTDCXX_ABI_SOURCE } from './libstdcxx-versions';
import { quarantine, type RemedyIds } from '../remedies';
import type { Replay } from './replay';

/** Per step, at most this many libraries are listed in the timeline (the conflicting one always). */
const LISTED_PER_STEP = 12;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

function packageRef(pkg: PackageFacts | null): Cause['package'] {
  return pkg ? { name: pkg.name, version: pkg.version, managers: managersOf(pkg) } : null;
}

/** The replay as timeline evidence: each import, whether it worked, what it loaded (the conflicting copy first). */
export function timelineEvidence(replay: Replay, env: EnvironmentFacts, conflict: ContextConflict | null, summary: string): Evidence {
  const owners = buildOwnerIndex(env);
  const steps: ImportTimelineStep[] = replay.steps.map((s, i) => {
    const loaded = [...(s.loaded ?? [])];
    const first = conflict && conflict.earlierStep === i ? conflict.earlierCopy : conflict && i === replay.steps.length - 1 ? conflict.ownCopy : null;
    if (first) loaded.sort((a, b) => Number(b === first) - Number(a === first));
    return {
      module: s.module,
      ok: s.ok,
      message: s.ok ? null : `${s.exceptionType ?? 'Error'}: ${s.message ?? ''}`,
      loaded: loaded.slice(0, LISTED_PER_STEP).map((path) => ({ path, package: owners.packageOf(path)?.name ?? null })),
      more: Math.max(0, loaded.length - LISTED_PER_STEP),
      events: s.events.filter((e) => e.detail !== 'None').map((e) => `${e.event} ${e.detail}`),
    };
  });
  const missing = conflict ? [...conflict.missingVersions, ...conflict.missingSymbols, ...conflict.missingOrdinals.map((o) => `#${o}`)] : [];
  return {
    kind: 'import-timeline',
    summary,
    steps,
    conflict: conflict ? { library: conflict.library, step: conflict.earlierStep, earlierCopy: conflict.earlierCopy, ownCopy: conflict.ownCopy, missing } : null,
  };
}

export interface ConflictCauseInput {
  readonly env: EnvironmentFacts;
  readonly target: string;
  /** The import statement to move first: the program's own (scipkg) or the module itself. */
  readonly moved: string;
  readonly conflict: ContextConflict;
  readonly inContext: Replay;
  /** The replay with the failing module imported first: every import worked (null: not run). */
  readonly reordered: Replay | null;
  /** The program file and the lines of the two imports, when the context came from a program. */
  readonly program: { readonly file: string; readonly targetLine: number | null; readonly earlierLine: number | null } | null;
  readonly ids: RemedyIds;
}

/** The load-order conflict as a cause: the earlier import, both files, the names the earlier copy lacks. */
export function loadOrderConflictCause(input: ConflictCauseInput): Cause {
  const { env, target, moved, conflict, inContext, reordered, program, ids } = input;
  const owners = buildOwnerIndex(env);
  const earlierPkg = owners.packageOf(conflict.earlierCopy);
  const ownPkg = owners.packageOf(conflict.ownCopy);
  const missing = [...conflict.missingVersions, ...conflict.missingSymbols.slice(0, 20), ...conflict.missingOrdinals.map((o) => `ordinal ${o}`)];
  const gcc = gccReleaseForAll(conflict.missingVersions);
  const reorderWorks = reordered !== null && reordered.steps.length > 0 && reordered.steps.every((s) => s.ok) && reordered.notReached.length === 0;
  const remedies: Remedy[] = [];
  if (reorderWorks) {
    const where = program ? ` in ${program.file}` : '';
    const line = program?.targetLine ? ` (line ${program.targetLine})` : '';
    const above = program?.earlierLine ? ` (line ${program.earlierLine})` : '';
    remedies.push({
      id: ids.take(),
      kind: 'manual',
      title: `Import ${moved} before ${conflict.earlierModule}${where}`,
      explanation: `Imported first, ${moved} loads its own ${conflict.library} (${conflict.ownCopy}), which has what both need: the replay with ${moved} first imported every module without an error.`,
      automatic: false,
      risk: 'low',
      steps: [`Move the line "import ${moved}"${line} above "import ${conflict.earlierModule}"${above}${where}.`, 'Run the program again.'],
    });
  }
  // A copy no package records (left in a folder searched first): moved aside through the
  // quarantine (snapshot, restorable), the loader goes on to the next copy.
  const stale = earlierPkg === null && owners.ownerOf(conflict.earlierCopy).package === null && mayQuarantine(conflict.earlierCopy, env);
  if (stale) {
    remedies.push(quarantine(ids, conflict.earlierCopy, conflict.library, conflict.ownCopy, `${conflict.earlierCopy} belongs to no package of this environment, yet import ${conflict.earlierModule} loads it first, and it lacks what ${target} needs. In quarantine (with a snapshot, restorable) the loader goes on to the next ${conflict.library}; the verification replays the program's imports to show whether every one still loads.`));
  }
  const lacks = missing.length > 0 ? missing.join(', ') : 'what it needs';
  const gccNote = gcc ? ` ${conflict.missingVersions.join(', ')} first came with GCC ${gcc} (${LIBSTDCXX_ABI_SOURCE}): the copy ${conflict.earlierModule} ships is older.` : '';
  // A newer release of the package that ships the older copy is offered only with evidence that
  // it ships one with these names; the files here cannot show what another release ships.
  const newer = earlierPkg ? ` No release of ${earlierPkg.name} is known to ship a ${conflict.library} with these names, so none is offered.` : '';
  const noFix = reorderWorks || stale ? newer : ` Importing it first did not make every import work either, so no change of order is offered; no other fix is known from these files.${newer}`;
  const evidence: Evidence[] = [
    timelineEvidence(inContext, env, conflict, `Replayed in order: ${inContext.steps.map((s) => `import ${s.module} (${s.ok ? 'ok' : 'fails'})`).join(' → ')}`),
    {
      kind: 'missing-symbols',
      summary: `${fileName(conflict.consumer)} needs ${lacks} from ${conflict.library}; the copy ${conflict.earlierModule} loaded (${conflict.earlierCopy}) lacks it, the one ${target} loads on its own (${conflict.ownCopy}) has it`,
      importer: conflict.consumer,
      provider: conflict.earlierCopy,
      symbols: [...conflict.missingSymbols],
      ordinals: [...conflict.missingOrdinals],
      versions: [...conflict.missingVersions],
    },
    { kind: 'file-owner', summary: `${conflict.earlierCopy} belongs to ${earlierPkg ? `${earlierPkg.name} ${earlierPkg.version ?? ''}`.trim() : 'no package of this environment'}`, owner: owners.ownerOf(conflict.earlierCopy) },
    { kind: 'file-owner', summary: `${conflict.ownCopy} belongs to ${ownPkg ? `${ownPkg.name} ${ownPkg.version ?? ''}`.trim() : 'no package of this environment'}`, owner: owners.ownerOf(conflict.ownCopy) },
  ];
  if (reordered) {
    evidence.push(timelineEvidence(reordered, env, null, `Replayed with ${moved} first: ${reordered.steps.map((s) => `import ${s.module} (${s.ok ? 'ok' : 'fails'})`).join(' → ')}`));
  }
  return {
    id: `context:${target}:${conflict.library}`,
    kind: 'load-order-conflict',
    title: `import ${conflict.earlierModule} loads its own ${conflict.library}, which lacks what ${target} needs`,
    explanation: `A process holds one ${conflict.library}. import ${conflict.earlierModule} loaded ${conflict.earlierCopy}${earlierPkg ? ` (from ${earlierPkg.name})` : ''}; when ${target} is imported after it, ${fileName(conflict.consumer)} is bound to that copy instead of ${conflict.ownCopy}${ownPkg ? ` (from ${ownPkg.name})` : ''}, and that copy lacks ${lacks}. On its own, ${target} imports without an error.${gccNote}${noFix}`,
    confidence: { level: 'high', score: 0.95, signals: ['context-replay', 'import-order-reproduces', ...(reorderWorks ? ['reorder-proved'] : [])] },
    module: target,
    package: packageRef(owners.packageOf(conflict.consumer) ?? ownPkg),
    evidence,
    remedies,
  };
}

export interface ContextDependentInput {
  readonly env: EnvironmentFacts;
  readonly target: string;
  /** The error given, when there is one. */
  readonly error: ParsedError | null;
  readonly errorText: string | null;
  readonly pkg: PackageFacts | null;
  /** The replay in the program's context, when one ran. */
  readonly inContext: Replay | null;
  /** Whether that replay reproduced the failure (then no conflicting copy could be named). */
  readonly reproduced: boolean;
  /** Where the context could not come from, in plain words (no program found, its file is not here). */
  readonly contextNote: string;
}

/**
 * The module imports on its own, yet the error given says it failed to load: the failure depends
 * on what ran before it. Never "healthy"; no fix is offered, because none is proved.
 */
export function contextDependentCause(input: ContextDependentInput): Cause {
  const { env, target, error, errorText, pkg, inContext, reproduced, contextNote } = input;
  const evidence: Evidence[] = [];
  if (error && errorText !== null) evidence.push({ kind: 'error-text', summary: `The error given: ${error.line ?? error.failureClass}`, text: errorText.slice(-4000), parsed: error });
  evidence.push({ kind: 'import-test', summary: `import ${target} works in a fresh interpreter (${env.python} -I)`, module: target, python: env.python, ok: true, exceptionType: null, message: null });
  const before = inContext ? inContext.steps.slice(0, -1).map((s) => s.module).join(', ') || 'none' : '';
  if (inContext) {
    evidence.push(timelineEvidence(inContext, env, null, `Replayed the program's imports in order: ${inContext.steps.map((s) => `import ${s.module} (${s.ok ? 'ok' : 'fails'})`).join(' → ')}`));
  }
  const replayed = !inContext
    ? ''
    : reproduced
      ? ` Replayed after ${before}, it fails: one of those imports is the cause, but no library both loaded was found with names missing (the conflict may be in code they run, not in the files).`
      : ` The program's imports before it (${before}) were replayed in that order and the failure did not happen there either: it depends on something else that ran before (code between the imports, environment variables, the working folder, a DLL the program loads itself).`;
  const symptom = error ? `The error names a load failure of ${target}` : `${target} fails after the imports given`;
  return {
    id: `context:${target}:${reproduced ? 'reproduced' : 'unreproduced'}`,
    kind: 'context-dependent',
    title: `${target} loads on its own: the failure depends on what ran before it`,
    explanation: `${symptom}, but importing ${target} in a fresh interpreter of this environment works. What ran before it (another package's copy of a library, a folder it added to the search path) is what makes it fail.${replayed} ${contextNote} No fix is proposed until the cause is shown: none is known.`.replace(/\s+/g, ' ').trim(),
    confidence: { level: reproduced ? 'high' : 'medium', score: reproduced ? 0.8 : 0.6, signals: ['symptom-not-reproduced-alone', ...(reproduced ? ['context-replay-reproduces'] : [])] },
    module: target,
    package: packageRef(pkg),
    evidence,
    remedies: [],
  };
}
