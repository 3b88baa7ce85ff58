import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../base/errors';
import { inWindowsFolder, windowsHome } from '../base/windows-folder';
import { compareVersions, normalizeName, packageName, packageVersion } from '../base/package-spec';
import { condaReverseDependencies, findRecord, localCondaRecords } from './conda-meta';
import { exactCondaSpec } from './conda-search';
import { environmentIdentity } from './environment-identity';
import type { DependentToReinstall, PlannedChange, PlanRequest, RepairPlan } from './types';
import { condaPackageName } from './conda-validate';
import { english, message, texts } from '../messages';

const isDir = (p: string) => stat(p).then((s) => s.isDirectory(), () => false);
const isFile = (p: string) => stat(p).then((s) => s.isFile(), () => false);

/** cmd.exe quoting for a path (values of packages and versions are validated and need none). */
const quote = (value: string) => (/^[A-Za-z0-9_.:=\\/-]+$/.test(value) ? value : `"${value.replace(/"/g, '')}"`);

/** The installed version of a package, from the folder's own records (`<name>-<version>.dist-info`). */
async function recordedVersion(prefix: string, name: string): Promise<string | null> {
  for (const site of [path.join(prefix, 'Lib', 'site-packages'), path.join(prefix, 'lib', 'site-packages')]) {
    const entries = await readdir(site).catch(() => [] as string[]);
    for (const entry of entries) {
      const m = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
      if (m && normalizeName(m[1] ?? '') === normalizeName(name)) return m[2] ?? null;
    }
  }
  return null;
}

/**
 * The plan for an environment examined offline (a Windows folder copied to this machine): the
 * exact commands to run on its own machine, from the environment's folder, each preceded by the
 * same command's dry run so the user sees there what will change. Nothing runs here, ever: the
 * plan has no steps, and applying it is refused.
 */
