import { newInspectRun, type InspectRun } from './inspect-module';

/** Runs kept at once: a second window or a test inspecting beside the CLI; more only evict the oldest. */
const MAX_RUNS = 2;
/** A run nobody asked about for this long is dropped with everything it read. */
const IDLE_MS = 60_000;

/**
 * The inspect runs under way, by the id their requests carry: the files of one run share their
 * reads (each dependency parsed once), and what a run read is let go once it has been idle a
 * minute, so a long-lived app does not keep a folder's modules in memory.
 */
export class InspectRuns {
  private readonly runs = new Map<string, { readonly run: InspectRun; readonly timer: NodeJS.Timeout }>();

  /** The run named `runId` (made on its first request), or a run of its own for a request without one. */
  run(runId: string | undefined): InspectRun {
    if (runId === undefined) return newInspectRun();
    const kept = this.runs.get(runId);
    if (kept) {
      kept.timer.refresh();
      return kept.run;
    }
    if (this.runs.size >= MAX_RUNS) this.drop(this.runs.keys().next().value as string);
    const run = newInspectRun();
    // unref: a finished CLI run exits without waiting for the timer.
    const timer = setTimeout(() => this.drop(runId), IDLE_MS).unref();
    this.runs.set(runId, { run, timer });
    return run;
  }

  private drop(runId: string): void {
    const kept = this.runs.get(runId);
    if (!kept) return;
    clearTimeout(kept.timer);
    this.runs.delete(runId);
  }
}
