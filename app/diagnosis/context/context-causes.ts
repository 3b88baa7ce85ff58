/**
 * The causes the context checks prove: an earlier import's copy of a library (load-order
 * conflict), or a failure that the module's own import does not reproduce (context-dependent).
 * Each carries the replay as a timeline, and a fix only where the replay proved it changes the
 * outcome; otherwise the explanation says that none is known.
 */
import { buildOwnerIndex, mayQuarantine } from '../facts/ownership';
import type { EnvironmentFacts, PackageFacts } from '../facts/facts';
import { managersOf } from '../facts/package-records';
import type { Cause, Evidence, ImportTimelineStep, ParsedError, Remedy } from '../types';
import type { ContextConflict } from './conflict';
import { gccReleaseForAll, LIBSTDCXX_ABI_SOURCE } from './libstdcxx-versions';
import { quarantine, type RemedyIds } from '../remedies';
import type { Replay } from './replay';
import { message, texts } from '../../messages';
import type { MessageParam, MessageRef } from '../../messages';
import { manualSteps } from '../manual-steps';

/** Per step, at most this many libraries are listed in the timeline (the conflicting one always). */
const LISTED_PER_STEP = 12;

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** The replayed imports as one line of words: "import a (ok) → import b (fails)". */
function replayedSteps(replay: Replay): MessageRef {
  const steps = replay.steps.map((s) => message(s.ok ? 'word.import-ok' : 'word.import-fails', { module: s.module }));
  // Joined as nested messages, so each "(ok)" / "(fails)" is written in the reader's language.
  return steps.reduceRight<MessageRef | null>((rest, step) => (rest ? message('word.then-step', { step, rest }) : step), null) ?? message('word.none');
}

function packageRef(pkg: PackageFacts | null): Cause['package'] {
  return pkg ? { name: pkg.name, version: pkg.version, managers: managersOf(pkg) } : null;
}

/** The replay as timeline evidence: each import, whether it worked, what it loaded (the conflicting copy first). */
export function timelineEvidence(replay: Replay, env: EnvironmentFacts, conflict: ContextConflict | null, summary: MessageRef): Evidence {
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
    ...texts({ summary }),
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
    const where = program ? message('remedy.context.reorder.where', { file: program.file }) : '';
    const whereText = program ? message('step.context.in-file', { file: program.file }) : '';
    const line = program?.targetLine ? message('step.context.line', { line: program.targetLine }) : '';
    const above = program?.earlierLine ? message('step.context.line', { line: program.earlierLine }) : '';
    remedies.push({
      id: ids.take(),
      kind: 'manual',
      ...texts({
        title: message('remedy.context.reorder.title', { moved, earlier: conflict.earlierModule, where }),
        explanation: message('remedy.why.context.reorder', { moved, library: conflict.library, ownCopy: conflict.ownCopy }),
      }),
      automatic: false,
      risk: 'low',
      ...manualSteps(message('step.context.reorder', { moved, line, earlier: conflict.earlierModule, above, where: whereText }), message('step.run-again')),
    });
  }
  // A copy no package records (left in a folder searched first): moved aside through the
  // quarantine (snapshot, restorable), the loader goes on to the next copy.
  const stale = earlierPkg === null && owners.ownerOf(conflict.earlierCopy).package === null && mayQuarantine(conflict.earlierCopy, env);
  if (stale) {
    remedies.push(quarantine(ids, conflict.earlierCopy, conflict.library, conflict.ownCopy, message('remedy.why.context.quarantine', { copy: conflict.earlierCopy, earlier: conflict.earlierModule, target, library: conflict.library })));
  }
  const lacks = missing.length > 0 ? missing.join(', ') : message('word.what-it-needs');
  const gccNote = gcc ? message('cause.load-order.gcc', { versions: conflict.missingVersions.join(', '), gcc, source: LIBSTDCXX_ABI_SOURCE, earlier: conflict.earlierModule }) : '';
  // A newer release of the package that ships the older copy is offered only with evidence that
  // it ships one with these names; the files here cannot show what another release ships.
  const newer = earlierPkg ? message('cause.load-order.no-newer', { package: earlierPkg.name, library: conflict.library }) : '';
  const noFix = reorderWorks || stale ? newer : message('cause.load-order.no-fix', { newer });
  const evidence: Evidence[] = [
    timelineEvidence(inContext, env, conflict, message('evidence.context.replayed', { steps: replayedSteps(inContext) })),
    {
      kind: 'missing-symbols',
      ...texts({ summary: message('evidence.context.lacks', { consumer: fileName(conflict.consumer), lacks, library: conflict.library, earlier: conflict.earlierModule, earlierCopy: conflict.earlierCopy, target, ownCopy: conflict.ownCopy }) }),
      importer: conflict.consumer,
      provider: conflict.earlierCopy,
      symbols: [...conflict.missingSymbols],
      ordinals: [...conflict.missingOrdinals],
      versions: [...conflict.missingVersions],
    },
    { kind: 'file-owner', ...texts({ summary: message('evidence.context.owner', { file: conflict.earlierCopy, owner: earlierPkg ? `${earlierPkg.name} ${earlierPkg.version ?? ''}`.trim() : message('word.owner.no-package-here') }) }), owner: owners.ownerOf(conflict.earlierCopy) },
    { kind: 'file-owner', ...texts({ summary: message('evidence.context.owner', { file: conflict.ownCopy, owner: ownPkg ? `${ownPkg.name} ${ownPkg.version ?? ''}`.trim() : message('word.owner.no-package-here') }) }), owner: owners.ownerOf(conflict.ownCopy) },
  ];
  if (reordered) {
    evidence.push(timelineEvidence(reordered, env, null, message('evidence.context.replayed-first', { module: moved, steps: replayedSteps(reordered) })));
  }
  return {
    id: `context:${target}:${conflict.library}`,
    kind: 'load-order-conflict',
    ...texts({
      title: message('cause.load-order.title', { earlier: conflict.earlierModule, library: conflict.library, target }),
      explanation: message('cause.load-order.explanation', {
        library: conflict.library,
        earlier: conflict.earlierModule,
        earlierCopy: conflict.earlierCopy,
        earlierFrom: earlierPkg ? message('cause.load-order.from', { package: earlierPkg.name }) : '',
        target,
        consumer: fileName(conflict.consumer),
        ownCopy: conflict.ownCopy,
        ownFrom: ownPkg ? message('cause.load-order.from', { package: ownPkg.name }) : '',
        lacks,
        gcc: gccNote,
        noFix,
      }),
    }),
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
  /** Where the context could not come from, in plain words (no program found, its file is not here); '' when nothing is to be said. */
  readonly contextNote: MessageParam;
}

