import { randomUUID } from 'node:crypto';
import { DoctorError } from '../base/errors';
import type { RepairOutcome, RepairPlan } from '../repair/types';
import { message } from '../messages';

/**
 * The plans the engine made, the repairs it is running and how the finished ones ended. The page
 * names a plan or a finished repair by id: the commands and verdicts never come from the page.
 */
export class RepairJobs {
  private readonly plans = new Map<string, RepairPlan>();
  private readonly running = new Map<string, AbortController>();
  private readonly outcomes = new Map<string, RepairOutcome>();

  remember(plan: Omit<RepairPlan, 'id'> & { id?: string }): RepairPlan {
    const kept: RepairPlan = { ...plan, id: plan.id && /^[A-Za-z0-9-]{8,64}$/.test(plan.id) ? plan.id : randomUUID() };
    this.plans.set(kept.id, kept);
    // Old plans are of no use once newer ones exist; keep a handful for "back" in the wizard.
    while (this.plans.size > 50) this.plans.delete(this.plans.keys().next().value as string);
    return kept;
  }

  /** The plan if this engine still knows it, else null (for what only adds to a result, such as the report). */
  find(planId: string): RepairPlan | null {
    return this.plans.get(planId) ?? null;
  }

  plan(planId: string): RepairPlan {
    const plan = this.plans.get(planId);
    if (!plan) throw new DoctorError('unknown-plan', message('error.unknown-plan'), message('error.unknown-plan.what'));
    return plan;
  }

  /** Keeps how a repair or rollback job ended, for the report to name it by job id. */
  ended(jobId: string, outcome: RepairOutcome): RepairOutcome {
    this.outcomes.set(jobId, outcome);
    while (this.outcomes.size > 50) this.outcomes.delete(this.outcomes.keys().next().value as string);
    return outcome;
  }

  /** How a finished repair or rollback job ended; a worded error for a job this engine does not know. */
  outcome(jobId: string): RepairOutcome {
    const outcome = this.outcomes.get(jobId);
    if (!outcome) throw new DoctorError('unknown-repair', message('error.unknown-repair'), message('error.unknown-repair.what'));
    return outcome;
  }

  /** Registers a running job and returns its cancel signal. */
  start(jobId: string): AbortSignal {
    if (this.running.has(jobId)) throw new DoctorError('job-running', message('error.job-running'));
    const controller = new AbortController();
    this.running.set(jobId, controller);
    return controller.signal;
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }
}
