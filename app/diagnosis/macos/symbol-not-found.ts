/**
 * macOS: `Symbol not found: _X … Expected in: libY` — the extension was built against another
 * version of the library it binds to (two-level namespace names the library; pillow/libpng and
 * numpy/openblas mismatches); and dyld 3's "Incompatible library version" (compatibility_version).
 * Python's own API, looked up flat from the interpreter, is never reported here by the simulation.
 */
import { envPlatform } from '../environment-facts';
import type { LoadFinding } from '../facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule, HostRuleContext } from '../host/rule';
import { fileName } from '../host/rule';
import type { ModuleExamination } from '../ranker';

function mismatch(ctx: HostRuleContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'missing-symbols' | 'incompatible-library-version' }>): void {
  const provider = finding.kind === 'missing-symbols' ? finding.provider : finding.file;
  const flat = provider === 'flat namespace';
  const importerPkg = ctx.owners.packageOf(finding.importer) ?? exam.package;
  const providerPkg = flat ? null : ctx.owners.packageOf(provider);
  const what = finding.kind === 'missing-symbols' ? finding.symbols.join(', ') : `compatibility version ${finding.required}`;
  const evidence: Evidence[] = [ctx.chain(finding.chain, null)];
  if (finding.kind === 'missing-symbols') {
    evidence.push({ kind: 'missing-symbols', summary: `${fileName(finding.importer)} binds ${finding.symbols.join(', ')} ${flat ? 'in the flat namespace, and no loaded image exports it' : `to ${provider}, which does not export ${finding.symbols.length === 1 ? 'it' : 'them'}`}.`, importer: finding.importer, provider, symbols: [...finding.symbols], ordinals: [], versions: [] });
  } else {
    evidence.push({ kind: 'health-check', summary: `${fileName(finding.importer)} was linked against compatibility version ${finding.required} of ${fileName(finding.file)}; the copy found declares ${finding.provided}.`, check: 'macho-compatibility-version', status: 'problem', details: [finding.file] });
  }
  if (providerPkg) evidence.push({ kind: 'file-owner', summary: `${fileName(provider)} belongs to ${ctx.label(providerPkg)}.`, owner: ctx.owners.ownerOf(provider) });
  const remedies: Remedy[] = [];
  // Reinstalling the package that ships both files brings back a matching pair; across packages
  // the importer's package is reinstalled so its requirements pick a matching provider.
  const target = providerPkg && importerPkg && providerPkg.name === importerPkg.name ? providerPkg : importerPkg;
  if (target) {
    const manager = ctx.manager(target);
    remedies.push(forceReinstall(ctx.ids, manager, managerName(target, manager), target.version, providerPkg && providerPkg.name !== target.name
      ? `${ctx.label(target)} is reinstalled as published; if it requires a ${providerPkg.name} version, the installer keeps to it, otherwise installing the ${providerPkg.name} it was built with is the next step.`
      : `${ctx.label(target)} ships ${fileName(finding.importer)} and the library it binds to together; a reinstall brings back the pair built together.`));
  }
  addSimulationCause(ctx, {
    key: `missing-symbol:${finding.importer}:${provider}`,
    kind: 'missing-symbol',
    title: `${fileName(finding.importer)} needs ${what} from ${flat ? 'the loaded images' : fileName(provider)}, which this copy lacks`,
    explanation: `${fileName(finding.importer)}${importerPkg ? ` (${ctx.label(importerPkg)})` : ''} was built against another version of ${flat ? 'a library it looks symbols up in' : `${fileName(provider)}${providerPkg ? ` (${ctx.label(providerPkg)})` : ''}`} than the one dyld loads. ${finding.kind === 'missing-symbols' ? `The copy loaded does not export ${what}, so dyld stops with "Symbol not found".` : `dyld 3 refuses a library older than the one linked against ("Incompatible library version").`} The extension and the library must come from matching builds.`,
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
