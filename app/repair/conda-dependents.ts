import type { DependentToReinstall, PlanStep } from './types';
import { condaReverseDependencies, recordOfDistribution, type CondaRecord } from './conda-meta';
import { reverseDependencies } from './pip';
import { normalizeName } from '../base/package-spec';
import { message, texts } from '../messages';

/**
 * What depends on a package, each with the manager that installed it: conda's reverse dependencies
 * from the `depends` of its conda-meta records, pip's from `pip inspect` for the packages conda does
 * not own. A conda-built scikit-image stays conda's: rebuilding it from PyPI would pull numpy and
 * scipy from PyPI over conda's, and conda-only names (anaconda-navigator) are not on PyPI at all.
 */
export async function dependentsByManager(python: string, name: string, records: readonly CondaRecord[], env: NodeJS.ProcessEnv): Promise<DependentToReinstall[]> {
  const conda = condaReverseDependencies(records, name).map((r) => ({ name: r.name, version: r.version, manager: 'conda' as const, ...texts({ reason: message('dependent.conda-depends', { dependent: r.name, package: name }) }) }));
  const pip = (await reverseDependencies(python, name, env))
    // A pip-named dependent conda installed (matplotlib is conda's matplotlib-base) stays conda's: joined through conda-meta's files.
    .filter((d) => !recordOfDistribution(records, d.name))
    .map((d) => ({ name: d.name, version: d.version, manager: 'pip' as const, ...texts({ reason: message('dependent.requires', { package: name }) }) }));
  return [...conda, ...pip.filter((p) => !conda.some((c) => normalizeName(c.name) === normalizeName(p.name)))];
}

/**
 * The arguments that reinstall conda dependents at their recorded versions without touching
 * anything else: `--no-deps` makes conda's solver start from the environment as it is and change
 * only the packages matching the specs (conda/core/solve.py `_post_sat_handling`, DepsModifier.NO_DEPS,
 * at 25.11.1), so it cannot relink the repaired package, even one pip now owns; `--force-reinstall`
 * (conda ≥ 4.6, conda/cli/conda_argparse.py at 4.6.0; `--force` in 4.4 and 4.5) relinks a dependent
 * that is still present. When the dependents' own requirement is what is missing, `--no-deps` would
 * never bring it back, so that case lets conda solve their depends.
 */
export function condaDependentArgs(
  dependents: readonly DependentToReinstall[],
  spec: (name: string, version: string | null) => string,
  requirementMissing = false,
  force: '--force' | '--force-reinstall' = '--force-reinstall',
): string[] {
  // A missing requirement comes back only when conda may solve the dependents' depends: no --no-deps then.
  return [...(requirementMissing ? [] : ['--no-deps']), force, ...dependents.map((d) => spec(d.name, d.version))];
}

/** Whether a planned conda command may link or relink a package pip installed earlier in the same plan. */
export function condaStepMayRelink(step: PlanStep, condaExe: string): boolean {
  if (step.kind !== 'command' || step.argv[0] !== condaExe) return false;
  // Only --no-deps and `remove --force` keep conda's solver away from the rest of the environment.
  return !(step.argv.includes('--no-deps') || (step.argv[1] === 'remove' && step.argv.includes('--force')));
}
