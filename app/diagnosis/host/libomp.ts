/**
 * torch 2.4.0's fbgemm.dll links libomp140.x86_64.dll, which the wheel did not ship and the
 * Visual C++ Redistributable does not install: "Error loading ...\torch\lib\fbgemm.dll or one of
 * its dependencies" (pytorch/pytorch#129568, #131662). torch 2.4.1 ships it (pytorch/pytorch#130697);
 * the Visual Studio "MSVC v143 build tools" put a copy in System32 (kohya-ss/sd-scripts#1597).
 */
import { normalizeName } from '../../base/package-spec';
import { compareVersions } from '../../base/package-spec';
import { installVersion } from '../remedies';
import type { LoadFinding } from '../facts/facts';
import type { Evidence, Remedy } from '../types';
import type { HostRule } from './rule';
import { fileName } from './rule';
import { message, texts } from '../../messages';

export const LIBOMP = 'libomp140.x86_64.dll';
export const LIBOMP_SOURCES = ['https://github.com/pytorch/pytorch/issues/129568', 'https://github.com/pytorch/pytorch/issues/131662', 'https://github.com/kohya-ss/sd-scripts/issues/1597'];

export const libompRule: HostRule = {
  id: 'libomp',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'missing-library' || finding.library.toLowerCase() !== LIBOMP) return false;
    const importer = finding.chain.at(-1)?.file ?? exam.path ?? '';
    const torch = ctx.owners.packageOf(importer) ?? (exam.package && normalizeName(exam.package.name) === 'torch' ? exam.package : null);
    const evidence: Evidence[] = [
      ctx.chain(finding.chain, LIBOMP),
      { kind: 'search-path', ...texts({ summary: message('evidence.search-path.system32', { library: LIBOMP, count: finding.searched.length }) }), library: LIBOMP, directories: [...finding.searched] },
    ];
    if (torch) evidence.push(ctx.metadata(torch));
    const remedies: Remedy[] = [];
    const available = torch ? (ctx.input.availableVersions.get('torch') ?? []) : [];
    const fixed = available.filter((v) => compareVersions(v, '2.4.1') >= 0 && !/[a-z]/i.test(v.replace(/\+.*$/, ''))).sort((a, b) => compareVersions(a, b))[0];
    if (torch && torch.version !== null && compareVersions(torch.version.replace(/\+.*$/, ''), '2.4.0') === 0) {
      const why = message('remedy.why.libomp-torch', { library: LIBOMP });
      remedies.push(
        fixed
          ? installVersion(ctx.ids, 'pip', 'torch', fixed, why)
          : { id: ctx.ids.take(), kind: 'install-constraint', ...texts({ title: message('remedy.install-constraint', { manager: 'pip', spec: 'torch>=2.4.1' }), explanation: why }), automatic: false, risk: 'medium', manager: 'pip', package: 'torch', specifier: '>=2.4.1', command: ['pip', 'install', 'torch>=2.4.1'] },
      );
    }
    remedies.push({
      id: ctx.ids.take(),
      kind: 'manual',
      ...texts({ title: message('remedy.libomp-build-tools.title', { library: LIBOMP }), explanation: message('remedy.why.libomp-build-tools', { library: LIBOMP }) }),
      automatic: false,
      risk: 'medium',
      steps: ['Open the Visual Studio Installer (or install "Build Tools for Visual Studio 2022").', 'Modify, Individual components: select "MSVC v143 - VS 2022 C++ x64/x86 build tools (latest)".', `Install, then check that C:\\Windows\\System32\\${LIBOMP} exists.`],
    });
    ctx.add({
      key: `missing-library:${LIBOMP}:${normalizeName(torch?.name ?? exam.module)}`,
      kind: 'missing-library',
      ...texts({
        title: message('cause.libomp.title', { importer: fileName(importer), library: LIBOMP, package: torch ? ctx.label(torch) : 'torch' }),
        explanation: message('cause.libomp.explanation', { importer: fileName(importer), package: torch ? ctx.label(torch) : 'torch', library: LIBOMP }),
      }),
      module: exam.module,
      pkg: torch ?? exam.package,
      evidence,
      remedies,
      base: 0.6,
      signals: ['static-simulation'],
      consistent: ctx.consistent('missing-library'),
    });
    return true;
  },
};
