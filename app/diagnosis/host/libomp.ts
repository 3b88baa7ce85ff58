/**
 * torch 2.4.0's fbgemm.dll links libomp140.x86_64.dll, which the wheel did not ship and the
 * Visual C++ Redistributable does not install: "Error loading ...\torch\lib\fbgemm.dll or one of
 * its dependencies" (pytorch/pytorch#129568, #131662). torch 2.4.1 ships it (pytorch/pytorch#130697);
 * the Visual Studio "MSVC v143 build tools" put a copy in System32 (kohya-ss/sd-scripts#1597).
 */
import { normalizeName } from '../../base/package-spec';
import { compareVersions } from '../../base/package-spec';
import { installVersion } from '../remedies';
import type { LoadFinding } from '../facts';
import type { Evidence, Remedy } from '../types';
import type { HostRule } from './rule';
import { fileName } from './rule';

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
      { kind: 'search-path', summary: `${LIBOMP} was looked for in ${finding.searched.length} folder(s), System32 included, and is in none of them.`, library: LIBOMP, directories: [...finding.searched] },
    ];
    if (torch) evidence.push(ctx.metadata(torch));
    const remedies: Remedy[] = [];
    const available = torch ? (ctx.input.availableVersions.get('torch') ?? []) : [];
    const fixed = available.filter((v) => compareVersions(v, '2.4.1') >= 0 && !/[a-z]/i.test(v.replace(/\+.*$/, ''))).sort((a, b) => compareVersions(a, b))[0];
    if (torch && torch.version !== null && compareVersions(torch.version.replace(/\+.*$/, ''), '2.4.0') === 0) {
      const why = `torch 2.4.1 ships ${LIBOMP} next to fbgemm.dll (pytorch/pytorch#130697). A CUDA build comes from PyTorch's own index (pip's --index-url https://download.pytorch.org/whl/cu121 or the one it was installed from); PyPI's Windows wheels are CPU builds.`;
      remedies.push(
        fixed
          ? installVersion(ctx.ids, 'pip', 'torch', fixed, why)
          : { id: ctx.ids.take(), kind: 'install-constraint', title: 'pip install "torch>=2.4.1"', explanation: why, automatic: false, risk: 'medium', manager: 'pip', package: 'torch', specifier: '>=2.4.1', command: ['pip', 'install', 'torch>=2.4.1'] },
      );
    }
    remedies.push({
      id: ctx.ids.take(),
      kind: 'manual',
      title: `Add ${LIBOMP} to System32 with the Visual Studio build tools`,
      explanation: `${LIBOMP} is LLVM's OpenMP runtime as Visual Studio ships it; the Visual C++ Redistributable does not install it. Installing the "MSVC v143 - VS 2022 C++ x64/x86 build tools" component puts it in System32 (kohya-ss/sd-scripts#1597).`,
      automatic: false,
      risk: 'medium',
      steps: ['Open the Visual Studio Installer (or install "Build Tools for Visual Studio 2022").', 'Modify, Individual components: select "MSVC v143 - VS 2022 C++ x64/x86 build tools (latest)".', `Install, then check that C:\\Windows\\System32\\${LIBOMP} exists.`],
    });
    ctx.add({
      key: `missing-library:${LIBOMP}:${normalizeName(torch?.name ?? exam.module)}`,
      kind: 'missing-library',
      title: `${fileName(importer)} needs ${LIBOMP}, which ${torch ? ctx.label(torch) : 'torch'} does not ship`,
      explanation: `${fileName(importer)} (${torch ? ctx.label(torch) : 'torch'}) links ${LIBOMP}, the OpenMP runtime of Visual Studio. torch 2.4.0's Windows wheels do not include it and the Visual C++ Redistributable does not install it, so Windows cannot load ${fileName(importer)} and torch stops with "Error loading fbgemm.dll or one of its dependencies".`,
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
