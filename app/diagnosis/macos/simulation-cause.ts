import type { Draft } from '../cause-draft';
import type { HostRuleContext } from '../host/rule';

/** Adds a cause read from the dyld simulation: its signal, and the failure classes its kind agrees with. */
export function addSimulationCause(ctx: HostRuleContext, draft: Omit<Draft, 'signals' | 'consistent'>): void {
  ctx.add({ ...draft, signals: ['static-simulation'], consistent: ctx.consistent(draft.kind) });
}
