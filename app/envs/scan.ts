/**
 * Discovery followed by probing every environment found: the "envs" scan.
 *
 * Each environment is probed at most once per scan (the Store stub not at all); interpreter runs are
 * counted and returned so callers and the benchmark can show it.
 */
import { discoverEnvironments, type DiscoveryOptions } from './discovery';
import { probeEnvironments } from './describe';
import type { DiscoveredEnvironment, EnvironmentDescription } from './types';

export interface ScanOptions extends DiscoveryOptions {
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  /** Keep only some discovered environments (e.g. those under one folder). */
  readonly filter?: (env: DiscoveredEnvironment) => boolean;
}

export async function scanEnvironments(options: ScanOptions = {}): Promise<{ environments: EnvironmentDescription[]; interpreterRuns: number; discovered: number }> {
  const found = await discoverEnvironments(options);
  const chosen = options.filter ? found.filter(options.filter) : found;
  const environments = await probeEnvironments(
    chosen.map((e) => ({ interpreterOrFolder: e.interpreter ?? e.prefix, sources: e.sources, storeStub: e.storeStub })),
    { host: options.host, timeoutMs: options.timeoutMs, concurrency: options.concurrency },
  );
  return { environments, interpreterRuns: environments.reduce((n, e) => n + e.interpreterRuns, 0), discovered: found.length };
}
