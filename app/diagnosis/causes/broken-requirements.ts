/** broken-requirements from the health check: a declared requirement is not installed. */
import type { HealthFinding, PackageFacts } from '../facts';
import { normalizeName } from '../../base/package-spec';
import { reinstallDependents } from '../remedies';
import type { Evidence } from '../types';
import { primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The health check found a requirement that is not installed: reinstalling its dependent brings it back. */

export function brokenRequirements(ctx: RankContext, finding: Extract<HealthFinding, { kind: 'requirement-missing' }>, pkg: PackageFacts | null, health: Evidence): void {
  const dependents = [{ name: finding.package, version: finding.version, manager: primaryManager(pkg) }];
  ctx.add({
    key: `broken-requirements:${normalizeName(finding.package)}:${normalizeName(finding.requirement)}`,
    kind: 'broken-requirements',
    ...texts({
      title: message('cause.broken-requirements.title', { package: finding.package, requirement: finding.requirement }),
      explanation: message('cause.broken-requirements.explanation', { package: finding.package, requirement: finding.requirement }),
    }),
    module: null,
    pkg,
    evidence: [health],
    remedies: [reinstallDependents(ctx.ids, finding.requirement, dependents, primaryManager(pkg), message('remedy.why.missing-requirement', { package: finding.package, requirement: finding.requirement }))],
    base: 0.4,
    signals: ['health-check'],
    consistent: CONSISTENT['broken-requirements'],
  });
}
