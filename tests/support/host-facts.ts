/**
 * Host facts for tests, made by the real gathering code (app/host-facts/gather.ts) from a recorded
 * machine: an in-memory EnvHost answering the Windows probe, /proc files and nvidia-smi. No Windows
 * interpreter runs here, so the Windows probe's answer is written in the shape the probe prints
 * (app/host-facts/windows-probe.ts), with the values of the public report a test is built from.
 */
import { gatherHostFacts } from '../../app/host-facts/gather';
import type { HostFacts } from '../../app/host-facts/types';
import { NVIDIA_QUERY } from '../../app/host-facts/nvidia-smi';
import { WINDOWS_HOST_PROBE } from '../../app/host-facts/windows-probe';
import { fakeHost } from '../envs/fake-host';
import type { FakeHost } from '../envs/fake-host';

export const WIN_PYTHON = 'C:\\Users\\me\\venv\\Scripts\\python.exe';
const NOW = () => new Date('2026-01-01T00:00:00Z');

/** Flags of an Intel Xeon E5-2680 v2 (Ivy Bridge: AVX, no AVX2), as lscpu printed them in key4hep/key4hep-spack#87. */
export const XEON_E5_2680_V2_FLAGS =
  'fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc aperfmperf eagerfpu pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm epb ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept';

/** A /proc/cpuinfo block with that CPU's identity and flags. */
export function cpuinfoOf(model: string, flags: string): string {
  return `processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel name\t: ${model}\nflags\t\t: ${flags}\n\nprocessor\t: 1\nflags\t\t: ${flags}\n`;
}

export interface WindowsProbeAnswer {
  readonly edition?: Record<string, unknown>;
  readonly mediaFoundation?: readonly { name: string; path: string | null; error?: number | null }[];
  readonly runtimes?: readonly { name: string; path: string | null; version: string | null; how: string }[];
  readonly cpu?: { flags: Record<string, boolean>; vendor: string | null; model: string | null };
  readonly memory?: { commitLimit: number; commitAvailable: number; physicalTotal: number };
}

const SYS32 = 'C:\\WINDOWS\\SYSTEM32';
/** Media Foundation as a full edition has it. */
export const MF_PRESENT = ['mf.dll', 'mfplat.dll', 'mfreadwrite.dll'].map((name) => ({ name, path: `${SYS32}\\${name}`, error: null }));
/** An N edition without the Media Feature Pack: LoadLibraryEx fails with 126 for each. */
export const MF_MISSING = ['mf.dll', 'mfplat.dll', 'mfreadwrite.dll'].map((name) => ({ name, path: null, error: 126 }));
/** IsProcessorFeaturePresent answers of a CPU with AVX2 and no AVX-512. */
export const AVX2_CPU = { mmx: true, sse: true, sse2: true, pni: true, cx16: true, ssse3: true, sse4_1: true, sse4_2: true, avx: true, avx2: true, avx512f: false };
/** ... of a CPU without AVX (a Pentium or Celeron of the kind tensorflow/tensorflow#39092 reports). */
export const NO_AVX_CPU = { ...AVX2_CPU, avx: false, avx2: false };

/** A Windows machine whose probe answers `answer`; nvidia-smi answers only when `nvidia` is given. */
export function windowsMachine(answer: WindowsProbeAnswer, nvidia?: { csv: string; header: string }): FakeHost {
  const commands: Record<string, string> = { [`${WIN_PYTHON} -I -c ${WINDOWS_HOST_PROBE}`]: JSON.stringify({ platform: 'win32', ...answer }) };
  if (nvidia) {
    commands[`nvidia-smi.exe ${NVIDIA_QUERY.join(' ')}`] = nvidia.csv;
    commands['nvidia-smi.exe'] = nvidia.header;
  }
  return fakeHost({ platform: 'win32', env: {}, homeDir: 'C:\\Users\\me', files: {}, commands });
}

/** A Linux machine with these /proc files and, when given, the output of `ld.so --help`. */
export function linuxMachine(files: { cpuinfo?: string; meminfo?: string; ldsoHelp?: string }): FakeHost {
  const recorded: Record<string, string> = {};
  if (files.cpuinfo !== undefined) recorded['/proc/cpuinfo'] = files.cpuinfo;
  if (files.meminfo !== undefined) recorded['/proc/meminfo'] = files.meminfo;
  const commands: Record<string, string> = files.ldsoHelp !== undefined ? { '/lib64/ld-linux-x86-64.so.2 --help': files.ldsoHelp } : {};
  return fakeHost({ platform: 'linux', env: {}, homeDir: '/home/me', files: recorded, commands });
}

/** The facts the real gathering code reads from a recorded Windows machine. */
export function windowsFacts(answer: WindowsProbeAnswer, nvidia?: { csv: string; header: string }): Promise<HostFacts> {
  return gatherHostFacts(WIN_PYTHON, windowsMachine(answer, nvidia), NOW);
}

/** The facts the real gathering code reads from a recorded Linux machine. */
export function linuxFacts(files: { cpuinfo?: string; meminfo?: string; ldsoHelp?: string }): Promise<HostFacts> {
  return gatherHostFacts('/usr/bin/python3', linuxMachine(files), NOW);
}
