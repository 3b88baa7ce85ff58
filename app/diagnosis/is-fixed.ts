import type { Diagnosis } from './types';

/**
 * The one definition of "fixed", used by the CLI, the wizard's verify step, the repair outcome and
 * the report: the diagnosis run again after the repair examined at least one module, every module
 * now imports in a fresh interpreter, and the static check found nothing left.
 */
export function isFixed(after: Pick<Diagnosis, 'status' | 'modules'>): boolean {
  return after.status === 'healthy' && after.modules.length > 0 && after.modules.every((m) => m.ok);
}
