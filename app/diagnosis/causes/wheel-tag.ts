/** python-abi-mismatch from the health check: a wheel whose tags name another Python. */
import type { HealthIssue } from '../../envs';
import type { EnvironmentFacts, PackageFacts } from '../facts/facts';
import { normalizeName } from '../../base/package-spec';
import { forceReinstall } from '../remedies';
import type { Evidence } from '../types';
import { metadataEvidence, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** The wheel tag of the interpreter's version ("cp36"), as the cause names it. */
function interpreterTagOf(env: EnvironmentFacts): string {
  return env.description.python.version ? `cp${env.description.python.version.split('.').slice(0, 2).join('')}` : 'unknown';
}

/** The health check found a wheel built for another interpreter tag. */
export function wheelTagMismatch(ctx: RankContext, issue: Extract<HealthIssue, { check: 'incompatible-wheel' }>, pkg: PackageFacts | null, health: Evidence): void {
  const version = pkg?.version ?? null;
  const interpreterTag = interpreterTagOf(ctx.input.env);
  ctx.add({
    key: `python-abi-mismatch:${normalizeName(issue.package)}`,
    kind: 'python-abi-mismatch',
    ...texts({
      title: message('cause.wheel-tag.title', { package: `${issue.package}${version ? ` ${version}` : ''}`, tags: issue.tags.join(', ') }),
      explanation: message('cause.wheel-tag.explanation', { tags: issue.tags.join(', '), interpreter: interpreterTag }),
    }),
    module: null,
    pkg,
    evidence: [health, ...(pkg ? [metadataEvidence(pkg)] : [])],
    remedies: [forceReinstall(ctx.ids, primaryManager(pkg), issue.package, version, message('remedy.why.wheel-tag', { tag: interpreterTag, package: issue.package }))],
    base: 0.5,
    signals: ['health-check'],
    consistent: CONSISTENT['python-abi-mismatch'],
  });
}
