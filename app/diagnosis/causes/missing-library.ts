/**
 * A library in the dependency chain is not found: another Python's library (python-abi-mismatch),
 * the VC++ runtime (missing-vc-runtime), a lost requirement (broken-requirements), or missing-library.
 */
import { managerName } from '../facts/package-records';
import { normalizeName } from '../../base/package-spec';
import { pathKey } from '../../envs';
import { baseName } from '../facts/ownership';
import { activate, forceReinstall, reinstallDependents, systemLibrary, vcRuntime } from '../remedies';
import type { HealthIssue } from '../../envs';
import type { DependencyLink, Evidence, FileOwner, Remedy, SearchDirectory } from '../types';
import { envKind, envPlatform } from '../facts/environment-facts';
import { NO_FILE_CHECK } from '../rank-input';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, metadataEvidence, primaryManager, PYTHON_DLL, VC_RUNTIME, pkgParam } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

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
      ...texts({ summary: message('evidence.search-path.none', { library: lib, count: searched.length }) }),
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
      ...texts({
        title: message('cause.python-abi-mismatch.title', { module: exam.module, package: pkgParam(pkg), builtFor, running }),
        explanation: message('cause.python-abi-mismatch.explanation', { library: lib, builtFor }),
      }),
      module: exam.module,
      pkg,
      evidence: [
        { kind: 'python-abi', ...texts({ summary: message('evidence.python-abi', { file: baseName(file), library: lib, running }) }), file, builtFor: lib, running },
        ...evidence,
        ...(pkg ? [metadataEvidence(pkg)] : []),
      ],
      remedies: pkg ? [forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-for-this-python', { package: pkg.name, builtFor }))] : [],
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
      ...texts({
        title: message('cause.missing-vc-runtime.title', { library: lib }),
        explanation: message('cause.missing-vc-runtime.explanation', { module: exam.module, package: pkgParam(pkg), library: lib }),
      }),
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
    evidence.push({ kind: 'file-owner', ...texts({ summary: message(searched !== null ? 'evidence.copy-elsewhere.unsearched' : 'evidence.copy-elsewhere', { library: lib, file: f }) }), owner: owners.ownerOf(f) });
  }
  // A file a package of this environment installed (its RECORD or conda-meta lists it) that is gone
  // now: that package lost it, so reinstalling that package restores it; no system package is needed.
  const lostBy = recorded
    .filter((f) => !files.exists(f))
    .map((f) => ({ file: f, owner: owners.ownerOf(f) }))
    .filter((l): l is { file: string; owner: FileOwner & { package: string } } => l.owner.package !== null);
  for (const l of lostBy.slice(0, 3)) {
    evidence.push({ kind: 'health-check', ...texts({ summary: message('evidence.lost-file', { package: l.owner.version ? `${l.owner.package} ${l.owner.version}` : l.owner.package, library: lib }) }), check: 'installed-files', status: 'problem', details: [l.file] });
  }
  const loser = lostBy[0]?.owner ?? null;
  const missingReq = (ctx.input.health?.issues ?? []).filter(
    (h): h is Extract<HealthIssue, { check: 'requirement-missing' }> =>
      h.check === 'requirement-missing' && pkg !== null && normalizeName(h.package) === normalizeName(pkg.name),
  );
  for (const req of missingReq) {
    evidence.push({ kind: 'health-check', summary: req.message, ...(req.messages ? { messages: { summary: req.messages.message } } : {}), check: 'requirements', status: 'problem', details: [req.message] });
    remedies.push(
      reinstallDependents(
        ctx.ids,
        req.requirement,
        [{ name: pkg?.name ?? req.package, version: pkg?.version ?? null, manager }],
        manager,
        message('remedy.why.lost-requirement', { package: pkgParam(pkg), requirement: req.requirement, library: lib, name: pkg?.name ?? req.package }),
      ),
    );
  }
  if (envKind(env) === 'conda' && envPlatform(env) === 'windows' && elsewhere.some((f) => /[\\/]library[\\/]bin[\\/]/i.test(f))) remedies.push(activate(ctx.ids, env.description.prefix));
  if (loser && (!pkg || normalizeName(loser.package) !== normalizeName(pkg.name))) {
    remedies.push(forceReinstall(ctx.ids, loser.manager === 'conda' ? 'conda' : 'pip', loser.package, loser.version, message('remedy.why.reinstall-lost', { package: loser.package, library: lib })));
  }
  if (envPlatform(env) === 'linux' && missingReq.length === 0 && elsewhere.length === 0 && lostBy.length === 0) remedies.push(systemLibrary(ctx.ids, lib));
  if (pkg) remedies.push(forceReinstall(ctx.ids, manager, managerName(pkg, manager), pkg.version, message('remedy.why.reinstall-restores', { package: pkg.name, library: lib })));
  const lost = missingReq.map((r) => r.requirement).join(', ');
  ctx.add({
    // A lost requirement merges with the health check's finding about the same requirement.
    key: missingReq[0] ? `broken-requirements:${normalizeName(missingReq[0].package)}:${normalizeName(missingReq[0].requirement)}` : `missing-library:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
    kind: missingReq.length > 0 ? 'broken-requirements' : 'missing-library',
    ...texts({
      title: missingReq.length > 0 ? message('cause.broken-requirements.lost.title', { package: pkgParam(pkg), requirement: lost, library: lib }) : message('cause.missing-library.title', { library: lib, module: exam.module }),
      explanation: missingReq.length > 0 ? message('cause.broken-requirements.lost.explanation', { module: exam.module, library: lib, requirement: lost, package: pkg?.name ?? message('word.the-package') }) : message('cause.missing-library.explanation', { module: exam.module, library: lib }),
    }),
    module: exam.module,
    pkg,
    evidence,
    remedies,
    base: missingReq.length > 0 ? base + 0.1 : base,
    signals: missingReq.length > 0 ? [signal, 'health-check'] : [signal],
    consistent: CONSISTENT['missing-library'],
  });
}
