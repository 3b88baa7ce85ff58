import { DoctorError } from '../base/errors';
import type { PlannedChange } from './types';
import { pipArgv, runCommand, type RunOptions } from '../process/run-command';
import { normalizeName } from '../base/package-spec';
import { message } from '../messages';

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  /** The folder it is installed in (pip list -v), when pip said. */
  readonly location?: string;
}

/** The installed set, as `pip list -v --format=json` reports it (-v adds each one's folder). */
export async function installedPackages(python: string, env: NodeJS.ProcessEnv): Promise<InstalledPackage[]> {
  const result = await runCommand(pipArgv(python, ['list', '-v', '--format=json']), { env });
  try {
    return (JSON.parse(result.stdout) as { name: string; version: string; location?: string }[]).map((p) => ({ name: p.name, version: p.version, ...(typeof p.location === 'string' ? { location: p.location } : {}) }));
  } catch {
    throw new DoctorError('pip-unavailable', message('error.pip-unavailable', { python, why: result.stderr.trim().split('\n').pop() ?? '' }), message('error.pip-unavailable.what'));
  }
}

/**
 * The installed packages that require `packageName`, from `pip inspect` (pip ≥ 22.2, stable since
 * 23.0: https://pip.pypa.io/en/stable/reference/inspect-report/). Requirements only for extras are
 * left out: they do not break when the package changes.
 */
export async function reverseDependencies(python: string, packageName: string, env: NodeJS.ProcessEnv): Promise<InstalledPackage[]> {
  const result = await runCommand(pipArgv(python, ['inspect']), { env });
  let report: { installed?: { metadata?: { name?: string; version?: string; requires_dist?: string[] } }[] };
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return []; // pip older than 22.2: no dependents known, and the plan says nothing it cannot back
  }
  const wanted = normalizeName(packageName);
  return (report.installed ?? [])
    .map((d) => d.metadata ?? {})
    .filter((m) => (m.requires_dist ?? []).some((req) => !/extra\s*==/.test(req) && normalizeName(/^[A-Za-z0-9._-]+/.exec(req.trim())?.[0] ?? '') === wanted))
    .map((m) => ({ name: m.name ?? '', version: m.version ?? '' }))
    .filter((p) => p.name !== '');
}

/**
 * One change per package from several steps' changes, in order: the first step's "from" and the
 * last step's "to" (a reinstall at the same version stays listed: it rewrites the files).
 */
export function mergeChanges(changes: readonly PlannedChange[]): PlannedChange[] {
  const merged = new Map<string, PlannedChange>();
  for (const change of changes) {
    const key = normalizeName(change.package);
    const earlier = merged.get(key);
    merged.set(key, earlier ? { package: earlier.package, from: earlier.from, to: change.to } : change);
  }
  return [...merged.values()];
}

/**
 * What `pip install ARGS` would change, from its own dry run (`--dry-run --report -`, pip ≥ 22.2:
 * https://pip.pypa.io/en/stable/reference/installation-report/). Nothing is installed.
 */
export async function dryRunChanges(python: string, installArgs: readonly string[], installed: readonly InstalledPackage[], options: RunOptions): Promise<{ changes: PlannedChange[]; error: string | null }> {
  const result = await runCommand(pipArgv(python, ['install', '--dry-run', '--quiet', '--report', '-', ...installArgs]), options);
  if (result.code !== 0) return { changes: [], error: result.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ') || `pip exited with ${result.code}` };
  try {
    const report = JSON.parse(result.stdout) as { install?: { metadata: { name: string; version: string } }[] };
    const before = new Map(installed.map((p) => [normalizeName(p.name), p.version]));
    return {
      changes: (report.install ?? []).map((i) => ({ package: i.metadata.name, from: before.get(normalizeName(i.metadata.name)) ?? null, to: i.metadata.version })),
      error: null,
    };
  } catch {
    return { changes: [], error: `pip did not describe what it would change (pip older than 22.2?): ${result.stdout.slice(0, 300)}` };
  }
}
