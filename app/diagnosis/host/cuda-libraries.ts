/**
 * A CUDA or cuDNN library of the needed major is not found (cudnn64_9.dll, cublas64_12.dll,
 * libcudnn.so.9, ...): which pip package ships it, whether the environment holds another major,
 * and whether an NVIDIA driver is there at all (microsoft/onnxruntime#20049,
 * abetlen/llama-cpp-python#1150).
 *
 * The NVIDIA wheels put their libraries in site-packages/nvidia/<part>/bin (Windows) or /lib
 * (Linux), a folder no loader searches by itself: the package that needs them must load them from
 * there (torch does; onnxruntime from 1.21 on with onnxruntime.preload_dlls()), or the folder must be
 * added. The fix says both, and the import test after it shows whether the module loads.
 */
import { knownValue } from '../../host-facts/types';
import { normalizeName } from '../../base/package-spec';
import type { ModuleExamination } from '../ranker';
import type { LoadFinding } from '../facts/facts';
import type { DependencyLink, SearchDirectory } from '../types';
import type { Evidence, ParsedError, Remedy } from '../types';
import type { HostRule, HostRuleContext } from './rule';
import { fileName, hostEvidence, uncheckedNote } from './rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

interface CudaLibrary {
  /** The family ("cudnn", "cublas", ...), to find other majors of it. */
  readonly family: string;
  /** The library's own major (cuDNN 9, cuBLAS 12). */
  readonly major: number;
  /** The CUDA major the name implies, or null when the name fits several (cuDNN, cuRAND). */
  readonly cuda: number | null;
  /** The pip package stem: nvidia-<stem>-cu<CUDA major>. */
  readonly stem: string;
}

const NAMES: readonly { re: RegExp; family: string; stem: string; cuda: (major: number) => number | null }[] = [
  { re: /^cudnn(?:_[a-z_]+)?64_(\d+)\.dll$|^libcudnn(?:_[a-z_]+)?\.so\.(\d+)$/i, family: 'cudnn', stem: 'cudnn', cuda: () => null },
  { re: /^cublas(?:lt)?64_(\d+)\.dll$|^libcublas(?:lt)?\.so\.(\d+)$/i, family: 'cublas', stem: 'cublas', cuda: (m) => m },
  { re: /^cudart64_(\d+)\.dll$|^libcudart\.so\.(\d+)$/i, family: 'cudart', stem: 'cuda-runtime', cuda: (m) => (m >= 100 ? Math.floor(m / 10) : m) },
  { re: /^cufft64_(\d+)\.dll$|^libcufft\.so\.(\d+)$/i, family: 'cufft', stem: 'cufft', cuda: (m) => (m === 10 ? 11 : m === 11 ? 12 : null) },
  { re: /^cusparse64_(\d+)\.dll$|^libcusparse\.so\.(\d+)$/i, family: 'cusparse', stem: 'cusparse', cuda: (m) => m },
  { re: /^curand64_(\d+)\.dll$|^libcurand\.so\.(\d+)$/i, family: 'curand', stem: 'curand', cuda: () => null },
  { re: /^cusolver64_(\d+)\.dll$|^libcusolver\.so\.(\d+)$/i, family: 'cusolver', stem: 'cusolver', cuda: () => null },
  { re: /^nvrtc64_(\d+)_0\.dll$|^libnvrtc\.so\.(\d+)$/i, family: 'nvrtc', stem: 'cuda-nvrtc', cuda: (m) => (m >= 100 ? Math.floor(m / 10) : m) },
];

/** What a library name says about CUDA, or null when it is not one of NVIDIA's. */
export function cudaLibrary(name: string): CudaLibrary | null {
  for (const n of NAMES) {
    const m = n.re.exec(name);
    if (!m) continue;
    const major = Number(m[1] ?? m[2]);
    return { family: n.family, major, cuda: n.cuda(major), stem: n.stem };
  }
  return null;
}

