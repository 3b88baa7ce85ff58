/**
 * The x86-64 micro-architecture levels (x86-64-v2, -v3, -v4) from a CPU's feature flags.
 *
 * The feature lists are the x86-64 psABI's ("x86-64 psABI", section 3.1.1 "Processor Architecture",
 * https://gitlab.com/x86-psABIs/x86-64-ABI), spelled as Linux's /proc/cpuinfo spells them (pni is
 * SSE3, abm is LZCNT, syscall is SCE). A level is claimed only when every one of its features was
 * reported present; a feature the source cannot report (Windows has no POPCNT flag) is listed so no
 * verdict rests on it.
 */
import type { X86Level } from './types';

export const LEVEL_FEATURES: Readonly<Record<X86Level, readonly string[]>> = {
  'x86-64-baseline': ['cmov', 'cx8', 'fpu', 'fxsr', 'mmx', 'syscall', 'sse', 'sse2'],
  'x86-64-v2': ['cx16', 'lahf_lm', 'popcnt', 'pni', 'sse4_1', 'sse4_2', 'ssse3'],
  'x86-64-v3': ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe', 'xsave'],
  'x86-64-v4': ['avx512f', 'avx512bw', 'avx512cd', 'avx512dq', 'avx512vl'],
};

export const LEVELS: readonly X86Level[] = ['x86-64-baseline', 'x86-64-v2', 'x86-64-v3', 'x86-64-v4'];

export interface LevelReading {
  /** The highest level all of whose features (and those of the levels below) are reported present. */
  readonly level: X86Level | null;
  /** Features of the next levels the source does not report, so their absence proves nothing. */
  readonly unknown: readonly string[];
}

/**
 * The level of a CPU. `reported`: the features the source can answer for (every flag for
 * /proc/cpuinfo; the IsProcessorFeaturePresent subset on Windows); `present`: those it has.
 */
export function levelOf(present: ReadonlySet<string>, reported: ReadonlySet<string> | 'all'): LevelReading {
  let level: X86Level | null = null;
  const unknown: string[] = [];
  for (const l of LEVELS) {
    const features = LEVEL_FEATURES[l];
    const missing = features.filter((f) => (reported === 'all' || reported.has(f)) && !present.has(f));
    const unreported = reported === 'all' ? [] : features.filter((f) => !reported.has(f));
    if (missing.length > 0) break;
    if (unreported.length > 0) {
      unknown.push(...unreported);
      break;
    }
    level = l;
  }
  return { level, unknown };
}

/** Whether a CPU at `has` runs code built for `needs`. */
export function levelAtLeast(has: X86Level, needs: X86Level): boolean {
  return LEVELS.indexOf(has) >= LEVELS.indexOf(needs);
}

/**
 * Whether the CPU is shown to lack a level: one of its features (or a lower level's) was reported
 * and is absent. Unreported features never count.
 */
export function provenBelow(present: ReadonlySet<string>, reported: ReadonlySet<string> | 'all', needs: X86Level): string[] {
  const upTo = LEVELS.slice(0, LEVELS.indexOf(needs) + 1);
  return upTo.flatMap((l) => LEVEL_FEATURES[l].filter((f) => (reported === 'all' || reported.has(f)) && !present.has(f)));
}
