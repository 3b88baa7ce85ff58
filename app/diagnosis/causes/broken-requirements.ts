/** broken-requirements from the health check: a declared requirement is not installed. */
import type { HealthIssue } from '../../envs';
import type { PackageFacts } from '../facts/facts';
import { normalizeName } from '../../base/package-spec';
import { reinstallDependents } from '../remedies';
import type { Evidence } from '../types';
import { primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The health check found a requirement that is not installed: reinstalling its dependent brings it back. */
export function brokenRequirements(ctx: RankContext, issue: Extract<HealthIssue, { check: 'requirement-missing' }>, pkg: PackageFacts | null, health: Evidence): void {
  const dependents = [{ name: issue.package, version: pkg?.version ?? null, manager: primaryManager(pkg) }];
  ctx.add({
    key: `broken-requirements:${normalizeName(issue.package)}:${normalizeName(issue.requirement)}`,
    kind: 'broken-requirements',
    ...texts({
      title: message('cause.broken-requirements.title', { package: issue.package, requirement: issue.requirement }),
      explanation: message('cause.broken-requirements.explanation', { package: issue.package, requirement: issue.requirement }),
    }),
    module: null,
    pkg,
    evidence: [health],
    remedies: [reinstallDependents(ctx.ids, issue.requirement, dependents, primaryManager(pkg), message('remedy.why.missing-requirement', { package: issue.package, requirement: issue.requirement }))],
    base: 0.4,
    signals: ['health-check'],
    consistent: CONSISTENT['broken-requirements'],
  });
}