export async function offlinePlan(request: PlanRequest): Promise<RepairPlan> {
  const { remedy } = request;
  const prefix = request.prefix ?? path.dirname(request.python);
  const conda = await isDir(path.join(prefix, 'conda-meta'));
  const venv = await isFile(path.join(prefix, 'pyvenv.cfg'));
  // The folder on its own machine (the traceback's or the user's): commands then run from any folder.
  const home = request.home ? windowsHome(request.home) : null;
  const inHome = (relative: string) => (home ? inWindowsFolder(home, relative) : relative);
  const python = inHome(venv ? 'Scripts\\python.exe' : 'python.exe');
  const pip = (...args: string[]) => [python, '-m', 'pip', ...args].join(' ');
  const condaCmd = (command: 'install' | 'remove', ...args: string[]) => ['conda', command, '--prefix', home ? `"${home}"` : '"%CD%"', ...args].join(' ');
  const pin = (name: string, version: string | null) => (version ? `${packageName(name)}==${packageVersion(version)}` : packageName(name));
  // conda's `=` is a fuzzy match; `==` is the exact version (conda-search.ts).
  const condaPin = (name: string, version: string | null) => exactCondaSpec(name, version);
  const records = conda ? await localCondaRecords(prefix) : [];
  // `pip install --dry-run` exists from pip 22.2 (pip's changelog); older pips, such as 21.3.1, the last
  // for Python 3.6, would stop at the unknown option, so they get the command without its preview.
  const pipVersion = await recordedVersion(prefix, 'pip');
  const pipPreviews = pipVersion !== null && compareVersions(pipVersion, '22.2') >= 0;
  const commands: string[] = [];
  const changes: PlannedChange[] = [];
  const previewed = (preview: string, real: string) => commands.push(preview, real);
  /** pip install with its dry run first where this environment's pip has one. */
  const pipInstall = (...args: string[]) => (pipPreviews ? previewed(pip('install', '--dry-run', ...args), pip('install', ...args)) : commands.push(pip('install', ...args)));
  // conda's record first: an egg-info of conda's era has no dist-info folder to read the version from.
  const change = async (name: string, to: string | null) => changes.push({ package: name, from: findRecord(records, name)?.version ?? (await recordedVersion(prefix, name)), to });
  // What conda keeps consistent with the package (and a plain `conda remove` takes along): named so the user sees them.
  const condaDependents = (name: string): DependentToReinstall[] =>
    condaReverseDependencies(records, name).map((r) => ({ name: r.name, version: r.version, manager: 'conda', ...texts({ reason: message('dependent.conda-keeps', { dependent: r.name, package: name }) }) }));
  let dependents: DependentToReinstall[] = [];
  let manager: RepairPlan['manager'] = 'pip';
  const useConda = request.manager === 'conda' || (request.manager !== 'pip' && remedy.kind.startsWith('conda-'));

  switch (remedy.kind) {
    case 'pip-install-version':
    case 'conda-install-version': {
      const version = request.version ?? remedy.version;
      if (useConda) {
        manager = 'conda';
        previewed(condaCmd('install', '--dry-run', condaPin(remedy.package, version)), condaCmd('install', condaPin(remedy.package, version)));
        dependents = condaDependents(remedy.package);
      } else {
        pipInstall(pin(remedy.package, version));
      }
      await change(remedy.package, version);
      break;
    }
    case 'pip-force-reinstall': {
      const version = request.version ?? remedy.version ?? (await recordedVersion(prefix, remedy.package));
      pipInstall('--force-reinstall', '--no-deps', pin(remedy.package, version));
      await change(remedy.package, version);
      break;
    }
    case 'conda-force-reinstall': {
      manager = 'conda';
      const version = request.version ?? remedy.version;
      previewed(condaCmd('install', '--dry-run', '--force-reinstall', condaPin(remedy.package, version)), condaCmd('install', '--force-reinstall', condaPin(remedy.package, version)));
      break;
    }
    case 'switch-manager': {
      const version = request.version ?? remedy.version;
      if (remedy.from === 'conda') {
        manager = 'conda';
        previewed(condaCmd('remove', '--dry-run', '--force', condaPackageName(remedy.package)), condaCmd('remove', '--force', condaPackageName(remedy.package)));
        pipInstall(pin(remedy.package, version));
        dependents = condaDependents(remedy.package).map((d) => ({ ...d, ...texts({ reason: message('dependent.conda-force-keeps', { dependent: d.name, package: remedy.package }) }) }));
      } else {
        manager = 'conda';
        const target = remedy.targetPackage ?? remedy.package;
        commands.push(pip('uninstall', '--yes', packageName(remedy.package)));
        previewed(condaCmd('install', '--dry-run', condaPin(target, version)), condaCmd('install', condaPin(target, version)));
      }
      break;
    }
    case 'reinstall-dependents': {
      const pins = remedy.dependents.filter((d) => d.manager !== 'conda').map((d) => pin(d.name, d.version));
      const condaPins = remedy.dependents.filter((d) => d.manager === 'conda').map((d) => condaPin(d.name, d.version));
      if (pins.length > 0) pipInstall('--force-reinstall', ...pins);
      if (condaPins.length > 0) previewed(condaCmd('install', '--dry-run', ...condaPins), condaCmd('install', ...condaPins));
      break;
    }
    case 'remove-duplicate': {
      manager = 'conda';
      if (remedy.keep === 'conda') {
        commands.push(pip('uninstall', '--yes', packageName(remedy.package)));
        const record = findRecord(records, remedy.package);
        // conda's own record: the same build from the same channel goes back.
        const spec = record ? exactCondaSpec(record.name, record.version, record.channel && record.channel !== 'pypi' && !record.channel.startsWith('<') ? record.channel : null, record.build || null) : condaPin(remedy.package, null);
        commands.push(condaCmd('install', '--force-reinstall', spec));
      } else {
        previewed(condaCmd('remove', '--dry-run', '--force', condaPackageName(remedy.package)), condaCmd('remove', '--force', condaPackageName(remedy.package)));
      }
      break;
    }
    case 'quarantine-dll': {
      manager = 'files';
      const relative = path.relative(prefix, remedy.path);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
        throw new DoctorError('outside-environment', message('error.outside-environment.offline', { file: path.basename(remedy.path) }), message('error.outside-environment.what'));
      }
      const windowsRelative = relative.split(path.sep).join('\\');
      commands.push(home ? `mkdir ${inHome('doctor-quarantine')}` : 'mkdir doctor-quarantine', home ? `move ${inHome(windowsRelative.replace(/"/g, ''))} ${inHome('doctor-quarantine\\')}` : `move ${quote(windowsRelative)} doctor-quarantine\\`);
      break;
    }
    default:
      throw new DoctorError('not-automatic', message('error.not-automatic', { title: remedy.title }), message('error.not-automatic.what'));
  }
  // Said only about a pip whose version the records give: an unknown version is no finding.
  const oldPip = !pipPreviews && pipVersion !== null && commands.some((c) => c.includes(' -m pip install'));
  return {
    id: randomUUID(),
    python: request.python,
    environment: await environmentIdentity(prefix),
    runsHere: false,
    elsewhere: {
      ...texts({
        where: message('offline.where', {
          conda: conda ? message('offline.where.conda') : '',
          folder: home ? '' : message('offline.where.folder', { name: path.basename(prefix) }),
          home: home ? message('offline.where.home', { home }) : '',
          dryRun: commands.some((c) => c.includes('--dry-run')) ? message('offline.where.dry-run') : '',
          oldPip: oldPip ? message('offline.where.old-pip', { version: pipVersion ?? '' }) : '',
        }),
      }),
      commands,
      // Pastable as it is into the same Command Prompt: the module name is a checked dotted name.
      check: request.checkModule ? `${python} -c "import ${request.checkModule}"` : null,
      home,
    },
    remedy,
    manager,
    steps: [],
    dependents,
    changes,
    permission: { writable: true },
    warnings: [english(message('offline.warning'))],
    warningMessages: [message('offline.warning')],
  };
}
