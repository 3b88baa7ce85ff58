/**
 * Exit codes of the CLI, documented in the README ("Exit codes"). Scripts depend on them: never
 * renumber, only add.
 */
export const ExitCode = {
  /** Done; for diagnose: no problem found. */
  ok: 0,
  /** The command failed for a reason it explains (bad file, interpreter could not run, ...). */
  error: 1,
  /** The command line was wrong: unknown option, missing argument, invalid value. */
  usage: 2,
  /** A problem was found (diagnose, inspect): the output names it. */
  problemFound: 3,
  /** A repair was attempted and did not make the import work (it was rolled back where possible). */
  repairFailed: 4,
  /** The user declined, or cancelled, a change. Nothing was changed. */
  cancelled: 5,
  /** Another repair holds the environment's lock. */
  busy: 6,
  /** diagnose: an import fails, but no cause could be shown with evidence (the output shows the failure). */
  unexplained: 7,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
