import { randomUUID } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../contract/errors';
import type { Remedy } from '../diagnosis/types';
import { condaArgv, isCondaPrefix, locateConda, parseCondaTransaction, type CommandRunner, type CondaTool } from './conda';
import { interpreterFacts } from './interpreter-facts';
import { runCommand } from './run-command';
import { dryRunChanges, installedPackages, pipArgv, reverseDependencies } from './pip';
import type { DependentToReinstall, PlanRequest, PlanStep, PlannedChange, RepairPlan } from './types';
import { normalizeName, packageName, packageVersion } from './validate';

export interface PlanOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** Runs conda (injectable: no conda on the test machines; recorded output stands in). */
  readonly runner?: CommandRunner;
  /** The conda that owns the environment, when the caller knows it better than locateConda. */
  readonly conda?: CondaTool | null;
  /** Whether this user may write the folder (injectable: tests run as root, where every folder is writable). */
  readonly canWrite?: (folder: string) => Promise<boolean>;
}

const pinned = (name: string, version: string | null) => (version ? `${packageName(name)}==${packageVersion(version)}` : packageName(name));

/**
 * Turns a remedy and the user's choices into the exact steps, with pip's own dry run of what would
 * change. Nothing changes here. Only remedies this build can carry out with pip, or by moving a file,
 * are planned; the rest are refused with what to do instead.
 */
