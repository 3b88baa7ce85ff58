import { randomUUID } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../contract/errors';
import type { Remedy } from '../diagnosis/types';
import { interpreterFacts } from './interpreter-facts';
import { dryRunChanges, installedPackages, pipArgv, reverseDependencies } from './pip';
import type { DependentToReinstall, PlanRequest, PlanStep, PlannedChange, RepairPlan } from './types';
import { normalizeName, packageName, packageVersion } from './validate';

export interface PlanOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly dataDir: string;
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
  const manager = request.manager ?? (remedy.kind.startsWith('conda-') ? 'conda' : 'pip');
  if (manager === 'conda' || remedy.kind.startsWith('conda-') || remedy.kind === 'switch-manager' || remedy.kind === 'remove-duplicate') {
    throw new DoctorError('conda-not-supported-yet', 'This build carries out repairs with pip only.', `Choose pip, or run the conda command yourself in an activated conda prompt (conda install --prefix <environment> <package>=<version>).`);
  }
  const [facts, installed] = await Promise.all([interpreterFacts(python, env), installedPackages(python, env)]);
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

  switch (remedy.kind) {
    case 'pip-install-version': {
      const version = request.version ?? remedy.version;
      addInstall(`Install ${remedy.package} ${version} with pip`, [pinned(remedy.package, version)]);
      dependents = await proposeDependents(remedy.package);
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

  // Dependents: the remedy's own are reinstalled unless unticked; others are only proposed.
  const chosen = new Set((request.reinstall ?? (remedy.kind === 'reinstall-dependents' ? dependents.map((d) => d.name) : [])).map(normalizeName));
  for (const d of dependents.filter((dep) => chosen.has(normalizeName(dep.name)))) {
    addInstall(`Reinstall ${d.name}${d.version ? ` ${d.version}` : ''} so its requirements come back`, ['--force-reinstall', pinned(d.name, d.version)]);
  }

  const changes: PlannedChange[] = [];
  for (const args of installArgs) {
    const dry = await dryRunChanges(python, args.filter((a) => a !== '--force-reinstall'), installed, { env });
    if (dry.error) warnings.push(`pip's dry run of "${args.join(' ')}" failed: ${dry.error}`);
    changes.push(...dry.changes.filter((c) => c.from !== c.to || args.includes('--force-reinstall')));
  }

  const folder = remedy.kind === 'quarantine-dll' ? path.dirname(remedy.path) : facts.sitePackages;
  const writable = await (options.canWrite ?? defaultCanWrite)(folder);
  return {
    id: randomUUID(),
    python,
    remedy: remedy as Remedy,
    manager: remedy.kind === 'quarantine-dll' ? 'files' : 'pip',
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
