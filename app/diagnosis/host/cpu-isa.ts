/**
 * The build needs instructions this CPU lacks:
 * - a Linux ELF whose `.note.gnu.property` says GNU_PROPERTY_X86_ISA_1_NEEDED x86-64-v2/v3/v4 on a
 *   CPU shown to lack a feature of that level (glibc: "CPU ISA level is lower than required");
 * - NumPy 2.4's x86-64-v2 baseline ("NumPy was built with baseline optimizations: (X86_V2) but your
 *   machine doesn't support: (X86_V2)", NixOS/nixpkgs#504266; pinned numpy<2.4 in BETSRG/GHEDesigner#165);
 * - TensorFlow's AVX builds on a CPU without AVX (WinError 1114 or "Illegal instruction",
 *   tensorflow/tensorflow#39092: release binaries from 1.6 on are built with AVX).
 * Each needs the CPU fact read on this machine; without it nothing is claimed.
 */
import { levelAtLeast, provenBelow } from '../../host-facts/cpu-levels';
import { knownValue } from '../../host-facts/types';
import type { CpuFacts, X86Level } from '../../host-facts/types';
import { normalizeName } from '../../base/package-spec';
import type { ModuleExamination } from '../ranker';
import type { Evidence, ParsedError, Remedy } from '../types';
import type { HostRule, HostRuleContext } from './rule';
import { fileName, hostEvidence } from './rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

export const NUMPY_BASELINE = /NumPy was built with baseline optimizations:\s*\(([^)]*)\)\s*but your machine doesn't support:\s*\(([^)]*)\)/;
const ILLEGAL = /Illegal instruction|SIGILL|exited with code (?:132|-4|null)\b|CPU ISA level is lower than required/i;
export const TENSORFLOW_AVX_SOURCE = 'https://github.com/tensorflow/tensorflow/issues/39092';

function cpuEvidence(ctx: HostRuleContext, cpu: CpuFacts, lacking: readonly string[]): Evidence | null {
  return hostEvidence(ctx.host, 'cpu', `${cpu.model ?? cpu.vendor ?? 'CPU'}; level ${cpu.level ?? 'unknown'}; lacks ${lacking.join(', ')}`, message('evidence.cpu.lacks', { model: cpu.model ?? cpu.vendor ?? message('word.unknown-model'), lacking: lacking.join(', '), level: cpu.level ? message('evidence.cpu.level', { level: cpu.level }) : '' }));
}

function flagsOf(cpu: CpuFacts): { present: Set<string>; reported: Set<string> | 'all' } {
  // Windows reports a subset: a feature outside it is unknown, never absent.
  const present = new Set(cpu.flags);
  if (cpu.levelUnknownFeatures.length === 0 && cpu.flags.includes('fpu')) return { present, reported: 'all' };
  const asked = ['mmx', 'sse', 'sse2', 'pni', 'cx16', 'ssse3', 'sse4_1', 'sse4_2', 'avx', 'avx2', 'avx512f'];
  return { present, reported: new Set(asked) };
}

function isaCause(ctx: HostRuleContext, exam: ModuleExamination, file: string, needs: X86Level, lacking: readonly string[], cpu: CpuFacts): void {
  const owner = ctx.owners.packageOf(file) ?? exam.package;
  const evidence: Evidence[] = [
    { kind: 'health-check', ...texts({ summary: message('evidence.cpu.isa-needed', { file: fileName(file), level: needs }) }), check: 'elf-isa-needed', status: 'problem', details: [file] },
  ];
  const hostFact = cpuEvidence(ctx, cpu, lacking);
  if (hostFact) evidence.push(hostFact);
  if (owner) evidence.push(ctx.metadata(owner));
  const remedies: Remedy[] = [];
  if (owner?.version) {
    const manager = ctx.manager(owner) === 'conda' ? 'conda' : 'pip';
    remedies.push({ id: ctx.ids.take(), kind: 'install-constraint', ...texts({ title: message('remedy.install-constraint', { manager, spec: `${owner.name}<${owner.version}` }), explanation: message('remedy.why.older-x86-level', { package: owner.name, version: owner.version }) }), automatic: false, risk: 'medium', manager, package: owner.name, specifier: `<${owner.version}`, command: [manager, 'install', `${owner.name}<${owner.version}`] });
  }
  ctx.add({
    key: `cpu-unsupported:${file.toLowerCase()}`,
    kind: 'cpu-unsupported',
    ...texts({
      title: message('cause.cpu-isa.title', { file: fileName(file), level: needs, lacking: lacking.join(', ') }),
      explanation: message('cause.cpu-isa.explanation', { file: fileName(file), owner: owner ? ` (${ctx.label(owner)})` : '', level: needs }),
    }),
    module: exam.module,
    pkg: owner ?? exam.package,
    evidence,
    remedies,
    base: 0.65,
    signals: ['static-simulation', 'host-fact'],
    consistent: ctx.consistent('cpu-unsupported'),
  });
}

