import type { EnvironmentChoice } from '../../app/contract/environment-choice';

/** The groups the environment step shows, in this order. */
export const environmentGroups = ['conda', 'venv', 'pyenv', 'store', 'system', 'other'] as const;
export type EnvironmentGroup = (typeof environmentGroups)[number];

/** The group of an environment, from the kind the engine reports ("conda (examined from its files)" is conda). */
export function groupOf(choice: EnvironmentChoice): EnvironmentGroup {
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
