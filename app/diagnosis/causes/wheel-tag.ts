/** python-abi-mismatch from the health check: a wheel whose tags name another Python. */
import type { HealthFinding, PackageFacts } from '../facts';
import { normalizeName } from '../../base/package-spec';
import { forceReinstall } from '../remedies';
import type { Evidence } from '../types';
import { metadataEvidence, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The health check found a wheel built for another interpreter tag. */

export function wheelTagMismatch(ctx: RankContext, finding: Extract<HealthFinding, { kind: 'unsupported-wheel-tag' }>, pkg: PackageFacts | null, health: Evidence): void {
  ctx.add({
    key: `python-abi-mismatch:${normalizeName(finding.package)}`,
    kind: 'python-abi-mismatch',
    ...texts({
      title: message('cause.wheel-tag.title', { package: `${finding.package}${finding.version ? ` ${finding.version}` : ''}`, tags: finding.tags.join(', ') }),
      explanation: message('cause.wheel-tag.explanation', { tags: finding.tags.join(', '), interpreter: finding.interpreterTag }),
    }),
    module: null,
    pkg,
    evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
    remedies: [forceReinstall(ctx.ids, primaryManager(pkg), finding.package, finding.version, message('remedy.why.wheel-tag', { tag: finding.interpreterTag, package: finding.package }))],
    base: 0.5,
    signals: ['health-check'],
    consistent: CONSISTENT['python-abi-mismatch'],
  });
}