/**
 * The module imports on its own, yet the error given says it failed to load: the failure depends
 * on what ran before it. Never "healthy"; no fix is offered, because none is proved.
 */
export function contextDependentCause(input: ContextDependentInput): Cause {
  const { env, target, error, errorText, pkg, inContext, reproduced, contextNote } = input;
  const evidence: Evidence[] = [];
  if (error && errorText !== null) evidence.push({ kind: 'error-text', ...texts({ summary: message('evidence.context.error-given', { line: error.line ?? error.failureClass }) }), text: errorText.slice(-4000), parsed: error });
  evidence.push({ kind: 'import-test', ...texts({ summary: message('evidence.context.works-alone', { target, python: env.python }) }), module: target, python: env.python, ok: true, exceptionType: null, message: null });
  const before = inContext ? inContext.steps.slice(0, -1).map((s) => s.module).join(', ') || message('word.none') : '';
  if (inContext) {
    evidence.push(timelineEvidence(inContext, env, null, message('evidence.context.replayed-program', { steps: replayedSteps(inContext) })));
  }
  const replayed = !inContext
    ? ''
    : reproduced
      ? message('cause.context-dependent.reproduced', { before })
      : message('cause.context-dependent.unreproduced', { before });
  const symptom = message(error ? 'cause.context-dependent.symptom.error' : 'cause.context-dependent.symptom.imports', { target });
  // A note given as text (an error's own words) is put on one line, as the explanation has it.
  const note = typeof contextNote === 'string' ? contextNote.replace(/\s+/g, ' ').trim() : contextNote;
  return {
    id: `context:${target}:${reproduced ? 'reproduced' : 'unreproduced'}`,
    kind: 'context-dependent',
    ...texts({
      title: message('cause.context-dependent.title', { target }),
      explanation: message('cause.context-dependent.explanation', { symptom, target, replayed, note: note ? message('cause.context-dependent.note', { note }) : '' }),
    }),
    confidence: { level: reproduced ? 'high' : 'medium', score: reproduced ? 0.8 : 0.6, signals: ['symptom-not-reproduced-alone', ...(reproduced ? ['context-replay-reproduces'] : [])] },
    module: target,
    package: packageRef(pkg),
    evidence,
    remedies: [],
  };
}
