/**
 * The Visual C++ runtime copy the loader takes lacks functions the module imports from it: the
 * module was built with a newer toolset than that copy (msvcp140.dll from an older Redistributable,
 * or an old copy next to python.exe or inside a package). The functions are the module's imports
 * checked against that copy's exports by the loader simulation; the copy and its version resource
 * come from the simulation and, live on Windows, from the host facts.
 */
import { knownValue } from '../../host-facts/types';
import { managersOf } from '../facts/package-records';
import type { LoadFinding } from '../facts/facts';
import { vcRuntime } from '../remedies';
import { VC_RUNTIME_COMPATIBILITY_SOURCES } from '../facts/vc-runtime-version';
import type { Evidence, Remedy } from '../types';
import type { HostRule } from './rule';
import { fileName, hostEvidence } from './rule';
import { english, message, texts } from '../../messages';

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
        ...texts({ summary: message('evidence.vc-runtime-exports.missing', { importer: fileName(finding.importer), count: finding.symbols.length, library: lib, provider: finding.provider, symbols: `${finding.symbols.slice(0, 5).join(', ')}${finding.symbols.length > 5 ? ', …' : ''}` }) }),
        importer: finding.importer,
        provider: finding.provider,
        symbols: [...finding.symbols],
        ordinals: [...finding.ordinals],
        versions: [],
      },
      { kind: 'file-owner', ...texts({ summary: message('evidence.vc-runtime-exports.owner', { library: lib, provider: finding.provider, owner: owner.package ? `${owner.package} ${owner.version ?? ''} (${owner.manager})` : message('word.owner.no-package-here') }) }), owner },
    ];
    const hostFact = hostCopy ? hostEvidence(ctx.host, 'vcRuntime', `${hostCopy.path ?? 'not found'} ${hostCopy.version ?? ''}`.trim(), message('evidence.vc-runtime-exports.host', { library: lib, path: hostCopy.path ?? message('word.nowhere'), version: hostCopy.version ? message('word.comma-version', { version: hostCopy.version }) : '', how: message(hostCopy.how === 'already-loaded' ? 'word.vc-runtime.already-loaded' : 'word.vc-runtime.default-search') })) : null;
    if (hostFact) evidence.push(hostFact);
    const remedies: Remedy[] = [];
    if (pkg && managersOf(pkg).includes('conda')) {
      remedies.push({ id: ctx.ids.take(), kind: 'install-constraint', ...texts({ title: message('remedy.install-constraint', { manager: 'conda', spec: `${pkg.name}>${pkg.version ?? '0'}` }), explanation: message('remedy.why.vc-runtime-exports.conda', { library: lib, package: ctx.label(pkg), name: pkg.name }) }), automatic: false, risk: 'medium', manager: 'conda', package: pkg.name, specifier: `>${pkg.version ?? '0'}`, command: ['conda', 'install', `${pkg.name}>${pkg.version ?? '0'}`] });
    } else if (pkg) {
      remedies.push({ id: ctx.ids.take(), kind: 'install-constraint', ...texts({ title: message('remedy.install-constraint', { manager: 'pip', spec: `${pkg.name}>${pkg.version ?? '0'}` }), explanation: message('remedy.why.vc-runtime-exports.pip', { name: pkg.name, library: lib, importer: fileName(finding.importer) }) }), automatic: false, risk: 'medium', manager: 'pip', package: pkg.name, specifier: `>${pkg.version ?? '0'}`, command: ['pip', 'install', `${pkg.name}>${pkg.version ?? '0'}`] });
    } else {
      const redist = vcRuntime(ctx.ids, ctx.input.env.description.python.architecture, [lib]);
      const why = message('remedy.why.vc-runtime-exports.redist', { library: lib, symbols: finding.symbols.slice(0, 3).join(', ') });
      remedies.push({ ...redist, explanation: english(why), messages: { ...redist.messages, explanation: why } });
    }
    ctx.add({
      key: `outdated-vc-runtime:${finding.importer.toLowerCase()}:${lib.toLowerCase()}`,
      kind: 'outdated-vc-runtime',
      ...texts({
        title: message('cause.vc-runtime-exports.title', { library: lib, provider: finding.provider, module: exam.module }),
        explanation: message('cause.vc-runtime-exports.explanation', { importer: fileName(finding.importer), library: lib, provider: finding.provider }),
      }),
      module: exam.module,
      pkg: exam.package,
      evidence: [...evidence, { kind: 'runtime-version', ...texts({ summary: message('evidence.vc-runtime-exports.rule') }), file: finding.importer, linkerVersion: 'newer than the runtime', runtime: finding.provider, runtimeVersion: hostCopy?.version ?? 'see the copy above', sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES] }],
      remedies,
      base: 0.6,
      signals: ['static-simulation', ...(hostFact ? ['host-fact'] : [])],
      consistent: ctx.consistent('outdated-vc-runtime'),
    });
    return true;
  },
};
