/**
 * What the acceptance runs expect of the doctor's answers, as pure checks over its JSON output.
 *
 * The shapes follow the diagnosis document of `python-dll-doctor diagnose --json` (status, causes[]
 * with kind, title, evidence, remedies; see app/diagnosis/types.ts). Only the fields checked here are
 * relied on, so the acceptance runs keep working while the rest of the document grows.
 */

/** How Pillow was broken, written by the break step and read by the checks. */
export interface BreakRecord {
  readonly how: 'bundled-dll' | 'foreign-python' | 'conda-library';
  readonly module: string;
  /** The DLL the diagnosis must name (lower case compare). */
  readonly dll: string;
  /** The file that was deleted or overwritten. */
  readonly path: string;
  /** Acceptable kinds for the first cause, best first. */
  readonly expectedCauses: readonly string[];
  /** conda: the package that owned the deleted file. */
  readonly owner?: string;
  /** conda: packages that depend on Pillow, which must still be installed after the repair. */
  readonly dependents?: readonly string[];
}

interface CauseLike {
  readonly kind?: unknown;
  readonly title?: unknown;
}

/** Problems with a diagnosis of a broken environment; empty when it names the cause we made. */
export function checkProblemDiagnosis(document: unknown, record: BreakRecord): string[] {
  if (!document || typeof document !== 'object') return ['diagnose --json did not print a JSON object.'];
  const { status, causes } = document as { status?: unknown; causes?: unknown };
  const problems: string[] = [];
  if (status !== 'problem-found') problems.push(`status is ${JSON.stringify(status)}, expected "problem-found".`);
  if (!Array.isArray(causes) || causes.length === 0) return [...problems, 'no cause was named.'];
  const first = causes[0] as CauseLike;
  if (typeof first.kind !== 'string' || !record.expectedCauses.includes(first.kind)) {
    problems.push(`the first cause is ${JSON.stringify(first.kind)} ("${String(first.title)}"), expected one of ${record.expectedCauses.join(', ')}.`);
  }
  if (!JSON.stringify(first).toLowerCase().includes(record.dll.toLowerCase())) {
    problems.push(`the first cause does not name ${record.dll}, the DLL that was broken.`);
  }
  return problems;
}

/** Problems with a diagnosis after the repair; empty when the environment is healthy. */
export function checkHealthyDiagnosis(document: unknown): string[] {
  if (!document || typeof document !== 'object') return ['diagnose --json did not print a JSON object.'];
  const { status, causes } = document as { status?: unknown; causes?: unknown };
  const problems: string[] = [];
  if (status !== 'healthy') problems.push(`status is ${JSON.stringify(status)} after the repair, expected "healthy".`);
  if (Array.isArray(causes) && causes.length > 0) problems.push(`${causes.length} cause(s) still named after the repair.`);
  return problems;
}

/** Names in `dependents` that `conda list --json` no longer lists. */
export function missingDependents(condaList: unknown, dependents: readonly string[]): string[] {
  const installed = new Set(Array.isArray(condaList) ? condaList.map((p) => String((p as { name?: unknown }).name).toLowerCase()) : []);
  return dependents.filter((name) => !installed.has(name.toLowerCase()));
}

/** The other CPython minor whose Pillow wheel we take a module from (one that still has wheels). */
export function foreignMinor(minor: number): number {
  if (minor < 9) return minor + 1;
  return minor === 9 ? 10 : 9;
}