export async function planRepair(request: PlanRequest, options: PlanOptions): Promise<RepairPlan> {
  const env = options.env ?? process.env;
  const { python, remedy } = request;
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
  const runner = options.runner ?? runCommand;
  const prefix = facts.prefix;
  const conda = options.conda !== undefined ? options.conda : (await isCondaPrefix(prefix)) ? await locateConda(prefix, env) : null;
  const needConda = (): CondaTool => {
    if (!conda) throw new DoctorError('conda-not-found', `No conda was found for ${prefix}.`, 'Run this from an Anaconda Prompt (so CONDA_EXE is set), or choose pip.');
    return conda;
  };
  const condaSteps: { args: string[]; title: string; command: 'install' | 'remove' }[] = [];
  const addConda = (title: string, command: 'install' | 'remove', args: string[]) => {
    condaSteps.push({ args, title, command });
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title, argv: condaArgv(needConda(), command, prefix, args) });
  };
  const condaSpec = (name: string, version: string | null) => (version ? `${packageName(name)}=${packageVersion(version)}` : packageName(name));
  const installedVersion = (name: string) => installed.find((p) => normalizeName(p.name) === normalizeName(name))?.version ?? null;
  const steps: PlanStep[] = [];
  const installArgs: string[][] = [];
  let dependents: DependentToReinstall[] = [];
  const warnings: string[] = [];

  const addInstall = (title: string, args: string[]) => {
    installArgs.push(args);
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title, argv: pipArgv(python, ['install', ...args]) });
  };
  const proposeDependents = async (name: string) =>
    (await reverseDependencies(python, name, env)).map((d) => ({ name: d.name, version: d.version, manager: 'pip' as const, reason: `requires ${name}` }));

  const useConda = request.manager === 'conda';
  switch (remedy.kind) {
    case 'conda-install-version':
    case 'pip-install-version': {
      const version = request.version ?? remedy.version;
      if (useConda || (remedy.kind === 'conda-install-version' && request.manager !== 'pip')) {
        addConda(`Install ${remedy.package} ${version} with conda`, 'install', [condaSpec(remedy.package, version)]);
        break;
      }
      addInstall(`Install ${remedy.package} ${version} with pip`, [pinned(remedy.package, version)]);
      dependents = await proposeDependents(remedy.package);
      break;
    }
    case 'conda-force-reinstall': {
      addConda(`Reinstall ${remedy.package} with conda`, 'install', ['--force-reinstall', condaSpec(remedy.package, request.version ?? remedy.version)]);
      break;
    }
    case 'switch-manager': {
      const version = request.version ?? remedy.version ?? installedVersion(remedy.package);
      if (remedy.from === 'conda' && remedy.to === 'pip') {
        // What a plain `conda remove` would take along (Pillow#2945: anaconda-navigator, scikit-image):
        // removing only the package keeps them, and they are listed so the user knows.
        const dry = await runner(condaArgv(needConda(), 'remove', prefix, ['--dry-run', packageName(remedy.package)]), { env });
        dependents = parseCondaTransaction(dry.stdout).removedAlong
          .filter((r) => normalizeName(r.name) !== normalizeName(remedy.package))
          .map((r) => ({ name: r.name, version: r.version, manager: 'conda' as const, reason: `conda would remove it together with ${remedy.package}` }));
        addConda(`Remove conda's ${remedy.package} only (its dependents stay)`, 'remove', ['--force', packageName(remedy.package)]);
        addInstall(`Install ${remedy.package}${version ? ` ${version}` : ''} with pip`, [pinned(remedy.package, version)]);
      } else {
        steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title: `Remove pip's ${remedy.package}`, argv: pipArgv(python, ['uninstall', '--yes', packageName(remedy.package)]) });
        addConda(`Install ${remedy.package} with conda`, 'install', [condaSpec(remedy.package, version)]);
      }
      break;
    }
    case 'remove-duplicate': {
      if (remedy.keep === 'conda') {
        steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title: `Remove pip's copy of ${remedy.package}`, argv: pipArgv(python, ['uninstall', '--yes', packageName(remedy.package)]) });
        // pip's removal can take files conda installed under the same names: conda puts its own back.
        addConda(`Restore conda's files of ${remedy.package}`, 'install', ['--force-reinstall', condaSpec(remedy.package, installedVersion(remedy.package))]);
      } else {
        addConda(`Remove conda's copy of ${remedy.package} only`, 'remove', ['--force', packageName(remedy.package)]);
      }
      break;
    }
    case 'pip-force-reinstall': {
      const version = request.version ?? remedy.version ?? installedVersion(remedy.package);
      addInstall(`Reinstall ${remedy.package} ${version ?? ''} with pip`.replace(/\s+$/, ''), ['--force-reinstall', '--no-deps', pinned(remedy.package, version)]);
      break;
    }
    case 'reinstall-dependents': {
      dependents = remedy.dependents.map((d) => ({ name: d.name, version: d.version, manager: d.manager, reason: `needs ${remedy.package}, which is missing or broken` }));
      break;
    }
    case 'quarantine-dll': {
      const target = path.join(options.dataDir, 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'), path.basename(remedy.path));
      steps.push({ id: 'step-1', kind: 'move-file', title: `Move ${path.basename(remedy.path)} out of the loader's way (kept, not deleted)`, from: remedy.path, to: target });
      break;
    }
    default:
      throw new DoctorError('not-automatic', `"${remedy.title}" is something only you can do.`, 'The report explains the steps.');
  }

  // Every dependent is reinstalled unless the user unticks it (no list given: all of them).
  const chosen = new Set((request.reinstall ?? dependents.map((d) => d.name)).map(normalizeName));
  const reinstall = remedy.kind === 'switch-manager' ? [] : dependents.filter((dep) => chosen.has(normalizeName(dep.name)));
  const byConda = reinstall.filter((d) => d.manager === 'conda');
  if (byConda.length > 0) addConda(`Reinstall ${byConda.map((d) => d.name).join(', ')} with conda`, 'install', byConda.map((d) => condaSpec(d.name, d.version)));
  for (const d of reinstall.filter((dep) => dep.manager !== 'conda')) {
    addInstall(`Reinstall ${d.name}${d.version ? ` ${d.version}` : ''} so its requirements come back`, ['--force-reinstall', pinned(d.name, d.version)]);
  }

  const changes: PlannedChange[] = [];
  for (const args of installArgs) {
    const dry = await dryRunChanges(python, args.filter((a) => a !== '--force-reinstall'), installed, { env });
    if (dry.error) warnings.push(`pip's dry run of "${args.join(' ')}" failed: ${dry.error}`);
    changes.push(...dry.changes.filter((c) => c.from !== c.to || args.includes('--force-reinstall')));
  }

  for (const step of condaSteps) {
    const dry = await runner(condaArgv(needConda(), step.command, prefix, ['--dry-run', ...step.args.filter((a) => a !== '--force')]), { env });
    try {
      changes.push(...parseCondaTransaction(dry.stdout).changes);
    } catch (error) {
      warnings.push(`conda's dry run of "${step.title}" failed: ${(error as Error).message}`);
    }
  }

  const folder = remedy.kind === 'quarantine-dll' ? path.dirname(remedy.path) : facts.sitePackages;
  const writable = await (options.canWrite ?? defaultCanWrite)(folder);
  return {
    id: randomUUID(),
    python,
    remedy: remedy as Remedy,
    manager: remedy.kind === 'quarantine-dll' ? 'files' : condaSteps.length > 0 && installArgs.length === 0 ? 'conda' : 'pip',
    steps,
    dependents,
    changes,
    permission: writable
      ? { writable: true }
      : {
          writable: false,
          message: `You cannot change ${folder} as this user, so the repair would fail halfway.`,
          choices: ['Run Python DLL Doctor as administrator (Windows) or with sudo (Linux), just for this repair.', 'Or install into your user folder instead: pip install --user with the same package and version.'],
        },
    warnings,
  };
}

async function defaultCanWrite(folder: string): Promise<boolean> {
  return access(folder, constants.W_OK).then(
    () => true,
    () => false,
  );
}
