import { randomUUID } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import type { Remedy } from '../diagnosis/types';
import { condaArgv, isCondaPrefix, locateConda, parseCondaTransaction, reinstallFlag, type CommandRunner, type CondaTool } from './conda';
import { condaDependentArgs, condaStepMayRelink, dependentsByManager } from './conda-dependents';
import { condaDependentsClosure, environmentChannels, findRecord, localCondaRecords, recordOfDistribution, type CondaRecord } from './conda-meta';
import { condaOnlyPath, duplicatePipCopy, PIP_AFTER_CONDA } from './conda-switch';
import { exactCondaSpec } from './conda-search';
import { condaHistoryFile, testWrite, permissionChoices } from './permissions';
import { runnableHere } from '../process/run-process';
import { environmentIdentity } from './environment-identity';
import { interpreterFacts } from '../envs';
import { offlinePlan } from './offline-plan';
import { pipArgv, runCommand } from '../process/run-command';
import { dryRunChanges, installedPackages, mergeChanges, reverseDependencies } from './pip';
import type { DependentToReinstall, PlanRequest, PlanStep, PlannedChange, RepairPlan } from './types';
import { normalizeName, packageName, packageVersion } from '../base/package-spec';
import { condaChannel, condaPackageName } from './conda-validate';
import { english, message, spaceList, texts, type MessageRef } from '../messages';

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
  // Both run at once; an interpreter that does not start is said as that, not as pip's failure to list (win32 wizard).
  const [asked, listed] = await Promise.allSettled([interpreterFacts(python, env), installedPackages(python, env)]);
  if (asked.status === 'rejected') throw asked.reason;
  if (listed.status === 'rejected') throw listed.reason;
  const [facts, installed] = [asked.value, listed.value];
  const environment = await environmentIdentity(facts.prefix);
  const runner = options.runner ?? runCommand;
  const prefix = facts.prefix;
  const conda = options.conda !== undefined ? options.conda : (await isCondaPrefix(prefix)) ? await locateConda(prefix, env) : null;
  const needConda = (): CondaTool => {
    if (!conda) throw new DoctorError('conda-not-found', message('error.conda-not-found', { prefix }), message('error.conda-not-found.what'));
    return conda;
  };
  const condaSteps: { args: string[]; title: string; titleMessage: MessageRef; command: 'install' | 'remove' }[] = [];
  const addConda = (title: MessageRef, command: 'install' | 'remove', args: string[]) => {
    condaSteps.push({ args, title: english(title), titleMessage: title, command });
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', ...texts({ title }), argv: condaArgv(needConda(), command, prefix, args) });
  };
  // conda: exact `==` specs (`=` is fuzzy), validated by conda's rules, and the records of what conda owns (conda-*.ts).
  const condaSpec = (name: string, version: string | null) => exactCondaSpec(name, version);
  const records: CondaRecord[] = conda ? await localCondaRecords(prefix) : [];
  // A package conda already has goes back as exactly that record: its channel, version and build.
  const recordSpec = (record: CondaRecord) => exactCondaSpec(record.name, record.version, usableChannel(record.channel), record.build || null);
  // The channels the version picker searched (the environment's own, pkgs/free included): what it
  // offered is found when installing too (conda ≥ 4.7 left pkgs/free out of `defaults`).
  const channelArgs = environmentChannels(records).flatMap((c) => ['-c', condaChannel(c)]);
  // conda 4.4 and 4.5 reinstall with --force; asked only when a plan reinstalls with conda.
  const forceReinstall = () => reinstallFlag(needConda(), runner, env);
  const installedVersion = (name: string) => installed.find((p) => normalizeName(p.name) === normalizeName(name))?.version ?? null;
  const steps: PlanStep[] = [];
  /** pip install steps by index into `steps`, with their arguments: each is dry-run exactly so. */
  const installArgs: { id: string; args: string[] }[] = [];
  let dependents: DependentToReinstall[] = [];
  let unchangedDependents: DependentToReinstall[] = [];
  const warnings: MessageRef[] = [];

  const addInstall = (title: MessageRef, args: string[]) => {
    installArgs.push({ id: `step-${steps.length + 1}`, args });
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', ...texts({ title }), argv: pipArgv(python, ['install', ...args]) });
  };
  const addUninstall = (title: MessageRef, name: string) => {
    const version = installedVersion(name);
    steps.push({ id: `step-${steps.length + 1}`, kind: 'command', ...texts({ title }), argv: pipArgv(python, ['uninstall', '--yes', packageName(name)]), expect: version ? [{ package: name, from: version, to: null }] : [] });
  };
  const proposeDependents = async (name: string) =>
    conda ? dependentsByManager(python, name, records, env) : (await reverseDependencies(python, name, env)).map((d) => ({ name: d.name, version: d.version, manager: 'pip' as const, ...texts({ reason: message('dependent.requires', { package: name }) }) }));

  const useConda = request.manager === 'conda';
  switch (remedy.kind) {
    case 'conda-install-version':
    case 'pip-install-version': {
      const version = request.version ?? remedy.version;
      if (useConda || (remedy.kind === 'conda-install-version' && request.manager !== 'pip')) {
        const channel = remedy.kind === 'conda-install-version' ? remedy.channel : null;
        addConda(message('action.install-conda', { package: remedy.package, version: ` ${version}`, channel: channel ? message('action.from-channel', { channel }) : '' }), 'install', [...channelArgs, exactCondaSpec(remedy.package, version, channel)]);
        break;
      }
      // pip over a package conda owns would leave both copies (a duplicate): conda's goes first, alone (--force).
      // Joined through conda-meta's files: pip's torch is conda's pytorch, which must go too.
      const condaCopy = conda ? recordOfDistribution(records, remedy.package) : null;
      if (condaCopy) addConda(message('action.remove-conda-for-pip', { name: condaCopy.name, package: remedy.package }), 'remove', ['--force', condaPackageName(condaCopy.name)]);
      addInstall(message('action.install-pip', { package: remedy.package, version: ` ${version}` }), [pinned(remedy.package, version)]);
      dependents = await proposeDependents(remedy.package);
      if (conda) warnings.push(PIP_AFTER_CONDA(remedy.package));
      break;
    }
    case 'conda-force-reinstall': {
      const record = findRecord(records, remedy.package);
      const version = request.version ?? remedy.version;
      // The installed build from its own channel when that is what is reinstalled; otherwise the version from the environment's channels.
      addConda(message('action.reinstall-conda', { package: remedy.package }), 'install', [await forceReinstall(), ...(record && (!version || version === record.version) ? [recordSpec(record)] : [...channelArgs, condaSpec(remedy.package, version)])]);
      break;
    }
    case 'switch-manager': {
      const version = request.version ?? remedy.version ?? installedVersion(remedy.package);
      if (remedy.from === 'conda' && remedy.to === 'pip') {
        // What a plain `conda remove` would take along (Pillow#2945: anaconda-navigator, scikit-image):
        // removing only the package keeps them, and they are listed so the user knows.
        const dry = await runner(condaArgv(needConda(), 'remove', prefix, ['--dry-run', condaPackageName(remedy.package)]), { env });
        // Only what depends on it: micromamba's removal also prunes orphaned dependencies, which are not dependents.
        const dependentNames = new Set(condaDependentsClosure(records, remedy.package).map((r) => normalizeName(r.name)));
        dependents = parseCondaTransaction(dry.stdout).removedAlong
          .filter((r) => normalizeName(r.name) !== normalizeName(remedy.package) && (records.length === 0 || dependentNames.has(normalizeName(r.name))))
          .map((r) => ({ name: r.name, version: r.version, manager: 'conda' as const, ...texts({ reason: message('dependent.conda-removes-along', { package: remedy.package }) }) }));
        addConda(message('action.remove-conda-only', { package: remedy.package }), 'remove', ['--force', condaPackageName(recordOfDistribution(records, remedy.package)?.name ?? remedy.package)]);
        addInstall(message('action.install-pip', { package: remedy.package, version: version ? ` ${version}` : '' }), [pinned(remedy.package, version)]);
        // conda's own build of the wanted version, where one fits this Python, keeps one manager: said first.
        const condaOnly = await condaOnlyPath(needConda(), remedy.package, version, { records, pythonVersion: facts.pythonVersion, runner, env });
        if (condaOnly) warnings.push(condaOnly);
        warnings.push(PIP_AFTER_CONDA(remedy.package));
      } else {
        // conda's package may have another name and other versions: pip's installed version is never carried over.
        const target = remedy.targetPackage ?? remedy.package;
        const condaVersion = request.version ?? remedy.version ?? null;
        addUninstall(message('action.remove-pip', { package: remedy.package }), remedy.package);
        addConda(message('action.install-conda', { package: target, version: condaVersion ? ` ${condaVersion}` : '', channel: '' }), 'install', [...channelArgs, condaSpec(target, condaVersion)]);
      }
      break;
    }
    case 'remove-duplicate': {
      if (remedy.keep === 'conda') {
        // pip may uninstall only a copy it installed (a RECORD to remove by); a conda-built dist-info has none.
        const pipCopy = await duplicatePipCopy(facts.sitePackages, remedy.package);
        if (pipCopy) addUninstall(message('action.remove-pip-copy', { package: remedy.package, version: pipCopy.version }), remedy.package);
        else warnings.push(message('plan.warning.no-pip-copy', { package: remedy.package }));
        // pip's removal can take files conda installed under the same names: conda puts its own back, at conda's version (conda-meta).
        const condaRecord = recordOfDistribution(records, remedy.package) ?? findRecord(records, remedy.package);
        if (!condaRecord) throw new DoctorError('not-conda-owned', message('error.not-conda-owned', { package: remedy.package, prefix }), message('error.not-conda-owned.what'));
        // The same build from the same channel: a restore links what was there, not just the same version.
        addConda(message('action.restore-conda-files', { package: remedy.package, version: condaRecord.version }), 'install', [await forceReinstall(), '--no-deps', recordSpec(condaRecord)]);
      } else {
        addConda(message('action.remove-conda-copy', { package: remedy.package }), 'remove', ['--force', condaPackageName((recordOfDistribution(records, remedy.package) ?? findRecord(records, remedy.package))?.name ?? remedy.package)]);
        // conda deletes the files its record lists, the same paths pip's copy wrote over: pip's copy is put back whole.
        const pipVersion = (await duplicatePipCopy(facts.sitePackages, remedy.package))?.version ?? installedVersion(remedy.package);
        addInstall(message('action.reinstall-pip-over', { package: remedy.package, version: pipVersion ? ` ${pipVersion}` : '' }), ['--force-reinstall', '--no-deps', pinned(remedy.package, pipVersion)]);
        warnings.push(PIP_AFTER_CONDA(remedy.package));
      }
      break;
    }
    case 'pip-force-reinstall': {
      const version = request.version ?? remedy.version ?? installedVersion(remedy.package);
      addInstall(message('action.reinstall-pip', { package: remedy.package, version: version ? ` ${version}` : '' }), ['--force-reinstall', '--no-deps', pinned(remedy.package, version)]);
      // The same version again, without its dependencies: nothing a dependent needs from it changes,
      // so none is reinstalled; they are named so the fix step can say why none is listed.
      if (version !== null && version === installedVersion(remedy.package)) {
        unchangedDependents = (await reverseDependencies(python, remedy.package, env)).map((d) => ({ name: d.name, version: d.version, manager: 'pip' as const, ...texts({ reason: message('dependent.requires', { package: remedy.package }) }) }));
      }
      break;
    }
    case 'reinstall-dependents': {
      dependents = remedy.dependents.map((d) => ({ name: d.name, version: d.version, manager: d.manager, ...texts({ reason: message('dependent.needs-broken', { package: remedy.package }) }) }));
      break;
    }
    case 'quarantine-dll': {
      await assertInsideEnvironment(remedy.path, facts.prefix);
      const target = path.join(options.dataDir, 'quarantine', new Date().toISOString().replace(/[:.]/g, '-'), path.basename(remedy.path));
      steps.push({ id: 'step-1', kind: 'move-file', ...texts({ title: message('action.move-file', { file: path.basename(remedy.path) }) }), from: remedy.path, to: target });
      break;
    }
    default:
      throw new DoctorError('not-automatic', message('error.not-automatic', { title: remedy.title }), message('error.not-automatic.what'));
  }

  // Every dependent is reinstalled unless the user unticks it (no list given: all of them).
  const chosen = new Set((request.reinstall ?? dependents.map((d) => d.name)).map(normalizeName));
  const reinstall = remedy.kind === 'switch-manager' ? [] : dependents.filter((dep) => chosen.has(normalizeName(dep.name)));
  const byConda = reinstall.filter((d) => d.manager === 'conda');
  if (byConda.length > 0) {
    // conda steps go before pip's (conda's docs: "Use pip only after conda"), and with --no-deps none relinks the package.
    const firstPip = steps.findIndex((s) => s.kind === 'command' && s.argv[0] === python);
    const dependentSpec = (name: string, version: string | null) => {
      const record = findRecord(records, name);
      return record && (!version || record.version === version) ? recordSpec(record) : condaSpec(name, version);
    };
    addConda(message('action.reinstall-conda-dependents', { names: byConda.map((d) => d.name).join(', ') }), 'install', condaDependentArgs(byConda, dependentSpec, remedy.kind === 'reinstall-dependents', await forceReinstall()));
    if (firstPip >= 0) steps.splice(firstPip, 0, ...steps.splice(steps.length - 1, 1));
  }
  const byPip = reinstall.filter((dep) => dep.manager !== 'conda');
  if (byPip.length > 0) {
    const names = byPip.map((d) => `${d.name}${d.version ? ` ${d.version}` : ''}`).join(', ');
    if (remedy.kind === 'reinstall-dependents') {
      // The requirement itself is missing: pip must resolve the dependents' requirements to bring it back.
      addInstall(message('action.reinstall-dependents', { names }), ['--force-reinstall', ...byPip.map((d) => pinned(d.name, d.version))]);
    } else {
      // After a chosen version, a dependent is reinstalled as it is, never re-resolved: with its
      // dependencies pip could put the replaced version back (or upgrade others) behind the plan's back.
      // Whether its requirements still hold is checked after the repair (app/envs' checkHealth).
      addInstall(message('action.reinstall-dependents.no-deps', { names }), ['--force-reinstall', '--no-deps', ...byPip.map((d) => pinned(d.name, d.version))]);
    }
  }

  // Each pip step is dry-run with exactly its own arguments; the plan's changes are their union.
  for (const { id, args } of installArgs) {
    const dry = await dryRunChanges(python, args, installed, { env });
    if (dry.error) warnings.push(message('plan.warning.pip-dry-run-failed', { args: args.join(' '), error: dry.error }));
    // Found by id: conda steps may have been moved ahead of pip's.
    const index = steps.findIndex((s) => s.id === id);
    const step = steps[index];
    if (step?.kind === 'command') steps[index] = { ...step, expect: dry.error ? null : dry.changes };
  }
  const changes: PlannedChange[] = mergeChanges(steps.flatMap((s) => (s.kind === 'command' ? (s.expect ?? []) : [])));

  // After pip installs a package, no conda step may relink it (conda does not see pip's packages: conda/conda#12828).
  const firstPipInstall = steps.findIndex((s) => s.kind === 'command' && s.argv[0] === python && s.argv.includes('install'));
  if (conda && firstPipInstall >= 0 && steps.slice(firstPipInstall + 1).some((s) => condaStepMayRelink(s, conda.exe))) {
    throw new DoctorError('conda-after-pip', message('error.conda-after-pip'), message('error.conda-after-pip.what'));
  }
  const orderedSteps = steps.map((s, i) => ({ ...s, id: `step-${i + 1}` }));

  const condaChanges: PlannedChange[] = [];
  const failedPreviews: MessageRef[] = [];
  for (const step of condaSteps) {
    // The preview runs the very command, --force included: without it conda would list the dependents as removed.
    const dry = await runner(condaArgv(needConda(), step.command, prefix, ['--dry-run', ...step.args]), { env });
    try {
      condaChanges.push(...parseCondaTransaction(dry.stdout).changes);
    } catch (error) {
      // A step conda itself refuses is not runnable: the plan stops before anything changes.
      const said = message('plan.warning.conda-dry-run-failed', { step: step.titleMessage, error: (error as Error).message });
      const why = english(said);
      failedPreviews.push(said);
      warnings.push(said);
      const index = orderedSteps.findIndex((s) => s.kind === 'command' && s.title === step.title);
      const at = orderedSteps[index];
      if (at?.kind === 'command') orderedSteps[index] = { ...at, previewError: why };
    }
  }

  const folder = remedy.kind === 'quarantine-dll' ? path.dirname(remedy.path) : facts.sitePackages;
  const condaChange = conda !== null && remedy.kind !== 'quarantine-dll';
  const writable = await (options.canWrite ?? ((f: string) => testWrite(f, condaChange ? condaHistoryFile(prefix) : null)))(condaChange ? prefix : folder);
  const choices = permissionChoices(conda !== null, facts.prefix !== facts.basePrefix);
  return {
    id: randomUUID(),
    python,
    environment,
    runsHere: true,
    elsewhere: null,
    remedy: remedy as Remedy,
    manager: remedy.kind === 'quarantine-dll' ? 'files' : condaSteps.length > 0 && installArgs.length === 0 ? 'conda' : 'pip',
    steps: orderedSteps,
    dependents,
    unchangedDependents,
    changes: [...changes, ...condaChanges],
    permission: writable
      ? { writable: true }
      : {
          writable: false,
          ...texts({ message: message('plan.permission.denied', { folder: conda && remedy.kind !== 'quarantine-dll' ? prefix : folder }) }),
          choices: choices.map(english),
          choiceMessages: choices,
        },
    warnings: warnings.map(english),
    warningMessages: warnings,
    ...(failedPreviews.length > 0 ? texts({ blocked: message('plan.blocked', { reasons: spaceList(failedPreviews) }) }) : { blocked: null }),
  };
}

/** A channel a conda command can be pointed at: not pip's pseudo-channel, not a local development install. */
function usableChannel(channel: string | null): string | null {
  return channel && channel !== 'pypi' && !channel.startsWith('<') ? channel : null;
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
    throw new DoctorError('outside-environment', message('error.outside-environment', { file: path.basename(file) }), message('error.outside-environment.what'));
  }
}

