/** broken-requirements from the health check: a declared requirement is not installed. */
import type { HealthFinding, PackageFacts } from '../facts';
import { normalizeName } from '../../base/package-spec';
import { reinstallDependents } from '../remedies';
import type { Evidence } from '../types';
import { primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** The health check found a requirement that is not installed: reinstalling its dependent brings it back. */

export function brokenRequirements(ctx: RankContext, finding: Extract<HealthFinding, { kind: 'requirement-missing' }>, pkg: PackageFacts | null, health: Evidence): void {
  const dependents = [{ name: finding.package, version: finding.version, manager: primaryManager(pkg) }];
  ctx.add({
    key: `broken-requirements:${normalizeName(finding.package)}:${normalizeName(finding.requirement)}`,
    kind: 'broken-requirements',
    title: `${finding.package} requires ${finding.requirement}, which is not installed`,
    explanation: `${finding.package} declares that it needs ${finding.requirement}, and ${finding.requirement} is not in the environment (it was removed, or never installed). Reinstalling ${finding.package} brings it back.`,
    module: null,
    pkg,
    evidence: [health],
    remedies: [reinstallDependents(ctx.ids, finding.requirement, dependents, primaryManager(pkg), `Reinstalling ${finding.package} makes pip install its missing requirement ${finding.requirement}.`)],
    base: 0.4,
    signals: ['health-check'],
    consistent: CONSISTENT['broken-requirements'],
  });
}
