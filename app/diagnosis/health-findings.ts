/**
 * The diagnosis' health findings, from app/envs' `checkHealth` alone: the live and the offline
 * diagnosis and the `env` command apply one set of rules (markers, specifiers, conda `depends`,
 * wheel tags, pip/conda overlap, RECORD and conda-meta files). This module only words those issues
 * for the ranker and lists every check run; it decides nothing itself.
 */
import type { HealthCheckKind, HealthReport } from '../envs';
import type { DiagnosisHealth, EnvironmentFacts, HealthFinding } from './facts';
import { normalizeName } from '../base/package-spec';
import { message, texts } from '../messages';
import type { MessageRef } from '../messages';

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

/** The wheel tag of the interpreter's version ("cp36"), as the findings name it. */
function interpreterTagOf(env: EnvironmentFacts): string {
  return env.description.python.version ? `cp${env.description.python.version.split('.').slice(0, 2).join('')}` : 'unknown';
}

/** app/envs' health report as the diagnosis' findings and check list. */
export function diagnosisHealth(env: EnvironmentFacts, report: HealthReport): DiagnosisHealth {
  const findings: HealthFinding[] = [];
  const packageOf = (name: string) => env.packages.find((p) => normalizeName(p.name) === normalizeName(name)) ?? null;
  for (const issue of report.issues) {
    const pkg = packageOf(issue.package);
    if (issue.check === 'requirement-missing') {
      findings.push({ kind: 'requirement-missing', package: issue.package, version: pkg?.version ?? null, requirement: issue.requirement, detail: issue.message });
    } else if (issue.check === 'incompatible-wheel') {
      findings.push({ kind: 'unsupported-wheel-tag', package: issue.package, version: pkg?.version ?? null, tags: [...issue.tags], interpreterTag: interpreterTagOf(env), detail: issue.message });
    } else if (issue.check === 'pip-conda-overlap') {
      // Two installers of one package: the pip side's files are what a removal takes.
      const pipFiles = pkg ? [...pkg.files, ...pkg.extensionModules.map((e) => e.path)] : [];
      findings.push({
        kind: 'installed-by-several-managers',
        package: issue.package,
        installs: [{ manager: 'conda', version: issue.conda.version, files: [] }, { manager: 'pip', version: issue.version, files: pipFiles }],
        detail: issue.message,
      });
    }
  }
  const checks = (Object.keys(CHECK_TITLES) as (keyof typeof CHECK_TITLES)[]).map((kind) => {
    const issues = report.issues.filter((i) => i.check === kind || (i.check === 'issues-left-out' && i.kind === kind));
    return {
      id: kind,
      status: issues.length === 0 ? ('ok' as const) : issues.some((i) => i.severity === 'error') ? ('problem' as const) : ('warning' as const),
      ...texts({ title: CHECK_TITLES[kind], detail: issues.length === 0 ? message('check.health.ok') : message('check.health.issues', { count: issues.length, issues: `${issues.slice(0, 3).map((i) => i.message).join(' ')}${issues.length > 3 ? ' …' : ''}` }) }),
    };
  });
  return { checks, findings };
}
