import type { HealthReport } from '../../app/envs';

/** app/envs' health report of an environment whose checks found nothing (for fake diagnosis sources). */
export function cleanHealthReport(environment = '/nonexistent/env'): HealthReport {
  return { environment, issues: [], filesChecked: 0, filesHashed: 0 };
}
