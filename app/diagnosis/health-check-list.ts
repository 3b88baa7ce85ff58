/**
 * The health checks a diagnosis lists under "what was checked", from app/envs' `checkHealth` alone:
 * the live and the offline diagnosis and the `env` command apply one set of rules (markers,
 * specifiers, conda `depends`, wheel tags, pip/conda overlap, RECORD and conda-meta files). The
 * ranker reads the report's typed issues directly (causes/cause-builder.ts); this module only lists
 * every check run and decides nothing itself.
 */
import type { HealthCheckKind, HealthReport } from '../envs';
import type { FieldMessages } from '../messages';
import { message, saidParam, spaceList, texts } from '../messages';
import type { MessageRef } from '../messages';

/** One check of the list, as the diagnosis' checks carry it. */
export interface HealthCheckLine {
  readonly id: Exclude<HealthCheckKind, 'issues-left-out'>;
  readonly title: string;
  readonly status: 'ok' | 'warning' | 'problem';
  readonly detail: string;
  readonly messages?: FieldMessages;
}

/** The checks as listed; the counted overflow of one (issues-left-out) is listed under that check. */
const CHECK_TITLES: Readonly<Record<Exclude<HealthCheckKind, 'issues-left-out'>, MessageRef>> = {
  'requirement-missing': message('check.health.requirement-missing'),
  'requirement-version': message('check.health.requirement-version'),
  'conda-dependency-version': message('check.health.conda-dependency-version'),
  'pip-conda-overlap': message('check.health.pip-conda-overlap'),
  'incompatible-wheel': message('check.health.incompatible-wheel'),
  'missing-file': message('check.health.missing-file'),
  'altered-file': message('check.health.altered-file'),
  'suspicious-record': message('check.health.suspicious-record'),
  'skipped-file': message('check.health.skipped-file'),
};

/** Every health check app/envs ran, with how many issues each found (the counted overflow under its check). */
export function healthCheckList(report: HealthReport): HealthCheckLine[] {
  return (Object.keys(CHECK_TITLES) as (keyof typeof CHECK_TITLES)[]).map((kind) => {
    const issues = report.issues.filter((i) => i.check === kind || (i.check === 'issues-left-out' && i.kind === kind));
    return {
      id: kind,
      status: issues.length === 0 ? ('ok' as const) : issues.some((i) => i.severity === 'error') ? ('problem' as const) : ('warning' as const),
      ...texts({ title: CHECK_TITLES[kind], detail: issues.length === 0 ? message('check.health.ok') : message('check.health.issues', { count: issues.length, issues: spaceList([...issues.slice(0, 3).map((i) => saidParam(i, 'message')), ...(issues.length > 3 ? ['…'] : [])]) }) }),
    };
  });
}
