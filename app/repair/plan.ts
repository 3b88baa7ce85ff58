import { randomUUID } from 'node:crypto';
import { access, constants, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../contract/errors';
import type { Remedy } from '../diagnosis/types';
import { condaArgv, isCondaPrefix, locateConda, parseCondaTransaction, type CommandRunner, type CondaTool } from './conda';
import { runnableHere } from '../process/run-process';
import { environmentIdentity } from './environment-identity';
import { interpreterFacts } from './interpreter-facts';
import { offlinePlan } from './offline-plan';
import { runCommand } from './run-command';
import { dryRunChanges, installedPackages, mergeChanges, pipArgv, reverseDependencies } from './pip';
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
  // A copied Windows environment: its python.exe never runs here; the user gets its commands instead.
  if (!runnableHere(python)) return offlinePlan(request);
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
  const environment = await environmentIdentity(facts.prefix);
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
  /** pip install steps by index into `steps`, with their arguments: each is dry-run exactly so. */
  const installArgs: { index: number; args: string[] }[] = [];
  let dependents: DependentToReinstall[] = [];
  const warnings: string[] = [];

  const addInstall = (title: string, args: string[]) => {
    installArgs.push({ index: steps.length, args });
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title, argv: pipArgv(python, ['install', ...args]) });
  };
  const addUninstall = (title: string, name: string) => {
    const version = installedVersion(name);
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', title, argv: pipArgv(python, ['uninstall', '--yes', packageName(name)]), expect: version ? [{ package: name, from: version, to: null }] : [] });
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
        addUninstall(`Remove pip's ${remedy.package}`, remedy.package);
        addConda(`Install ${remedy.package} with conda`, 'install', [condaSpec(remedy.package, version)]);
      }
      break;
    }
    case 'remove-duplicate': {
      if (remedy.keep === 'conda') {
        addUninstall(`Remove pip's copy of ${remedy.package}`, remedy.package);
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
      await assertInsideEnvironment(remedy.path, facts.prefix);
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
  const byPip = reinstall.filter((dep) => dep.manager !== 'conda');
  if (byPip.length > 0) {
    const names = byPip.map((d) => `${d.name}${d.version ? ` ${d.version}` : ''}`).join(', ');
    if (remedy.kind === 'reinstall-dependents') {
      // The requirement itself is missing: pip must resolve the dependents' requirements to bring it back.
      addInstall(`Reinstall ${names} so their requirements come back`, ['--force-reinstall', ...byPip.map((d) => pinned(d.name, d.version))]);
    } else {
      // After a chosen version, a dependent is reinstalled as it is, never re-resolved: with its
      // dependencies pip could put the replaced version back (or upgrade others) behind the plan's back.
      // Whether its requirements still hold is checked after the repair (pip check).
      addInstall(`Reinstall ${names} as they are (their requirements are checked afterwards)`, ['--force-reinstall', '--no-deps', ...byPip.map((d) => pinned(d.name, d.version))]);
    }
  }

  // Each pip step is dry-run with exactly its own arguments; the plan's changes are their union.
  for (const { index, args } of installArgs) {
    const dry = await dryRunChanges(python, args, installed, { env });
    if (dry.error) warnings.push(`pip's dry run of "${args.join(' ')}" failed: ${dry.error}`);
    const step = steps[index];
    if (step?.kind === 'command') steps[index] = { ...step, expect: dry.error ? null : dry.changes };
  }
  const changes: PlannedChange[] = mergeChanges(steps.flatMap((s) => (s.kind === 'command' ? (s.expect ?? []) : [])));

  const condaChanges: PlannedChange[] = [];
  for (const step of condaSteps) {
    const dry = await runner(condaArgv(needConda(), step.command, prefix, ['--dry-run', ...step.args.filter((a) => a !== '--force')]), { env });
    try {
      condaChanges.push(...parseCondaTransaction(dry.stdout).changes);
    } catch (error) {
      warnings.push(`conda's dry run of "${step.title}" failed: ${(error as Error).message}`);
    }
  }

  const folder = remedy.kind === 'quarantine-dll' ? path.dirname(remedy.path) : facts.sitePackages;
  const writable = await (options.canWrite ?? defaultCanWrite)(folder);
  return {
    id: randomUUID(),
    python,
    environment,
    runsHere: true,
    elsewhere: null,
    remedy: remedy as Remedy,
    manager: remedy.kind === 'quarantine-dll' ? 'files' : condaSteps.length > 0 && installArgs.length === 0 ? 'conda' : 'pip',
    steps,
    dependents,
    changes: [...changes, ...condaChanges],
    permission: writable
      ? { writable: true }
      : {
          writable: false,
          message: `You cannot change ${folder} as this user, so the repair would fail halfway.`,
          choices: [
            'Run Python DLL Doctor as administrator (Windows) or with sudo (Linux), just for this repair.',
            // pip refuses --user inside a venv ("Can not perform a '--user' install. User site-packages are not visible in this virtualenv.").
            facts.prefix !== facts.basePrefix
              ? 'Or make a new virtual environment you own (python -m venv) and install there: a --user install is not possible inside a venv.'
              : 'Or install into your user folder instead: pip install --user with the same package and version.',
          ],
        },
    warnings,
  };
}

/**
 * A file the repair may move must lie inside the environment (real paths compared, so `..` and
 * symlinks cannot lead out) and be a regular file: the page names remedies, never paths to touch.
 */
async function assertInsideEnvironment(file: string, prefix: string): Promise<void> {
  const [real, root] = await Promise.all([realpath(file).catch(() => null), realpath(prefix).catch(() => prefix)]);
  const isFile = real ? await stat(real).then((s) => s.isFile(), () => false) : false;
  const inside = real !== null && path.relative(root, real) !== '' && !path.relative(root, real).startsWith('..') && !path.isAbsolute(path.relative(root, real));
  if (!isFile || !inside) {
    throw new DoctorError('outside-environment', `${path.basename(file)} is not a file inside this environment, so the repair will not move it.`, 'Move it yourself if you are sure; the report names where it is.');
  }
}

async function defaultCanWrite(folder: string): Promise<boolean> {
  return access(folder, constants.W_OK).then(
    () => true,
    () => false,
  );
}
