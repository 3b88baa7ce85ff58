/**
 * Predicted load-order conflicts (predicted-conflicts.ts) as causes: both packages, both files,
 * the names missing and the order that fails. The fix, importing the package whose copy is the
 * superset first, is offered only when the files show it works for both.
 */
import { buildOwnerIndex } from '../facts/ownership';
import type { EnvironmentFacts, PackageFacts } from '../facts/facts';
import { managersOf } from '../facts/package-records';
import type { Cause, CheckRecord, Remedy } from '../types';
import type { RemedyIds } from '../remedies';
import { gccReleaseForAll, LIBSTDCXX_ABI_SOURCE } from './libstdcxx-versions';
import type { ReadBinary } from './conflict';
import { predictConflicts, type PredictedConflict } from './predicted-conflicts';
import { message, texts } from '../../messages';
import type { MessageRef } from '../../messages';
import { manualSteps } from '../manual-steps';

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** The name a program imports a package by: the top of its first extension module, else its name. */
export function importName(pkg: PackageFacts): string {
  return pkg.extensionModules[0]?.module.split('.')[0] ?? pkg.name;
}

export function predictedConflictCause(p: PredictedConflict, env: EnvironmentFacts, ids: RemedyIds): Cause {
  const owners = buildOwnerIndex(env);
  const victim = importName(p.victim);
  const other = importName(p.other);
  const missing = [...p.missingVersions, ...p.missingSymbols.slice(0, 20), ...p.missingOrdinals.map((o) => `ordinal ${o}`)];
  const gcc = gccReleaseForAll(p.missingVersions);
  const remedies: Remedy[] = p.victimFirstWorks
    ? [{
        id: ids.take(),
        kind: 'manual',
        ...texts({ title: message('remedy.predicted.reorder.title', { victim, other }), explanation: message('remedy.why.predicted.reorder', { own: fileName(p.ownCopy), victimPackage: p.victim.name, otherPackage: p.other.name, victim }) }),
        automatic: false,
        risk: 'low',
        ...manualSteps(message('step.predicted.reorder', { victim, other })),
      }]
    : [];
  return {
    id: `predicted:${p.library}:${p.victim.name}:${p.other.name}`,
    kind: 'load-order-conflict',
    ...texts({
      title: message('cause.predicted.title', { other, victim, otherPackage: p.other.name, library: p.library, consumer: fileName(p.consumer) }),
      explanation: message('cause.predicted.explanation', {
        victimPackage: p.victim.name,
        otherPackage: p.other.name,
        library: p.library,
        consumer: fileName(p.consumer),
        missing: missing.join(', '),
        otherCopy: p.otherCopy,
        other,
        victim,
        gcc: gcc ? message('cause.predicted.gcc', { versions: p.missingVersions.join(', '), gcc, source: LIBSTDCXX_ABI_SOURCE }) : '',
        noOrder: p.victimFirstWorks ? '' : message('cause.predicted.no-order', { otherPackage: p.other.name, own: fileName(p.ownCopy) }),
      }),
    }),
    confidence: { level: 'medium', score: 0.5, signals: ['static-prediction'] },
    module: p.victim.extensionModules.find((e) => e.path === p.consumer)?.module ?? null,
    package: { name: p.victim.name, version: p.victim.version, managers: managersOf(p.victim) },
    evidence: [
      { kind: 'missing-symbols', ...texts({ summary: message('evidence.predicted.lacks', { consumer: fileName(p.consumer), missing: missing.join(', '), library: p.library, otherCopy: p.otherCopy, ownCopy: p.ownCopy }) }), importer: p.consumer, provider: p.otherCopy, symbols: [...p.missingSymbols], ordinals: [...p.missingOrdinals], versions: [...p.missingVersions] },
      { kind: 'file-owner', ...texts({ summary: message('evidence.predicted.other-owner', { file: p.otherCopy, package: `${p.other.name} ${p.other.version ?? ''}`.trim(), consumer: fileName(p.otherConsumer) }) }), owner: owners.ownerOf(p.otherCopy) },
      { kind: 'file-owner', ...texts({ summary: message('evidence.context.owner', { file: p.ownCopy, owner: `${p.victim.name} ${p.victim.version ?? ''}`.trim() }) }), owner: owners.ownerOf(p.ownCopy) },
    ],
    remedies,
  };
}

/** At most this many predicted conflicts become causes (each pair is also summarised in the check). */
const MAX_PREDICTED_CAUSES = 5;

/**
 * The `same-named-libraries` check: the predicted conflicts of one package (a single-module
 * diagnosis) or of every package (`--all`), as causes and one check record. Libraries already named
 * by another cause (`exclude`) are left out.
 */
export async function sameNamedLibraryCauses(env: EnvironmentFacts, read: ReadBinary, onlyPackage: string | null, ids: RemedyIds, exclude: ReadonlySet<string> = new Set()): Promise<{ causes: Cause[]; check: CheckRecord }> {
  const predicted = (await predictConflicts(env, read, onlyPackage)).filter((p) => !exclude.has(p.library));
  const pairs = predicted.map((p) => message('check.same-named.pair', { library: p.library, other: p.other.name, missing: [...p.missingVersions, ...p.missingSymbols].slice(0, 5).join(', '), victim: p.victim.name }));
  return {
    causes: predicted.slice(0, MAX_PREDICTED_CAUSES).map((p) => predictedConflictCause(p, env, ids)),
    check: {
      id: 'same-named-libraries',
      status: predicted.length > 0 ? 'problem' : 'ok',
      ...texts({
        title: message('check.same-named.title'),
        detail: pairs.reduceRight<MessageRef | null>((rest, first) => (rest ? message('check.same-named.pairs', { first, rest }) : first), null)
          ?? (onlyPackage === null ? message('check.same-named.none.any') : message('check.same-named.none', { package: onlyPackage })),
      }),
    },
  };
}
