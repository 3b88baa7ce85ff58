import type { EnvironmentChoice } from '../../app/contract/environment-choice';

/** The groups the environment step shows, in this order. */
export const environmentGroups = ['copied', 'conda', 'venv', 'pyenv', 'store', 'system', 'other'] as const;
export type EnvironmentGroup = (typeof environmentGroups)[number];

/**
 * The group of an environment, from the kind the engine reports ("conda" of "conda (examined from
 * its files)"); a folder examined from its files is one copied from another computer, whatever it was there.
 */
export function groupOf(choice: EnvironmentChoice): EnvironmentGroup {
  if (choice.status === 'offline') return 'copied';
  const kind = choice.kind.split(/[\s(]/)[0]?.toLowerCase() ?? '';
  if (kind === 'conda' || kind === 'venv' || kind === 'pyenv' || kind === 'store') return kind;
  if (kind === 'system' || kind === 'installed' || kind === 'homebrew') return 'system';
  return 'other';
}

/** Compares Python versions by their numbers (3.6 before 3.10); an unknown version goes last. */
export function compareVersions(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = a.split(/[^0-9]+/).filter(Boolean).map(Number);
  const pb = b.split(/[^0-9]+/).filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** Whether an environment matches what the user typed in the filter (any word of label, version, kind, path). */
export function matchesFilter(choice: EnvironmentChoice, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = [choice.label, choice.version ?? '', choice.kind, choice.python, choice.prefix ?? '', choice.architecture ?? ''].join(' ').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** The environments to show: filtered, grouped by kind, each group sorted by version then path; empty groups left out. */
export function groupEnvironments(choices: readonly EnvironmentChoice[], filter = ''): { readonly group: EnvironmentGroup; readonly items: readonly EnvironmentChoice[] }[] {
  const shown = choices.filter((c) => matchesFilter(c, filter));
  return environmentGroups
    .map((group) => ({
      group,
      items: shown.filter((c) => groupOf(c) === group).sort((a, b) => compareVersions(a.version, b.version) || a.python.localeCompare(b.python)),
    }))
    .filter((g) => g.items.length > 0);
}

/** The columns the environment list can be sorted by. */
export const environmentSortKeys = ['kind', 'name', 'version', 'path', 'status'] as const;
export type EnvironmentSortKey = (typeof environmentSortKeys)[number];

const statusOrder: Readonly<Record<EnvironmentChoice['status'], number>> = { ok: 0, offline: 1, failed: 2 };

/**
 * The environments to show as one dense list: filtered, sorted by the chosen column, ties broken
 * by kind, version and path so the order never jumps.
 */
export function sortEnvironments(choices: readonly EnvironmentChoice[], key: EnvironmentSortKey, filter = ''): EnvironmentChoice[] {
  const byKind = (a: EnvironmentChoice, b: EnvironmentChoice) => environmentGroups.indexOf(groupOf(a)) - environmentGroups.indexOf(groupOf(b));
  const ties = (a: EnvironmentChoice, b: EnvironmentChoice) => byKind(a, b) || compareVersions(a.version, b.version) || a.python.localeCompare(b.python);
  const first: Readonly<Record<EnvironmentSortKey, (a: EnvironmentChoice, b: EnvironmentChoice) => number>> = {
    kind: byKind,
    name: (a, b) => a.label.localeCompare(b.label),
    version: (a, b) => compareVersions(a.version, b.version),
    path: (a, b) => (a.prefix ?? a.python).localeCompare(b.prefix ?? b.python),
    status: (a, b) => statusOrder[a.status] - statusOrder[b.status],
  };
  return choices.filter((c) => matchesFilter(c, filter)).sort((a, b) => first[key](a, b) || ties(a, b));
}
