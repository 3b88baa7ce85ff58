/**
 * Picks the one fix to try first: the least disruptive one known to work (the upstream fix release
 * over a downgrade), after merging near-duplicate fixes (issue 26, finding 6).
 */
import { compareVersions, normalizeName } from '../base/package-spec';
import type { Cause, Remedy } from './types';
import { english, message } from '../messages';
import type { MessageRef } from '../messages';

type VersionRemedy = Extract<Remedy, { kind: 'pip-install-version' | 'conda-install-version' }>;

function isVersionInstall(r: Remedy): r is VersionRemedy {
  return r.kind === 'pip-install-version' || r.kind === 'conda-install-version';
}

/** Why a remedy is the one to try first, by kind; `runsHere` false: nothing runs on this machine. */
function recommendation(remedy: Remedy, cause: Cause, runsHere: boolean): MessageRef {
  const sure = cause.confidence.level === 'high' ? message('word.most-likely-cause') : message('word.best-supported-cause');
  switch (remedy.kind) {
    case 'pip-install-version':
    case 'conda-install-version': {
      const upstream = cause.package?.version && compareVersions(remedy.version, cause.package.version) > 0 ? message('word.upstream-release', { version: remedy.version }) : '';
      return runsHere
        ? message('remedy.because.version.here', { sure, package: remedy.package, upstream })
        : message('remedy.because.version.elsewhere', { sure, package: remedy.package, upstream });
    }
    case 'upgrade-python':
      return message('remedy.because.upgrade-python', { version: remedy.minimumVersion });
    case 'install-constraint':
      return message('remedy.because.install-constraint', { package: remedy.package, manager: remedy.manager });
    case 'install-vc-runtime':
      return message('remedy.because.vc-runtime');
    default:
      return message('remedy.because.first', { sure });
  }
}

/**
 * Drops a version range that only restates an exact version offered beside it: `Pillow<4.1.0` next
 * to "install Pillow 4.0.0" for installed 4.1.0 is the same downgrade, less precise.
 */
export function mergeNearDuplicates(cause: Cause): Remedy[] {
  const installed = cause.package?.version;
  if (!installed) return cause.remedies;
  const downgrades = cause.remedies.filter((r): r is VersionRemedy => isVersionInstall(r) && compareVersions(r.version, installed) < 0);
  return cause.remedies.filter((r) => {
    if (r.kind !== 'install-constraint') return true;
    const below = /^<\s*([^,\s]+)$/.exec(r.specifier);
    if (!below || below[1] !== installed) return true;
    return !downgrades.some((d) => normalizeName(d.package) === normalizeName(r.package) && (d.kind === 'pip-install-version') === (r.manager === 'pip'));
  });
}

/**
 * Index of the remedy to recommend: an exact release newer than the installed one (the upstream fix)
 * before the first other fix; never a reinstall of the same build for a missing function.
 */
function chooseIndex(cause: Cause): number {
  const installed = cause.package?.version;
  if (installed) {
    const upgrades = cause.remedies.map((r, i) => ({ r, i })).filter((x): x is { r: VersionRemedy; i: number } => isVersionInstall(x.r) && compareVersions(x.r.version, installed) > 0);
    // The lowest newer release: the fix release itself, the smallest step forward. Preferred over a
    // change of the package (a downgrade, a constraint), not over a fix of what the machine lacks
    // (a runtime to install): a newer release may not exist for this Python, and offline nothing says.
    upgrades.sort((a, b) => compareVersions(a.r.version, b.r.version));
    const first = cause.remedies[0];
    const packageFix = first !== undefined && (isVersionInstall(first) || first.kind === 'install-constraint' || first.kind === 'manual');
    if (upgrades[0] && packageFix) return upgrades[0].i;
  }
  const reinstallFixes = cause.kind !== 'missing-symbol' && cause.kind !== 'missing-ordinal' && cause.kind !== 'missing-symbol-version';
  return Math.max(0, cause.remedies.findIndex((r) => reinstallFixes || (r.kind !== 'pip-force-reinstall' && r.kind !== 'conda-force-reinstall')));
}

/** Merges the top cause's near-duplicate fixes and puts the one recommended remedy first, marked. */
export function recommendOne(causes: Cause[], runsHere: boolean): void {
  const top = causes[0];
  if (!top || top.remedies.length === 0) return;
  top.remedies = mergeNearDuplicates(top);
  const index = chooseIndex(top);
  const chosen = top.remedies[index];
  if (!chosen) return;
  // The one to try first comes first: lists, the CLI and the reports read it from the top.
  const because = recommendation(chosen, top, runsHere);
  top.remedies = [{ ...chosen, recommended: true, recommendedBecause: english(because), messages: { ...chosen.messages, recommendedBecause: because } }, ...top.remedies.filter((_r, i) => i !== index)];
}
