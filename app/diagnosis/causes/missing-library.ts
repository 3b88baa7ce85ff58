/**
 * A library in the dependency chain is not found: another Python's library (python-abi-mismatch),
 * the VC++ runtime (missing-vc-runtime), a lost requirement (broken-requirements), or missing-library.
 */
import { managerName } from '../package-records';
import { normalizeName } from '../../base/package-spec';
import { pathKey } from '../../envs';
import { baseName } from '../ownership';
import { activate, forceReinstall, reinstallDependents, systemLibrary, vcRuntime } from '../remedies';
import type { HealthFinding } from '../facts';
import type { DependencyLink, Evidence, FileOwner, Remedy, SearchDirectory } from '../types';
import { envKind, envPlatform } from '../environment-facts';
import { NO_FILE_CHECK } from '../rank-input';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, metadataEvidence, pkgLabel, primaryManager, PYTHON_DLL, VC_RUNTIME } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** A library in the chain is not found: VC++ runtime, another Python's library, or a lost requirement. */
export function missingLibrary(ctx: RankContext, exam: ModuleExamination, lib: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[] | null, signal: string): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const manager = primaryManager(pkg);
  const owners = ctx.owners;
  const chain = chainEvidence(links, lib, owners);
  const evidence: Evidence[] = [chain];
  if (searched !== null) {
    evidence.push({
      kind: 'search-path',
      summary: `${lib} was looked for in ${searched.length} folder${searched.length === 1 ? '' : 's'}, in this order, and is in none of them.`,
      library: lib,
      directories: [...searched],
    });
  }
  const base = signal === 'static-simulation' ? 0.5 : 0.45;
  const py = PYTHON_DLL.exec(lib);
  if (py) {
    const builtFor = py[1] ? `${py[1]}.${py[2]}` : `${py[3]}.${py[4]}`;
    const running = env.description.python.version;
    const file = links[0]?.file ?? exam.path ?? '';
    ctx.add({
      key: `python-abi-mismatch:${normalizeName(pkg?.name ?? exam.module)}`,
      kind: 'python-abi-mismatch',
      title: `${exam.module} (${pkgLabel(pkg)}) was built for Python ${builtFor}, this environment runs Python ${running}`,
      explanation: `The extension file asks for ${lib}, the library of Python ${builtFor}. This environment has a different Python, so the file cannot be loaded. This happens when a wheel for another Python version was installed or copied into the environment. Reinstalling the package lets pip pick the build made for this Python.`,
      module: exam.module,
      pkg,
      evidence: [
        { kind: 'python-abi', summary: `${baseName(file)} imports ${lib}; the environment runs Python ${running}.`, file, builtFor: lib, running },
        ...evidence,
        ...(pkg ? [metadataEvidence(pkg)] : []),
      ],
      remedies: pkg ? [forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, `The reinstall downloads the ${pkg.name} build for this Python instead of the one for Python ${builtFor}.`)] : [],
      base: base + 0.1,
      signals: [signal],
      consistent: CONSISTENT['python-abi-mismatch'],
    });
    return;
  }
  if (VC_RUNTIME.test(lib)) {
    ctx.add({
      key: `missing-vc-runtime:${lib.toLowerCase()}`,
      kind: 'missing-vc-runtime',
      title: `The Microsoft Visual C++ runtime (${lib}) is missing`,
      explanation: `${exam.module} (${pkgLabel(pkg)}) was compiled with Microsoft Visual C++ and needs its runtime library ${lib}. It is neither in the environment nor in Windows' system folder, so Windows cannot load the module. Installing the Visual C++ Redistributable from Microsoft adds it for every program.`,
      module: exam.module,
      pkg,
      evidence,
      remedies: [vcRuntime(ctx.ids, env.description.python.architecture, [lib])],
      base: base + 0.05,
      signals: [signal],
      consistent: CONSISTENT['missing-vc-runtime'],
    });
    return;
  }
  const remedies: Remedy[] = [];
  // Copies recorded for the environment that exist now, in folders the loader did not search
  // (compared as real, normalised paths: "..", symlinks and Windows case do not hide a match).
  const files = ctx.input.files ?? NO_FILE_CHECK;
  const key = (p: string): string => pathKey(files.canonical(p), envPlatform(env));
  const dirs = new Set((searched ?? []).map((d) => key(d.path).replace(/\/$/, '')));
  const folderOf = (k: string): string => k.slice(0, Math.max(0, k.lastIndexOf('/')));
  const recorded = owners.filesNamed(lib);
  const elsewhere = recorded.filter((f) => files.exists(f) && !dirs.has(folderOf(key(f))));
  for (const f of elsewhere.slice(0, 3)) {
    evidence.push({ kind: 'file-owner', summary: `A copy of ${lib} exists at ${f}${searched !== null ? ', a folder the loader does not search' : ''}.`, owner: owners.ownerOf(f) });
  }
  // A file a package of this environment installed (its RECORD or conda-meta lists it) that is gone
  // now: that package lost it, so reinstalling that package restores it; no system package is needed.
  const lostBy = recorded
    .filter((f) => !files.exists(f))
    .map((f) => ({ file: f, owner: owners.ownerOf(f) }))
    .filter((l): l is { file: string; owner: FileOwner & { package: string } } => l.owner.package !== null);
  for (const l of lostBy.slice(0, 3)) {
    evidence.push({ kind: 'health-check', summary: `${l.owner.package}${l.owner.version ? ` ${l.owner.version}` : ''} installed ${lib} (its record of installed files lists it), and the file is missing now.`, check: 'installed-files', status: 'problem', details: [l.file] });
  }
  const loser = lostBy[0]?.owner ?? null;
  const missingReq = ctx.input.health.findings.filter(
    (h): h is Extract<HealthFinding, { kind: 'requirement-missing' }> =>
      h.kind === 'requirement-missing' && pkg !== null && normalizeName(h.package) === normalizeName(pkg.name),
  );
  for (const req of missingReq) {
    evidence.push({ kind: 'health-check', summary: req.detail, check: 'requirements', status: 'problem', details: [req.detail] });
    remedies.push(
      reinstallDependents(
        ctx.ids,
        req.requirement,
        [{ name: pkg?.name ?? req.package, version: pkg?.version ?? req.version, manager }],
        manager,
        `${pkgLabel(pkg)} requires ${req.requirement}, which is no longer installed; ${lib} came with it. Reinstalling ${pkg?.name ?? req.package} brings its requirements back.`,
      ),
    );
  }
  if (envKind(env) === 'conda' && envPlatform(env) === 'windows' && elsewhere.some((f) => /[\\/]library[\\/]bin[\\/]/i.test(f))) remedies.push(activate(ctx.ids, env.description.prefix));
  if (loser && (!pkg || normalizeName(loser.package) !== normalizeName(pkg.name))) {
    remedies.push(forceReinstall(ctx.ids, loser.manager === 'conda' ? 'conda' : 'pip', loser.package, loser.version, `${loser.package} installed ${lib} and lost it; a reinstall puts its files back.`));
  }
  if (envPlatform(env) === 'linux' && missingReq.length === 0 && elsewhere.length === 0 && lostBy.length === 0) remedies.push(systemLibrary(ctx.ids, lib));
  if (pkg) remedies.push(forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, `A reinstall restores any file of ${pkg.name} that was deleted, including a bundled ${lib}.`));
  const lost = missingReq.map((r) => r.requirement).join(', ');
  ctx.add({
    // A lost requirement merges with the health check's finding about the same requirement.
    key: missingReq[0] ? `broken-requirements:${normalizeName(missingReq[0].package)}:${normalizeName(missingReq[0].requirement)}` : `missing-library:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
    kind: missingReq.length > 0 ? 'broken-requirements' : 'missing-library',
    title: missingReq.length > 0 ? `${pkgLabel(pkg)} lost its requirement ${lost}, which provided ${lib}` : `${lib}, needed by ${exam.module}, is not found`,
    explanation: `To load ${exam.module} the system must also load ${lib}, and it is in none of the places the loader looks.${missingReq.length > 0 ? ` ${lib} came with ${lost}, which ${pkg?.name ?? 'the package'} requires but which is no longer installed.` : ''}`,
    module: exam.module,
    pkg,
    evidence,
    remedies,
    base: missingReq.length > 0 ? base + 0.1 : base,
    signals: missingReq.length > 0 ? [signal, 'health-check'] : [signal],
    consistent: CONSISTENT['missing-library'],
  });
}