export const cpuRule: HostRule = {
  id: 'cpu-isa',
  claimImport(ctx, exam, parsed: ParsedError) {
    const o = exam.importOutcome;
    if (o.status !== 'failed') return false;
    const text = `${o.traceback}\n${o.message}`;
    const cpu = knownValue(ctx.host, 'cpu');
    const baseline = NUMPY_BASELINE.exec(text);
    const numpy = ctx.input.env.packages.find((p) => normalizeName(p.name) === 'numpy') ?? null;
    if (baseline) {
      const lacking = (baseline[2] ?? '').split(/[\s,]+/).filter(Boolean);
      const evidence: Evidence[] = [];
      if (numpy) evidence.push(ctx.metadata(numpy));
      const hostFact = cpu ? cpuEvidence(ctx, cpu, lacking) : null;
      if (hostFact) evidence.push(hostFact);
      if (evidence.length === 0) return false;
      const manager = ctx.manager(numpy) === 'conda' ? 'conda' : 'pip';
      ctx.add({
        key: 'cpu-unsupported:numpy-baseline',
        kind: 'cpu-unsupported',
        ...texts({ title: message('cause.numpy-baseline.title', { version: numpy?.version ? ` ${numpy.version}` : '', baseline: baseline[1] ?? '' }), explanation: message('cause.numpy-baseline.explanation') }),
        module: exam.module,
        pkg: numpy,
        evidence,
        remedies: [{ id: ctx.ids.take(), kind: 'install-constraint', ...texts({ title: message('remedy.install-constraint', { manager, spec: 'numpy<2.4' }), explanation: message('remedy.why.numpy-baseline') }), automatic: false, risk: 'medium', manager, package: 'numpy', specifier: '<2.4', command: [manager, 'install', 'numpy<2.4'] }],
        base: 0.7,
        signals: ['import-error', ...(hostFact ? ['host-fact'] : [])],
        consistent: ctx.consistent('cpu-unsupported'),
      });
      return true;
    }
    const tf = exam.package && /^tensorflow(-cpu|-gpu|-intel)?$/.test(normalizeName(exam.package.name)) ? exam.package : null;
    if (tf && cpu?.avx === false && (parsed.failureClass === 'dll-init-failed' || ILLEGAL.test(text))) {
      const hostFact = cpuEvidence(ctx, cpu, ['avx']);
      if (!hostFact) return false;
      ctx.add({
        key: `cpu-unsupported:${normalizeName(tf.name)}`,
        kind: 'cpu-unsupported',
        ...texts({ title: message('cause.cpu-avx.title', { package: ctx.label(tf) }), explanation: message('cause.cpu-avx.explanation') }),
        module: exam.module,
        pkg: tf,
        evidence: [hostFact, ctx.metadata(tf)],
        remedies: [{ id: ctx.ids.take(), kind: 'manual', ...texts({ title: message('remedy.cpu-avx.title'), explanation: message('remedy.why.cpu-avx', { source: TENSORFLOW_AVX_SOURCE }) }), automatic: false, risk: 'high', ...manualSteps(message('step.cpu-avx.build'), message('step.cpu-avx.other-computer')) }],
        base: 0.65,
        signals: ['import-error', 'host-fact'],
        consistent: ctx.consistent('cpu-unsupported'),
      });
      return true;
    }
    return false;
  },
  examine(ctx) {
    const cpu = knownValue(ctx.host, 'cpu');
    const needs = ctx.input.isaNeeds;
    if (!cpu || !needs || needs.size === 0) return;
    const { present, reported } = flagsOf(cpu);
    for (const exam of ctx.input.modules) {
      const files = [exam.path, ...(exam.simulation?.resolved ?? []).map((l) => l.resolvedPath)].filter((f): f is string => f !== null);
      for (const file of new Set(files)) {
        const levels = (needs.get(file) ?? []) as X86Level[];
        const highest = (['x86-64-v4', 'x86-64-v3', 'x86-64-v2'] as const).find((l) => levels.includes(l));
        if (!highest) continue;
        // The level the machine is known to run (glibc's own answer) settles it; otherwise only a
        // reported, absent feature proves the CPU below the level.
        if (cpu.level !== null && levelAtLeast(cpu.level, highest)) continue;
        const lacking = provenBelow(present, reported, highest);
        if (lacking.length > 0) isaCause(ctx, exam, file, highest, lacking, cpu);
      }
    }
  },
};
