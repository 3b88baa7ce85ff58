/** outdated-vc-runtime: the module was linked by a newer VC++ toolset than the runtime the loader gives it. */
import { managerName, managersOf } from '../package-records';
import { pathKey } from '../../envs';
import { baseName } from '../ownership';
import { installConstraint, vcRuntime, VC_REDIST_URLS } from '../remedies';
import { VC_RUNTIME_COMPATIBILITY_SOURCES } from '../vc-runtime-version';
import type { LoadFinding } from '../facts';
import type { Remedy } from '../types';
import { envPlatform } from '../environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, pkgLabel } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

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
    remedies.push(installConstraint(ctx.ids, 'conda', managerName(runtimePkg, 'conda'), `>=${finding.linkerVersion}`, `${lib} comes from conda's ${pkgLabel(runtimePkg)}; a ${runtimePkg.name} of ${finding.linkerVersion} or later installs a runtime at least as new as the toolset that linked ${baseName(finding.importer)}.`));
  } else if (besidePython) {
    // python.exe loads the copy in its own folder first: a newer runtime in System32 alone changes nothing.
    const systemDir = arch === 'x86' ? 'SysWOW64' : 'System32';
    remedies.push({
      id: ctx.ids.take(),
      kind: 'manual',
      title: `Install the latest Visual C++ Redistributable (${arch}) and replace the older ${lib} next to python.exe`,
      explanation: `python.exe loads ${finding.runtime} from its own folder before any other copy, so installing the Redistributable alone does not change which ${lib} this Python uses. After the installation, the ${lib} in Windows' ${systemDir} folder is the newer one.`,
      automatic: false,
      risk: 'medium',
      steps: [
        `Download and run ${VC_REDIST_URLS[arch]}`,
        `Rename ${finding.runtime} to ${lib}.bak`,
        `Copy %SystemRoot%\\${systemDir}\\${lib} to ${finding.runtime.replace(/[\\/][^\\/]*$/, '')}`,
      ],
    });
  } else {
    remedies.push({ ...vcRuntime(ctx.ids, env.description.python.architecture, [lib]), explanation: `The latest Redistributable installs a ${lib} newer than ${finding.linkerVersion}, the toolset that linked ${baseName(finding.importer)}.` });
  }
  ctx.add({
    key: `outdated-vc-runtime:${finding.importer.toLowerCase()}:${lib.toLowerCase()}`,
    kind: 'outdated-vc-runtime',
    title: `The Visual C++ runtime ${lib} ${runtimeRelease} is older than the ${finding.linkerVersion} that ${exam.module} needs`,
    explanation: `${baseName(finding.importer)} was linked by the Visual C++ ${finding.linkerVersion} toolset, and the ${lib} it loads is version ${finding.runtimeVersion}. Microsoft supports this only when the runtime is at least as new as the toolset that built the module; an older runtime can lack functions the module calls or fail when it starts. A runtime of ${finding.linkerVersion} or later fixes it.`,
    module: exam.module,
    pkg: exam.package,
    evidence: [
      chainEvidence(finding.chain, null, ctx.owners),
      {
        kind: 'runtime-version',
        summary: `${baseName(finding.importer)} was linked by toolset ${finding.linkerVersion} (PE linker version); ${finding.runtime} is ${finding.runtimeVersion} (its version resource). The runtime must be at least as new as the toolset (Microsoft, "C++ binary compatibility between Visual Studio versions").`,
        file: finding.importer,
        linkerVersion: finding.linkerVersion,
        runtime: finding.runtime,
        runtimeVersion: finding.runtimeVersion,
        sources: [...VC_RUNTIME_COMPATIBILITY_SOURCES],
      },
      { kind: 'file-owner', summary: `${lib} belongs to ${owner.package ? `${owner.package} ${owner.version ?? ''} (${owner.manager})` : besidePython ? "the interpreter's own folder (no recorded package)" : 'no recorded package'}.`, owner },
    ],
    remedies,
    base: 0.45,
    signals: ['static-simulation', 'runtime-version'],
    consistent: CONSISTENT['outdated-vc-runtime'],
  });
}
