/**
 * Host facts once per session and interpreter: the machine does not change while the app runs, so
 * the first diagnosis reads them and the next ones reuse the answer (a failed read is not kept).
 */
import type { EnvHost } from '../envs';
import { gatherHostFacts } from './gather';
import type { HostFacts } from './types';

const cache = new Map<string, Promise<HostFacts>>();

/** The facts for `python` on `host`, read at most once in this process. */
export function sessionHostFacts(python: string | null, host: EnvHost): Promise<HostFacts> {
  const key = `${host.platform}\0${python ?? ''}`;
  const known = cache.get(key);
  if (known) return known;
  const pending = gatherHostFacts(python, host);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  return pending;
}

/** Forgets every answer (tests; a "read again" action). */
export function clearSessionHostFacts(): void {
  cache.clear();
}
