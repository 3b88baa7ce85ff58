/**
 * The Visual C++ runtime copy the loader takes lacks functions the module imports from it: the
 * module was built with a newer toolset than that copy (msvcp140.dll from an older Redistributable,
 * or an old copy next to python.exe or inside a package). The functions are the module's imports
 * checked against that copy's exports by the loader simulation; the copy and its version resource
 * come from the simulation and, live on Windows, from the host facts.
 */
import { knownValue } from '../../host-facts/types';
import { managersOf } from '../package-records';
import type { LoadFinding } from '../facts';
import { vcRuntime } from '../remedies';
import { VC_RUNTIME_COMPATIBILITY_SOURCES } from '../vc-runtime-version';
import type { Evidence, Remedy } from '../types';
import type { HostRule } from './rule';
import { fileName, hostEvidence } from './rule';

const RUNTIME = /^(msvcp140(_1|_2|_atomic_wait|_codecvt_ids)?|vcruntime140(_1)?|concrt140)\.dll$/i;

export const vcRuntimeExportsRule: HostRule = {
  id: 'vc-runtime-exports',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'missing-symbols' || !RUNTIME.test(fileName(finding.provider)) || finding.symbols.length === 0) return false;
    const lib = fileName(finding.provider);
    const copies = knownValue(ctx.host, 'vcRuntime') ?? [];
    const hostCopy = copies.find((c) => c.name.toLowerCase() === lib.toLowerCase()) ?? null;
    const owner = ctx.owners.ownerOf(finding.provider);
    const pkg = ctx.owners.packageOf(finding.provider);
    const evidence: Evidence[] = [
      ctx.chain(finding.chain, null),
      {
        kind: 'missing-symbols',
        summary: `${fileName(finding.importer)} imports ${finding.symbols.length} function(s) from ${lib} that the copy at ${finding.provider} does not export: ${finding.symbols.slice(0, 5).join(', ')}${finding.symbols.length > 5 ? ', …' : ''}.`,
        importer: finding.importer,
        provider: finding.provider,
        symbols: [...finding.symbols],
        ordinals: [...finding.ordinals],
        versions: [],
      },
      { kind: 'file-owner', summary: `${lib} at ${finding.provider} belongs to ${owner.package ? `${owner.package} ${owner.version ?? ''} (${owner.manager})` : 'no package of this environment'}.`, owner },
    ];
    const hostFact = hostCopy ? hostEvidence(ctx.host, 'vcRuntime', `${hostCopy.path ?? 'not found'} ${hostCopy.version ?? ''}`.trim(), `This Python's process takes ${lib} from ${hostCopy.path ?? 'nowhere'}${hostCopy.version ? `, version ${hostCopy.version}` : ''} (${hostCopy.how === 'already-loaded' ? 'already loaded by python.exe' : 'found by the default search'}).`) : null;
    if (hostFact) evidence.push(hostFact);
    const remedies: Remedy[] = [];
    if (pkg && managersOf(pkg).includes('conda')) {
      remedies.push({ id: ctx.ids.take(), kind: 'install-constraint', title: `conda install "${pkg.name}>${pkg.version ?? '0'}"`, explanation: `${lib} comes from conda's ${ctx.label(pkg)}; a newer ${pkg.name} brings a runtime that exports these functions.`, automatic: false, risk: 'medium', manager: 'conda', package: pkg.name, specifier: `>${pkg.version ?? '0'}`, command: ['conda', 'install', `${pkg.name}>${pkg.version ?? '0'}`] });
    } else if (pkg) {
      remedies.push({ id: ctx.ids.take(), kind: 'install-constraint', title: `pip install "${pkg.name}>${pkg.version ?? '0'}"`, explanation: `${pkg.name} ships its own ${lib}, older than the toolset that built ${fileName(finding.importer)}; a newer ${pkg.name} release ships a newer copy. The import test after the change shows whether it loads.`, automatic: false, risk: 'medium', manager: 'pip', package: pkg.name, specifier: `>${pkg.version ?? '0'}`, command: ['pip', 'install', `${pkg.name}>${pkg.version ?? '0'}`] });
    } else {
      remedies.push({ ...vcRuntime(ctx.ids, ctx.input.env.description.python.architecture, [lib]), explanation: `The latest Visual C++ Redistributable installs a ${lib} that exports ${finding.symbols.slice(0, 3).join(', ')}. If a copy next to python.exe is taken first, replace it with the one the installer puts in System32.` });
    }
    ctx.add({
      key: `outdated-vc-runtime:${finding.importer.toLowerCase()}:${lib.toLowerCase()}`,
      kind: 'outdated-vc-runtime',
      title: `The ${lib} the loader takes (${finding.provider}) is older than ${exam.module} needs`,
      explanation: `${fileName(finding.importer)} was built with a Visual C++ toolset whose runtime exports functions the ${lib} at ${finding.provider} does not have, so Windows stops the load ("The specified procedure could not be found"). Microsoft supports a module only with a runtime at least as new as the toolset that built it; a newer runtime copy fixes it.`,
      module: exam.module,
      pkg: exam.package,
      evidence: [...evidence, { kind: 'runtime-version', summary: 'Microsoft: the runtime must be at least as new as the toolset that linked the module.', file: finding.importer, linkerVersion: 'newer than the runtime', runtime: finding.provider, runtimeVersion: hostCopy?.version ?? 'see the copy above', sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES] }],
      remedies,
      base: 0.6,
      signals: ['static-simulation', ...(hostFact ? ['host-fact'] : [])],
      consistent: ctx.consistent('outdated-vc-runtime'),
    });
    return true;
  },
};
