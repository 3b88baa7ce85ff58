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
  /**
   * diagnose: no verdict. An import fails but no cause could be shown with evidence (unexplained), or
   * no problem was found but the checks that prove the module loads could not run here (inconclusive);
   * the output shows the failure, or what was not checked and how to check it.
   */
  unexplained: 7,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code for --help; the README's table says the same. */
export const exitCodeHelp: Readonly<Record<ExitCodeValue, string>> = {
  0: 'done; for diagnose: no problem found',
  1: 'the command failed for a reason it explains',
  2: 'the command line was wrong',
  3: 'a problem was found',
  4: 'a repair did not make the import work',
  5: 'declined or cancelled: nothing was changed',
  6: 'another repair is running on that environment',
  7: 'no verdict: an import fails with no cause shown, or what proves health could not be checked here',
};
