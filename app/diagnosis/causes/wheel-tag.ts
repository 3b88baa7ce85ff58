/** python-abi-mismatch from the health check: a wheel whose tags name another Python. */
import type { HealthFinding, PackageFacts } from '../facts';
import { normalizeName } from '../../base/package-spec';
import { forceReinstall } from '../remedies';
import type { Evidence } from '../types';
import { metadataEvidence, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** The health check found a wheel built for another interpreter tag. */

export function wheelTagMismatch(ctx: RankContext, finding: Extract<HealthFinding, { kind: 'unsupported-wheel-tag' }>, pkg: PackageFacts | null, health: Evidence): void {
  ctx.add({
    key: `python-abi-mismatch:${normalizeName(finding.package)}`,
    kind: 'python-abi-mismatch',
    title: `${finding.package}${finding.version ? ` ${finding.version}` : ''} was installed from a wheel for another Python (${finding.tags.join(', ')})`,
    explanation: `The wheel's tags say it was built for ${finding.tags.join(', ')}, but this environment's interpreter is ${finding.interpreterTag}. Its compiled modules expect a different Python. Reinstalling lets pip choose the right build.`,
    module: null,
    pkg,
    evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
    remedies: [forceReinstall(ctx.ids, primaryManager(pkg), finding.package, finding.version, `pip picks the ${finding.interpreterTag} build when it reinstalls ${finding.package}.`)],
    base: 0.5,
    signals: ['health-check'],
    consistent: CONSISTENT['python-abi-mismatch'],
  });
}
