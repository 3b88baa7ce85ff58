/**
 * Predicted load-order conflicts (predicted-conflicts.ts) as causes: both packages, both files,
 * the names missing and the order that fails. The fix, importing the package whose copy is the
 * superset first, is offered only when the files show it works for both.
 */
import { buildOwnerIndex } from '../ownership';
import type { EnvironmentFacts, PackageFacts } from '../facts';
import { managersOf } from '../package-records';
import type { Cause, CheckRecord, Remedy } from '../types';
import type { RemedyIds } from '../remedies';
import { gccReleaseForAll, LIBSTDCXX_ABI_SOURCE } from './libstdcxx-versions';
import type { ReadBinary } from './conflict';
import { predictConflicts, type PredictedConflict } from './predicted-conflicts';

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
        title: `Import ${victim} before ${other} in your program`,
        explanation: `${fileName(p.ownCopy)} from ${p.victim.name} defines everything ${p.other.name}'s files import from it, so with ${victim} imported first both load (read from the files' import and export tables).`,
        automatic: false,
        risk: 'low',
        steps: [`Put "import ${victim}" above "import ${other}" (and above any import that imports ${other}).`],
      }]
    : [];
  return {
    id: `predicted:${p.library}:${p.victim.name}:${p.other.name}`,
    kind: 'load-order-conflict',
    title: `If ${other} is imported first, ${victim} fails: ${p.other.name}'s ${p.library} lacks what ${fileName(p.consumer)} needs`,
    explanation: `${p.victim.name} and ${p.other.name} each ship ${p.library}; a process holds one library of that name, the first one loaded. ${fileName(p.consumer)} (${p.victim.name}) needs ${missing.join(', ')} from it, which ${p.otherCopy} (${p.other.name}) lacks, so a program that imports ${other} before ${victim} fails to load it. Predicted from the files; the program's own order decides whether it happens.${gcc ? ` ${p.missingVersions.join(', ')} came with GCC ${gcc} (${LIBSTDCXX_ABI_SOURCE}).` : ''}${p.victimFirstWorks ? '' : ` ${p.other.name}'s own files need names ${fileName(p.ownCopy)} lacks too, so no import order works for both: no fix is known from these files.`} No release of ${p.other.name} is known to ship a ${p.library} with these names, so none is offered.`,
    confidence: { level: 'medium', score: 0.5, signals: ['static-prediction'] },
    module: p.victim.extensionModules.find((e) => e.path === p.consumer)?.module ?? null,
    package: { name: p.victim.name, version: p.victim.version, managers: managersOf(p.victim) },
    evidence: [
      { kind: 'missing-symbols', summary: `${fileName(p.consumer)} needs ${missing.join(', ')} from ${p.library}; ${p.otherCopy} lacks it, ${p.ownCopy} has it`, importer: p.consumer, provider: p.otherCopy, symbols: [...p.missingSymbols], ordinals: [...p.missingOrdinals], versions: [...p.missingVersions] },
      { kind: 'file-owner', summary: `${p.otherCopy} belongs to ${p.other.name} ${p.other.version ?? ''}; ${fileName(p.otherConsumer)} loads it`.trim(), owner: owners.ownerOf(p.otherCopy) },
      { kind: 'file-owner', summary: `${p.ownCopy} belongs to ${p.victim.name} ${p.victim.version ?? ''}`.trim(), owner: owners.ownerOf(p.ownCopy) },
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
  const whose = onlyPackage === null ? 'any package\'s' : `${onlyPackage}'s`;
  return {
    causes: predicted.slice(0, MAX_PREDICTED_CAUSES).map((p) => predictedConflictCause(p, env, ids)),
    check: {
      id: 'same-named-libraries',
      title: 'Libraries other packages ship under the same name',
      status: predicted.length > 0 ? 'problem' : 'ok',
      detail: predicted.length > 0
        ? predicted.map((p) => `${p.library}: ${p.other.name}'s copy lacks ${[...p.missingVersions, ...p.missingSymbols].slice(0, 5).join(', ')} (${p.victim.name} needs it)`).join('; ')
        : `No copy another package ships lacks what ${whose} files import from it.`,
    },
  };
}
