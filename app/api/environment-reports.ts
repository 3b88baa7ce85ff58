/**
 * Environments described in full, for the CLI's `envs` and `env`: app/envs' descriptions and its
 * one health check, through the same handlers as every other host.
 */
import { DoctorError } from '../base/errors';
import { checkHealth, describeOffline, EnvironmentArgumentError, probeEnvironment, scanEnvironments } from '../envs';
import type { EnvironmentReport, EnvironmentScan } from '../contract/environment-report';

/** Every environment discovery finds, plus the ones named, each probed once. */
export async function scanAllEnvironments(options: { extraPaths: readonly string[]; venvRoots: readonly string[]; timeoutMs: number }): Promise<EnvironmentScan> {
  const { environments, interpreterRuns } = await scanEnvironments({ extraPaths: [...options.extraPaths], venvRoots: [...options.venvRoots], timeoutMs: options.timeoutMs });
  return { environments, interpreterRuns };
}

/**
 * One environment, from its interpreter or its folder (offline: from its files, nothing run), with
 * an import test of `importModule` and the health check when it is usable. A path that names no
 * interpreter or folder is refused as 'invalid-environment-path'.
 */
export async function reportEnvironment(target: string, options: { importModule?: string; offline: boolean; timeoutMs: number }): Promise<EnvironmentReport> {
  let description;
  try {
    description = options.offline ? await describeOffline(target) : await probeEnvironment(target, { importModule: options.importModule, timeoutMs: options.timeoutMs });
  } catch (error) {
    if (error instanceof EnvironmentArgumentError) throw new DoctorError('invalid-environment-path', error.message, 'Give an interpreter (python, python.exe) or an environment folder.');
    throw error;
  }
  const notAnEnvironment = description.status === 'offline' && description.interpreter === null && description.python === null && description.kind === 'unknown';
  const usable = !notAnEnvironment && (description.status === 'ok' || description.status === 'offline');
  return { environment: description, health: usable ? await checkHealth(description) : null, notAnEnvironment };
}
