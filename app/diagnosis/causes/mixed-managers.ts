/** mixed-managers: pip and conda each installed the same package into one environment. */
import type { HealthIssue } from '../../envs';
import type { PackageFacts } from '../facts/facts';
import { normalizeName } from '../../base/package-spec';
import { removeDuplicate } from '../remedies';
import type { Evidence, PackageManager } from '../types';
import { envKind } from '../facts/environment-facts';
import { metadataEvidence } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The health check found one package installed by both managers: keep one copy. */
export function mixedManagers(ctx: RankContext, issue: Extract<HealthIssue, { check: 'pip-conda-overlap' }>, pkg: PackageFacts | null, health: Evidence): void {
  // Each install's version from its own record; the pip side's files are what a removal takes.
  const installs = [
    { manager: 'conda' as const, version: issue.conda.version, files: [] as string[] },
    { manager: 'pip' as const, version: issue.version, files: pkg ? [...pkg.files, ...pkg.extensionModules.map((e) => e.path)] : [] },
  ];
  const inConda = envKind(ctx.input.env) === 'conda';
  const keep: PackageManager = inConda ? 'conda' : 'pip';
  const removeInstall = installs.find((i) => i.manager !== keep);
  const remove = removeInstall?.manager ?? 'pip';
  ctx.add({
    key: `mixed-managers:${normalizeName(issue.package)}`,
    kind: 'mixed-managers',
    ...texts({
      title: message('cause.mixed-managers.title', { package: issue.package, installs: installs.map((i) => `${i.manager}${i.version ? ` (${i.version})` : ''}`).join(' + ') }),
      explanation: message('cause.mixed-managers.explanation', { package: issue.package }),
    }),
    module: null,
    pkg,
    evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
    remedies: [removeDuplicate(ctx.ids, issue.package, keep, remove, removeInstall?.files ?? [])],
    base: 0.5,
    signals: ['health-check'],
    consistent: CONSISTENT['mixed-managers'],
  });
}
