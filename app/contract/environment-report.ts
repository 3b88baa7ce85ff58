// Types that cross to a host: no Node imports here, so app/envs' plain types module, not its index.
import type { EnvironmentDescription, HealthReport } from '../envs/types';

/** Every environment found on this machine, each described in full (the CLI's `envs`). */
export interface EnvironmentScan {
  readonly environments: EnvironmentDescription[];
  /** Interpreters started for the whole scan: one per environment at most. */
  readonly interpreterRuns: number;
}

/** One environment described in full, with its health when it could be read (the CLI's `env`). */
export interface EnvironmentReport {
  readonly environment: EnvironmentDescription;
  /** null when the path is no usable environment (no interpreter, records or site-packages, or an interpreter that failed). */
  readonly health: HealthReport | null;
  /** A folder with no interpreter, no records and no site-packages: described, but no environment. */
  readonly notAnEnvironment: boolean;
}