/** The pip package that ships the library for a CUDA major (the NVIDIA wheels on PyPI exist for CUDA 11 and 12). */
export function cudaPackage(lib: CudaLibrary, cuda: number): string | null {
  return cuda === 11 || cuda === 12 ? `nvidia-${lib.stem}-cu${cuda}` : null;
}

function draft(ctx: HostRuleContext, exam: ModuleExamination, name: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[] | null, signal: string): void {
  const lib = cudaLibrary(name);
  if (!lib) return;
  const env = ctx.input.env;
  const windows = /\.dll$/i.test(name);
  // Other CUDA libraries this environment has tell its CUDA major; other majors of the same family are the mismatch.
  const allFiles = env.packages.flatMap((p) => p.files.map((f) => ({ f, p })));
  const otherMajors = allFiles.filter(({ f }) => {
    const other = cudaLibrary(fileName(f));
    return other !== null && other.family === lib.family && other.major !== lib.major;
  });
  const chainMajors = [...links.map((l) => l.needs), ...allFiles.map(({ f }) => fileName(f))].map(cudaLibrary).map((c) => c?.cuda ?? null).filter((c): c is number => c !== null);
  const driver = knownValue(ctx.host, 'nvidia');
  const driverCuda = driver?.cudaVersion ? Number(driver.cudaVersion.split('.')[0]) : null;
  const cuda = lib.cuda ?? chainMajors[0] ?? null;
  const evidence: Evidence[] = [ctx.chain(links, name)];
  if (searched !== null) evidence.push({ kind: 'search-path', ...texts({ summary: message('evidence.cuda.searched', { library: name, count: searched.length }) }), library: name, directories: [...searched] });
  for (const o of otherMajors.slice(0, 3)) {
    evidence.push({ kind: 'file-owner', ...texts({ summary: message('evidence.cuda.other-major', { file: fileName(o.f), family: lib.family, major: String(cudaLibrary(fileName(o.f))?.major), package: `${o.p.name} ${o.p.version ?? ''}`, needed: lib.major, module: exam.module }) }), owner: ctx.owners.ownerOf(o.f) });
  }
  const driverEvidence = driver ? hostEvidence(ctx.host, 'nvidia', `driver ${driver.driverVersion}, CUDA ${driver.cudaVersion ?? '?'}`, message('evidence.cuda.driver', { driver: driver.driverVersion, cuda: driver.cudaVersion ?? message('word.unknown-version'), gpus: driver.gpus.length > 0 ? ` (${driver.gpus.join(', ')})` : '' })) : null;
  if (driverEvidence) evidence.push(driverEvidence);
  const remedies: Remedy[] = [];
  // The name fixes the CUDA major (cublas64_12), or the other CUDA libraries do; otherwise both wheels are offered.
  const majors = cuda !== null ? [cuda] : [12, 11];
  const dir = windows ? 'bin' : 'lib';
  const part = lib.stem === 'cuda-runtime' ? 'cuda_runtime' : lib.stem === 'cuda-nvrtc' ? 'cuda_nvrtc' : lib.stem;
  const pkgNames = majors.map((m) => cudaPackage(lib, m)).filter((n): n is string => n !== null);
  for (const [i, pkgName] of pkgNames.entries()) {
    const specifier = lib.family === 'cudnn' ? `>=${lib.major},<${lib.major + 1}` : '';
    if (env.packages.some((p) => normalizeName(p.name) === normalizeName(pkgName))) continue;
    remedies.push({
      id: ctx.ids.take(),
      kind: 'install-constraint',
      ...texts({
        title: message('remedy.install-constraint', { manager: 'pip', spec: `${pkgName}${specifier}` }),
        explanation: message('remedy.why.cuda-wheel', { package: pkgName, library: name, cudnn: lib.family === 'cudnn' ? ` (cuDNN ${lib.major})` : '', cuda: majors[i] ?? '', which: cuda === null ? message('remedy.why.cuda-wheel.which', { package: ctx.label(exam.package) }) : '', part, dir, module: exam.module }),
      }),
      automatic: false,
      risk: 'medium',
      manager: 'pip',
      package: pkgName,
      specifier,
      command: ['pip', 'install', `${pkgName}${specifier}`],
    });
  }
  if (pkgNames.length > 0) {
    remedies.push({
      id: ctx.ids.take(),
      kind: 'manual',
      ...texts({ title: message('remedy.cuda-folder.title', { module: exam.module }), explanation: message(windows ? 'remedy.why.cuda-folder.windows' : 'remedy.why.cuda-folder.linux') }),
      automatic: false,
      risk: 'low',
      ...manualSteps(...(windows
        ? ['import os, sys, pathlib', `os.add_dll_directory(str(pathlib.Path(sys.prefix, "Lib", "site-packages", "nvidia", "${part}", "bin")))`, `import ${exam.module}`]
        : ['import ctypes, sys, pathlib', `ctypes.CDLL(str(next(pathlib.Path(sys.prefix).glob("lib/python3*/site-packages/nvidia/${part}/lib/${name}"))))`, `import ${exam.module}`])),
    });
  }
  if (driver && driverCuda !== null && cuda !== null && driverCuda < cuda) {
    remedies.unshift({
      id: ctx.ids.take(),
      kind: 'manual',
      ...texts({ title: message('remedy.cuda-driver.title', { cuda }), explanation: message('remedy.why.cuda-driver', { driver: driver.driverVersion, supported: driver.cudaVersion ?? '', library: name, cuda }) }),
      automatic: false,
      risk: 'medium',
      ...manualSteps(message('step.cuda-driver.download'), message('step.cuda-driver.install'), message('step.cuda-driver.check', { cuda })),
    });
  }
  ctx.add({
    key: `gpu-runtime:${name.toLowerCase()}:${normalizeName(exam.package?.name ?? exam.module)}`,
    kind: 'gpu-runtime',
    ...texts({
      title: message('cause.cuda.title', { library: name, what: lib.family === 'cudnn' ? `cuDNN ${lib.major}` : `${lib.family}${cuda !== null ? `, CUDA ${cuda}` : ''}`, module: exam.module }),
      explanation: message('cause.cuda.explanation', {
        module: exam.module,
        package: ctx.label(exam.package),
        library: name,
        from: cuda !== null ? message('cause.cuda.from', { cuda }) : '',
        others: otherMajors.length > 0 ? message('cause.cuda.other-majors', { family: lib.family, majors: [...new Set(otherMajors.map((o) => cudaLibrary(fileName(o.f))?.major))].join(', ') }) : '',
        ships: pkgNames.length > 0 ? message('cause.cuda.ships', { packages: pkgNames.length > 1 ? message('word.either', { first: pkgNames[0] ?? '', second: pkgNames.slice(1).join(', ') }) : (pkgNames[0] ?? '') }) : '',
        unchecked: uncheckedNote(ctx.host, 'nvidia', driver !== null),
      }),
    }),
    module: exam.module,
    pkg: exam.package,
    evidence,
    remedies,
    base: signal === 'static-simulation' ? 0.55 : 0.5,
    signals: [signal, ...(driver ? ['host-fact'] : [])],
    consistent: ctx.consistent('gpu-runtime'),
  });
}

export const cudaRule: HostRule = {
  id: 'cuda-libraries',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'missing-library' || finding.onPathOnly || !cudaLibrary(finding.library)) return false;
    draft(ctx, exam, finding.library, finding.chain, finding.searched, 'static-simulation');
    return true;
  },
  claimImport(ctx, exam, parsed: ParsedError) {
    if (parsed.failureClass !== 'shared-object-not-found' && parsed.failureClass !== 'module-not-found') return false;
    const name = parsed.library ? fileName(parsed.library) : null;
    if (!name || !cudaLibrary(name)) return false;
    draft(ctx, exam, name, [{ file: exam.path ?? exam.module, needs: name, resolvedPath: null, foundBy: null, owner: null }], null, 'import-error');
    return true;
  },
};
