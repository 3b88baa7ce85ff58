// The grace period between interrupting a child and killing it, shared by the runner and the watchdog.

const DEFAULT_GRACE_S = 10;

/**
 * How long a child may clean up after an interrupt before it is killed: DOCTOR_STOP_GRACE seconds,
 * or 10. pip needs well under a second to unwind; a build backend compiling C may need more.
 */
export function stopGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.DOCTOR_STOP_GRACE);
  return (Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_GRACE_S) * 1000;
}
