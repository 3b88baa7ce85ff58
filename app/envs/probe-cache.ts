/**
 * One probe per interpreter per session: the interpreter facts (version, pip's tags, prefix, purelib,
 * sys.path, ...) from app/envs/probe.py, kept for the life of this process.
 *
 * Discovery, diagnosis, the repair (app/envs/interpreter-facts.ts) and verification all ask the
 * same question about the same interpreter; only the first asks the interpreter. An entry is keyed
 * by the path the interpreter is run by (a venv's python is a symlink to its base interpreter: same
 * real file, other prefix), its real path, the real file's modification time and size, and the
 * environment variables the probe runs with. It is dropped when the prefix or purelib folder has
 * changed since (pip and conda add or remove folders there on every install), so a repair is
 * verified against facts read after it. Only complete, successful probes are kept.
 */
import type { EnvHost } from './host';
import type { RawProbe } from './probe-output';

interface Entry {
  readonly raw: RawProbe;
  /** Stamps of the prefix and purelib folders when the probe ran. */
  readonly folders: readonly (readonly [path: string, stamp: string | null])[];
}

const entries = new Map<string, Entry>();
/** Probes in flight, so that concurrent callers share one interpreter run. */
const pending = new Map<string, Promise<RawProbe | null>>();

/** The cache key of an interpreter, or null when the host cannot stamp files (then nothing is cached). */
async function keyOf(host: EnvHost, interpreter: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (!host.stamp) return null;
  const real = await host.realPath(interpreter);
  if (!real) return null;
  const stamp = await host.stamp(real);
  if (!stamp) return null;
  const vars = Object.entries(env).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([interpreter, real, stamp, vars]);
}

async function stillValid(host: EnvHost, entry: Entry): Promise<boolean> {
  for (const [path, stamp] of entry.folders) {
    if ((await host.stamp?.(path)) !== stamp) return false;
  }
  return true;
}

/**
 * The cached probe of `interpreter`, or the result of `run` (stored when it returns a probe).
 * `run` returns null for a probe that failed; failures are never cached.
 */
export async function cachedProbe(
  host: EnvHost,
  interpreter: string,
  env: NodeJS.ProcessEnv,
  run: () => Promise<RawProbe | null>,
): Promise<{ raw: RawProbe | null; cached: boolean }> {
  const key = await keyOf(host, interpreter, env);
  if (key === null) return { raw: await run(), cached: false };
  const entry = entries.get(key);
  if (entry && (await stillValid(host, entry))) return { raw: entry.raw, cached: true };
  entries.delete(key);
  const inFlight = pending.get(key);
  if (inFlight) return { raw: await inFlight, cached: true };
  const started = run().then(async (raw) => {
    if (raw) await remember(host, key, raw);
    return raw;
  });
  pending.set(key, started);
  try {
    return { raw: await started, cached: false };
  } finally {
    pending.delete(key);
  }
}

/** Stores a probe that ran anyway (an import test also describes the environment). */
export async function rememberProbe(host: EnvHost, interpreter: string, env: NodeJS.ProcessEnv, raw: RawProbe): Promise<void> {
  const key = await keyOf(host, interpreter, env);
  if (key !== null) await remember(host, key, raw);
}

async function remember(host: EnvHost, key: string, raw: RawProbe): Promise<void> {
  const folders: [string, string | null][] = [];
  for (const path of new Set([raw.prefix, raw.purelib, raw.platlib].filter((p): p is string => typeof p === 'string' && p.length > 0))) {
    folders.push([path, (await host.stamp?.(path)) ?? null]);
  }
  entries.set(key, { raw, folders });
}

/** Forgets every probe (tests; a user's "refresh"). */
export function clearProbeCache(): void {
  entries.clear();
}
