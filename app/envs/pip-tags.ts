/**
 * pip's wheel tags of an interpreter, asked only when something needs them (a repair's version
 * offers, the diagnosis' available versions), never at discovery.
 *
 * The list comes from pip's own vendored `packaging.tags.sys_tags()`, exactly what pip installs by.
 * Importing pip's packaging costs about as much as the whole environment probe (measured in
 * docs/benchmarks.md), so discovery, which probes every environment, leaves it out. One run per
 * interpreter per session: the answer is kept by the interpreter's identity (the path it is run by,
 * its real path, and the real file's modification time, size and inode).
 */
import { nodeHost, type EnvHost } from './host';
import { probeEnvironmentVariables } from './describe';
import { ISOLATED_ARGS } from './user-variables';

/** Prints one tag a line; exits 1 (ModuleNotFoundError) when the interpreter has no pip. */
const script = 'from pip._vendor.packaging.tags import sys_tags\nprint("\\n".join(str(t) for t in sys_tags()))';
const tagLine = /^[A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+$/;

const bySession = new Map<string, Promise<readonly string[]>>();

/**
 * The tags `python` accepts, best first; empty when it has no pip (pip could not install there
 * either) or did not answer. Only a non-empty answer is kept, so installing pip is seen.
 */
export async function pipTags(python: string, options: { host?: EnvHost; timeoutMs?: number } = {}): Promise<readonly string[]> {
  const host = options.host ?? nodeHost();
  const real = await host.realPath(python);
  const stamp = real === null ? null : ((await host.stamp?.(real)) ?? null);
  const key = stamp === null ? null : JSON.stringify([python, real, stamp]);
  const kept = key === null ? undefined : bySession.get(key);
  if (kept) return kept;
  const asked = askTags(host, python, options.timeoutMs ?? 20_000);
  if (key === null) return asked;
  bySession.set(key, asked);
  const tags = await asked;
  if (tags.length === 0) bySession.delete(key);
  return tags;
}

async function askTags(host: EnvHost, python: string, timeoutMs: number): Promise<readonly string[]> {
  const result = await host.exec(python, [...ISOLATED_ARGS, '-c', script], { timeoutMs, cwd: host.neutralCwd, env: probeEnvironmentVariables(host.env) });
  if (result.code !== 0) return [];
  return result.stdout.split(/\r?\n/).filter((line) => tagLine.test(line));
}

/** Forgets every kept answer (tests; a user's "refresh"). */
export function clearPipTags(): void {
  bySession.clear();
}
