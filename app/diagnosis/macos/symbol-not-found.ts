/**
 * macOS: `Symbol not found: _X … Expected in: libY` — the extension was built against another
 * version of the library it binds to (two-level namespace names the library; pillow/libpng and
 * numpy/openblas mismatches); and dyld 3's "Incompatible library version" (compatibility_version).
 * Python's own API, looked up flat from the interpreter, is never reported here by the simulation.
 */
import { envPlatform } from '../facts/environment-facts';
import type { LoadFinding } from '../facts/facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../facts/package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule, HostRuleContext } from '../host/rule';
import { fileName } from '../host/rule';
import type { ModuleExamination } from '../ranker';
import { message, texts } from '../../messages';

function mismatch(ctx: HostRuleContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'missing-symbols' | 'incompatible-library-version' }>): void {
  const provider = finding.kind === 'missing-symbols' ? finding.provider : finding.file;
  const flat = provider === 'flat namespace';
  const importerPkg = ctx.owners.packageOf(finding.importer) ?? exam.package;
  const providerPkg = flat ? null : ctx.owners.packageOf(provider);
  const what = finding.kind === 'missing-symbols' ? finding.symbols.join(', ') : message('word.compatibility-version', { version: finding.required });
  const evidence: Evidence[] = [ctx.chain(finding.chain, null)];
  if (finding.kind === 'missing-symbols') {
    evidence.push({ kind: 'missing-symbols', ...texts({ summary: flat ? message('evidence.macos.binds.flat', { importer: fileName(finding.importer), symbols: finding.symbols.join(', ') }) : message('evidence.macos.binds', { importer: fileName(finding.importer), symbols: finding.symbols.join(', '), provider, count: finding.symbols.length }) }), importer: finding.importer, provider, symbols: [...finding.symbols], ordinals: [], versions: [] });
  } else {
    evidence.push({ kind: 'health-check', ...texts({ summary: message('evidence.macos.compatibility', { importer: fileName(finding.importer), required: finding.required, library: fileName(finding.file), provided: finding.provided }) }), check: 'macho-compatibility-version', status: 'problem', details: [finding.file] });
  }
  if (providerPkg) evidence.push({ kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: fileName(provider), owner: ctx.label(providerPkg) }) }), owner: ctx.owners.ownerOf(provider) });
  const remedies: Remedy[] = [];
  // Reinstalling the package that ships both files brings back a matching pair; across packages
  // the importer's package is reinstalled so its requirements pick a matching provider.
  const target = providerPkg && importerPkg && providerPkg.name === importerPkg.name ? providerPkg : importerPkg;
  if (target) {
    const manager = ctx.manager(target);
    remedies.push(forceReinstall(ctx.ids, manager, managerName(target, manager), target.version, providerPkg && providerPkg.name !== target.name
      ? message('remedy.why.macos.reinstall-requires', { package: ctx.label(target), provider: providerPkg.name })
      : message('remedy.why.macos.reinstall-pair', { package: ctx.label(target), importer: fileName(finding.importer) })));
  }
  addSimulationCause(ctx, {
    key: `missing-symbol:${finding.importer}:${provider}`,
    kind: 'missing-symbol',
    ...texts({
      title: message('cause.macos.symbol.title', { importer: fileName(finding.importer), what, provider: flat ? message('word.loaded-images') : fileName(provider) }),
      explanation: message('cause.macos.symbol.explanation', {
        importer: fileName(finding.importer),
        owner: importerPkg ? ` (${ctx.label(importerPkg)})` : '',
        provider: flat ? message('word.flat-library') : `${fileName(provider)}${providerPkg ? ` (${ctx.label(providerPkg)})` : ''}`,
        why: finding.kind === 'missing-symbols' ? message('cause.macos.symbol.not-exported', { what }) : message('cause.macos.symbol.incompatible'),
      }),
    }),
    module: exam.module,
    pkg: importerPkg,
    evidence,
    remedies,
    base: 0.55,
  });
}

export const symbolNotFoundRule: HostRule = {
  id: 'macos-symbol-not-found',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if ((finding.kind !== 'missing-symbols' && finding.kind !== 'incompatible-library-version') || envPlatform(ctx.input.env) !== 'macos') return false;
    mismatch(ctx, exam, finding);
    return true;
  },
};
