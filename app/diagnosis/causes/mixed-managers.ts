/** mixed-managers: pip and conda each installed the same package into one environment. */
import type { HealthFinding, PackageFacts } from '../facts';
import { normalizeName } from '../../base/package-spec';
import { removeDuplicate } from '../remedies';
import type { Evidence, PackageManager } from '../types';
import { envKind } from '../environment-facts';
import { metadataEvidence } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The health check found one package installed by both managers: keep one copy. */

export function mixedManagers(ctx: RankContext, finding: Extract<HealthFinding, { kind: 'installed-by-several-managers' }>, pkg: PackageFacts | null, health: Evidence): void {
  const inConda = envKind(ctx.input.env) === 'conda';
  const keep: PackageManager = inConda && finding.installs.some((i) => i.manager === 'conda') ? 'conda' : 'pip';
  const removeInstall = finding.installs.find((i) => i.manager !== keep);
  const remove = removeInstall?.manager ?? 'pip';
  ctx.add({
    key: `mixed-managers:${normalizeName(finding.package)}`,
    kind: 'mixed-managers',
    ...texts({
      title: message('cause.mixed-managers.title', { package: finding.package, installs: finding.installs.map((i) => `${i.manager}${i.version ? ` (${i.version})` : ''}`).join(' + ') }),
      explanation: message('cause.mixed-managers.explanation', { package: finding.package }),
    }),
    module: null,
    pkg,
    evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
    remedies: [removeDuplicate(ctx.ids, finding.package, keep, remove, removeInstall?.files ?? [])],
    base: 0.5,
    signals: ['health-check'],
    consistent: CONSISTENT['mixed-managers'],
  });
}
