/**
 * macOS: `Library not loaded` with every path dyld tried. Two classes:
 * - a Homebrew library named by absolute path (/opt/homebrew/opt/<formula>/lib/…, /usr/local/opt/…,
 *   a Cellar path) that is gone: the formula was removed or upgraded to another library version under
 *   the package that linked it (Homebrew/homebrew-core#150336, mlverse/libtorch-mac-m1#4,
 *   fbrundu/pymrmr#98 for lightgbm's /usr/local/opt/libomp);
 * - an @rpath / @loader_path library the package should ship next to its extension (delocated
 *   wheels keep them in `.dylibs`), not found on any LC_RPATH (pytorch/pytorch#72172).
 */
import { envPlatform } from '../facts/environment-facts';
import type { LoadFinding } from '../facts/facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../facts/package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

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
      { kind: 'search-path', ...texts({ summary: message('evidence.macos.tried', { count: finding.searched.length, library: finding.library, leaf }) }), library: finding.library, directories: [...finding.searched] },
      { kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: fileName(importer), owner: owner ? ctx.label(owner) : message('word.owner.no-package-here') }) }), owner: ctx.owners.ownerOf(importer) },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    const manager = owner ? ctx.manager(owner) : 'unknown';
    if (formula !== null) {
      remedies.push({
        id: ctx.ids.take(),
        kind: 'manual',
        ...texts({ title: message('remedy.macos.brew.title', { formula }), explanation: message('remedy.why.macos.brew', { importer: fileName(importer), formula, leaf }) }),
        automatic: false,
        risk: 'low',
        ...manualSteps(message('step.brew-install', { formula }), message('step.brew-check', { library: finding.library })),
      });
      if (owner) remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, message('remedy.why.macos.brew-rebuild', { formula })));
      addSimulationCause(ctx, {
        key: `missing-library:${finding.library}:${importer}`,
        kind: 'missing-library',
        ...texts({
          title: message('cause.macos.brew.title', { importer: fileName(importer), leaf, library: finding.library }),
          explanation: message('cause.macos.brew.explanation', { importer: fileName(importer), owner: owner ? ` (${ctx.label(owner)})` : '', library: finding.library, formula }),
        }),
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
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, message('remedy.why.macos.reinstall-recorded', { package: ctx.label(owner), file: recorded, importer: fileName(importer) })));
    }
    if (elsewhere.length > 0) {
      evidence.push({ kind: 'health-check', ...texts({ summary: message('evidence.macos.elsewhere', { leaf, paths: elsewhere.join(', ') }) }), check: 'macos-dylib-elsewhere', status: 'warning', details: elsewhere });
    }
    addSimulationCause(ctx, {
      key: `missing-library:${finding.library}:${importer}`,
      kind: 'missing-library',
      ...texts({
        title: message('cause.macos.missing.title', { importer: fileName(importer), library: finding.library, package: owner ? ctx.label(owner) : message('word.its-package') }),
        explanation: message('cause.macos.missing.explanation', {
          library: finding.library,
          importer: fileName(importer),
          leaf,
          why: recorded !== null
            ? message('cause.macos.missing.removed', { package: owner ? ctx.label(owner) : message('word.its-package.start'), file: recorded })
            : message('cause.macos.missing.unlisted', { package: owner ? ctx.label(owner) : message('word.its-package.start'), copy: elsewhere[0] !== undefined ? message('cause.macos.missing.copy', { file: elsewhere[0] }) : '' }),
        }),
      }),
      module: exam.module,
      pkg: owner,
      evidence,
      remedies,
      base: 0.55,
    });
    return true;
  },
};
