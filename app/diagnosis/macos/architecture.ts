/**
 * macOS: an image dyld needs has no slice for the interpreter's CPU ("mach-o file, but is an
 * incompatible architecture (have 'x86_64', need 'arm64')"): a wheel for the other architecture
 * (psutil in smart-test-ti/SoloX#275, pandas in mindspore-ai/mindspore#249), or an x86_64 Python
 * under Rosetta 2 on Apple silicon loading arm64 files (AirtestProject/AirtestIDE#1119).
 */
import { envPlatform } from '../facts/environment-facts';
import type { LoadFinding } from '../facts/facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../facts/package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

export const MACOS_ARCHITECTURE_SOURCES = ['https://github.com/smart-test-ti/SoloX/issues/275', 'https://github.com/AirtestProject/AirtestIDE/issues/1119'];

export const macosArchitectureRule: HostRule = {
  id: 'macos-architecture',
  claimFinding(ctx, exam, finding: LoadFinding) {
    if (finding.kind !== 'wrong-architecture' || envPlatform(ctx.input.env) !== 'macos') return false;
    const python = finding.expectedMachine;
    const owner = ctx.owners.packageOf(finding.file);
    const rosetta = python === 'x86_64' && finding.machine.split(', ').every((m) => m.startsWith('arm64'));
    const evidence: Evidence[] = [
      ctx.chain(finding.chain, null),
      { kind: 'architecture', ...texts({ summary: message('evidence.macos.architecture', { file: finding.file, machine: finding.machine, python }) }), file: finding.file, machine: finding.machine, expectedMachine: python },
      { kind: 'file-owner', ...texts({ summary: message('evidence.owner-of', { file: fileName(finding.file), owner: owner ? ctx.label(owner) : message('word.owner.not-this-environment') }) }), owner: ctx.owners.ownerOf(finding.file) },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    if (owner) {
      const manager = ctx.manager(owner);
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, message('remedy.why.macos.architecture', { manager: manager === 'conda' ? 'conda' : 'pip', python, machine: finding.machine })));
    }
    if (rosetta) {
      remedies.push({
        id: ctx.ids.take(),
        kind: 'manual',
        ...texts({ title: message('remedy.macos.arm64-python.title'), explanation: message('remedy.why.macos.arm64-python') }),
        automatic: false,
        risk: 'high',
        ...manualSteps(message('step.macos-arch.check'), message('step.macos-arch.install'), message('step.macos-arch.recreate')),
      });
    }
    addSimulationCause(ctx, {
      key: `wrong-architecture:${finding.file.toLowerCase()}`,
      kind: 'wrong-architecture',
      ...texts({
        title: rosetta ? message('cause.macos.architecture.rosetta.title', { file: fileName(finding.file) }) : message('cause.macos.architecture.title', { file: fileName(finding.file), machine: finding.machine, python }),
        explanation: message('cause.macos.architecture.explanation', { file: fileName(finding.file), owner: owner ? ` (${ctx.label(owner)})` : '', machine: finding.machine, python, rosetta: rosetta ? message('cause.macos.architecture.rosetta') : '', unowned: owner ? '' : message('cause.macos.unowned') }),
      }),
      module: exam.module,
      pkg: owner ?? exam.package,
      evidence,
      remedies,
      base: 0.6,
    });
    return true;
  },
};
