/**
 * CPU facts from the three sources the systems offer: Linux's /proc/cpuinfo, the Windows probe's
 * IsProcessorFeaturePresent answers, and macOS' `sysctl machdep.cpu`.
 */
import { levelOf } from './cpu-levels';
import type { CpuFacts } from './types';

/** The first processor's vendor, model and flags from /proc/cpuinfo (every core reports the same). */
export function cpuFromProcCpuinfo(text: string): CpuFacts | null {
  const block = text.split(/\n\s*\n/)[0] ?? '';
  const field = (name: string): string | null => {
    const m = new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(block);
    return m?.[1]?.trim() ?? null;
  };
  const flagText = field('flags');
  if (flagText === null) return null;
  const flags = flagText.split(/\s+/).filter(Boolean);
  return withLevel({ vendor: field('vendor_id'), model: field('model name'), flags }, 'all');
}

/** From the Windows probe's answers: { avx: true, ... } for the PF_* values it asked. */
export function cpuFromWindowsFeatures(features: Readonly<Record<string, boolean>>, vendor: string | null, model: string | null): CpuFacts {
  const flags = Object.entries(features).filter(([, v]) => v).map(([k]) => k);
  return withLevel({ vendor, model, flags }, new Set(Object.keys(features)));
}

/**
 * From `sysctl -n machdep.cpu.vendor machdep.cpu.brand_string machdep.cpu.features
 * machdep.cpu.leaf7_features` on an Intel Mac: upper-case names (AVX1.0, SSE4.2, AVX2, BMI1, ...)
 * mapped to /proc/cpuinfo spellings. Apple silicon has no machdep.cpu.features: null.
 */
export function cpuFromSysctl(vendor: string, brand: string, features: string, leaf7: string): CpuFacts | null {
  if (features.trim() === '') return null;
  const map: Record<string, string> = {
    'AVX1.0': 'avx', 'SSE4.1': 'sse4_1', 'SSE4.2': 'sse4_2', SSE3: 'pni', SSSE3: 'ssse3', CX16: 'cx16', POPCNT: 'popcnt', FMA: 'fma', F16C: 'f16c',
    MOVBE: 'movbe', XSAVE: 'xsave', AVX2: 'avx2', BMI1: 'bmi1', BMI2: 'bmi2', LZCNT: 'abm', AVX512F: 'avx512f', AVX512BW: 'avx512bw',
    AVX512CD: 'avx512cd', AVX512DQ: 'avx512dq', AVX512VL: 'avx512vl', CMOV: 'cmov', CX8: 'cx8', FPU: 'fpu', FXSR: 'fxsr', MMX: 'mmx', SSE: 'sse', SSE2: 'sse2',
  };
  const flags = `${features} ${leaf7}`.split(/\s+/).filter(Boolean).map((f) => map[f] ?? f.toLowerCase());
  // 64-bit Macs all have SYSCALL and LAHF in 64-bit mode; sysctl does not list them.
  flags.push('syscall', 'lahf_lm');
  return withLevel({ vendor: vendor.trim() || null, model: brand.trim() || null, flags }, 'all');
}

function withLevel(base: { vendor: string | null; model: string | null; flags: string[] }, reported: ReadonlySet<string> | 'all'): CpuFacts {
  const present = new Set(base.flags);
  const answer = (f: string): boolean | null => (reported === 'all' || reported.has(f) ? present.has(f) : null);
  const { level, unknown } = levelOf(present, reported);
  return { ...base, avx: answer('avx'), avx2: answer('avx2'), avx512f: answer('avx512f'), level, levelUnknownFeatures: [...unknown] };
}
