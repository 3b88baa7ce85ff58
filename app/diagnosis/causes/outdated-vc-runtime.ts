/** outdated-vc-runtime: the module was linked by a newer VC++ toolset than the runtime the loader gives it. */
import { managerName, managersOf } from '../facts/package-records';
import { pathKey } from '../../envs';
import { baseName } from '../facts/ownership';
import { installConstraint, vcRuntime, VC_REDIST_URLS } from '../remedies';
import { VC_RUNTIME_COMPATIBILITY_SOURCES } from '../facts/vc-runtime-version';
import type { LoadFinding } from '../facts/facts';
import type { Remedy } from '../types';
import { envPlatform } from '../facts/environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, pkgLabel, ownerWords } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { english, message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

/** The module was linked by a newer VC++ toolset than the runtime DLL the loader gives it. */
export function outdatedRuntime(ctx: RankContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'outdated-vc-runtime' }>): void {
  const { env } = ctx.input;
  const lib = baseName(finding.runtime);
  const runtimeRelease = finding.runtimeVersion.split('.').slice(0, 2).join('.');
  const owner = ctx.owners.ownerOf(finding.runtime);
  const runtimePkg = ctx.owners.packageOf(finding.runtime);
  const arch = env.description.python.architecture === 'x86' ? 'x86' : env.description.python.architecture === 'arm64' ? 'arm64' : 'x64';
  const remedies: Remedy[] = [];
  const besidePython = pathKey(finding.runtime, envPlatform(env)).replace(/\/[^/]*$/, '') === pathKey(env.description.prefix, envPlatform(env)).replace(/\/$/, '');
  if (runtimePkg && managersOf(runtimePkg).includes('conda')) {
    // conda's runtime package (vc14_runtime, vs2015_runtime) is versioned by the runtime's version.
    remedies.push(installConstraint(ctx.ids, 'conda', managerName(runtimePkg, 'conda'), `>=${finding.linkerVersion}`, message('remedy.why.conda-runtime', { library: lib, package: pkgLabel(runtimePkg), name: runtimePkg.name, linker: finding.linkerVersion, importer: baseName(finding.importer) })));
  } else if (besidePython) {
    // python.exe loads the copy in its own folder first: a newer runtime in System32 alone changes nothing.
    const systemDir = arch === 'x86' ? 'SysWOW64' : 'System32';
    remedies.push({
      id: ctx.ids.take(),
      kind: 'manual',
      ...texts({
        title: message('remedy.vc-redist-beside-python.title', { architecture: arch, library: lib }),
        explanation: message('remedy.vc-redist-beside-python.explanation', { runtime: finding.runtime, library: lib, folder: systemDir }),
      }),
      automatic: false,
      risk: 'medium',
      ...manualSteps(
        message('step.vc-redist.download', { url: VC_REDIST_URLS[arch] }),
        message('step.vc-redist.rename', { file: finding.runtime, backup: `${lib}.bak` }),
        message('step.vc-redist.copy', { source: `%SystemRoot%\\${systemDir}\\${lib}`, folder: finding.runtime.replace(/[\\/][^\\/]*$/, '') }),
      ),
    });
  } else {
    const redist = vcRuntime(ctx.ids, env.description.python.architecture, [lib]);
    const why = message('remedy.why.outdated-vc-runtime', { library: lib, linker: finding.linkerVersion, importer: baseName(finding.importer) });
    remedies.push({ ...redist, explanation: english(why), messages: { ...redist.messages, explanation: why } });
  }
  ctx.add({
    key: `outdated-vc-runtime:${finding.importer.toLowerCase()}:${lib.toLowerCase()}`,
    kind: 'outdated-vc-runtime',
    ...texts({
      title: message('cause.outdated-vc-runtime.title', { library: lib, release: runtimeRelease, linker: finding.linkerVersion, module: exam.module }),
      explanation: message('cause.outdated-vc-runtime.explanation', { importer: baseName(finding.importer), linker: finding.linkerVersion, library: lib, version: finding.runtimeVersion }),
    }),
    module: exam.module,
    pkg: exam.package,
    evidence: [
      chainEvidence(finding.chain, null, ctx.owners),
      {
        kind: 'runtime-version',
        ...texts({ summary: message('evidence.runtime-version', { importer: baseName(finding.importer), linker: finding.linkerVersion, runtime: finding.runtime, version: finding.runtimeVersion }) }),
        file: finding.importer,
        linkerVersion: finding.linkerVersion,
        runtime: finding.runtime,
        runtimeVersion: finding.runtimeVersion,
        sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES],
      },
      { kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: lib, owner: !owner.package && besidePython ? message('word.owner.interpreter-folder') : owner.package ? ownerWords(owner) : message('word.owner.none') }) }), owner },
    ],
    remedies,
    base: 0.45,
    signals: ['static-simulation', 'runtime-version'],
    consistent: CONSISTENT['outdated-vc-runtime'],
  });
}
