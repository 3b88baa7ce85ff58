/**
 * macOS: `Library not loaded` with every path dyld tried. Two classes:
 * - a Homebrew library named by absolute path (/opt/homebrew/opt/<formula>/lib/…, /usr/local/opt/…,
 *   a Cellar path) that is gone: the formula was removed or upgraded to another library version under
 *   the package that linked it (Homebrew/homebrew-core#150336, mlverse/libtorch-mac-m1#4,
 *   fbrundu/pymrmr#98 for lightgbm's /usr/local/opt/libomp);
 * - an @rpath / @loader_path library the package should ship next to its extension (delocated
 *   wheels keep them in `.dylibs`), not found on any LC_RPATH (pytorch/pytorch#72172).
 */
import { envPlatform } from '../environment-facts';
import type { LoadFinding } from '../facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';

export const HOMEBREW_SOURCES = ['https://github.com/Homebrew/homebrew-core/issues/150336', 'https://github.com/mlverse/libtorch-mac-m1/issues/4', 'https://github.com/fbrundu/pymrmr/issues/98'];

/** The formula of a Homebrew path (`/opt/homebrew/opt/libomp/lib/libomp.dylib` → libomp), or null. */
export function homebrewFormula(path: string): string | null {
  const m = /^(?:\/opt\/homebrew|\/usr\/local)\/(?:opt|Cellar)\/([^/]+)\//.exec(path);
  return m?.[1] ?? null;
}

export const missingDylibRule: HostRule = {
  id: 'macos-missing-dylib',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'missing-library' || envPlatform(ctx.input.env) !== 'macos') return false;
    const importer = finding.chain.at(-1)?.file ?? exam.path ?? '';
    const owner = ctx.owners.packageOf(importer) ?? exam.package;
    const leaf = fileName(finding.library);
    const formula = homebrewFormula(finding.library);
    const evidence: Evidence[] = [
      ctx.chain(finding.chain, finding.library),
      { kind: 'search-path', summary: `dyld tried ${finding.searched.length} path${finding.searched.length === 1 ? '' : 's'} for ${finding.library}, in this order; none holds a usable ${leaf}.`, library: finding.library, directories: [...finding.searched] },
      { kind: 'file-owner', summary: `${fileName(importer)} belongs to ${owner ? ctx.label(owner) : 'no package of this environment'}.`, owner: ctx.owners.ownerOf(importer) },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    const manager = owner ? ctx.manager(owner) : 'unknown';
    if (formula !== null) {
      remedies.push({
        id: ctx.ids.take(),
        kind: 'manual',
        title: `Install Homebrew's ${formula} (brew install ${formula})`,
        explanation: `${fileName(importer)} was linked against Homebrew's ${formula} by absolute path. With the formula installed at the version that still provides ${leaf}, dyld finds it where it looks first.`,
        automatic: false,
        risk: 'low',
        steps: [`brew install ${formula} (or brew reinstall ${formula})`, `Check that ${finding.library} exists; if the formula now has another version of the library, the Python package must be rebuilt or upgraded against it.`],
      });
      if (owner) remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, `A build installed from source links the ${formula} Homebrew has now; a wheel that ships its own copy does not depend on Homebrew at all.`));
      addSimulationCause(ctx, {
        key: `missing-library:${finding.library}:${importer}`,
        kind: 'missing-library',
        title: `${fileName(importer)} needs Homebrew's ${leaf}, which is not at ${finding.library} any more`,
        explanation: `${fileName(importer)}${owner ? ` (${ctx.label(owner)})` : ''} names ${finding.library}, a file of Homebrew's ${formula} formula, by its absolute path. The file is gone: the formula was uninstalled, or upgraded to a version whose library has another name, after the package was built. dyld stops with "Library not loaded".`,
        module: exam.module,
        pkg: owner,
        evidence,
        remedies,
        base: 0.6,
      });
      return true;
    }
    // The package's own record lists the library: it was installed and has been removed since.
    const recorded = owner?.files.find((f) => fileName(f) === leaf) ?? null;
    const elsewhere = ctx.owners.filesNamed(leaf).filter((f) => f !== recorded);
    if (owner && recorded !== null) {
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, `${ctx.label(owner)} installed ${recorded}; reinstalling puts it back where ${fileName(importer)}'s LC_RPATH leads dyld.`));
    }
    if (elsewhere.length > 0) {
      evidence.push({ kind: 'health-check', summary: `This environment has ${leaf} at ${elsewhere.join(', ')}, on none of the paths dyld tried.`, check: 'macos-dylib-elsewhere', status: 'warning', details: elsewhere });
    }
    addSimulationCause(ctx, {
      key: `missing-library:${finding.library}:${importer}`,
      kind: 'missing-library',
      title: `${fileName(importer)} needs ${finding.library}, which ${owner ? ctx.label(owner) : 'its package'} should ship`,
      explanation: `dyld resolves ${finding.library} through the LC_RPATHs of ${fileName(importer)}, of the images that loaded it and of the python executable, then the fallback folders, and finds no ${leaf} on any of them. ${recorded !== null ? `${owner ? ctx.label(owner) : 'Its package'} installed it at ${recorded}, and it has been removed.` : `${owner ? ctx.label(owner) : 'Its package'} does not list it among its files: the build expects it from elsewhere${elsewhere.length > 0 ? ` (a copy is at ${elsewhere[0]}, where no LC_RPATH points)` : ''}. A build that ships it (a delocated wheel keeps it in .dylibs) is the fix; repairing the wheel with delocate is for its maintainers.`}`,
      module: exam.module,
      pkg: owner,
      evidence,
      remedies,
      base: 0.55,
    });
    return true;
  },
};
