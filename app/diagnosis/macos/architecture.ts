/**
 * macOS: an image dyld needs has no slice for the interpreter's CPU ("mach-o file, but is an
 * incompatible architecture (have 'x86_64', need 'arm64')"): a wheel for the other architecture
 * (psutil in smart-test-ti/SoloX#275, pandas in mindspore-ai/mindspore#249), or an x86_64 Python
 * under Rosetta 2 on Apple silicon loading arm64 files (AirtestProject/AirtestIDE#1119).
 */
import { envPlatform } from '../environment-facts';
import type { LoadFinding } from '../facts';
import { forceReinstall } from '../remedies';
import { managerName } from '../package-records';
import type { Evidence, Remedy } from '../types';
import { addSimulationCause } from './simulation-cause';
import type { HostRule } from '../host/rule';
import { fileName } from '../host/rule';

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
      { kind: 'architecture', summary: `${finding.file} holds ${finding.machine} code only; this Python runs as ${python}.`, file: finding.file, machine: finding.machine, expectedMachine: python },
      { kind: 'file-owner', summary: `Owner of ${fileName(finding.file)}: ${owner ? ctx.label(owner) : 'no package of this environment'}.`, owner: ctx.owners.ownerOf(finding.file) },
    ];
    if (owner) evidence.push(ctx.metadata(owner));
    const remedies: Remedy[] = [];
    if (owner) {
      const manager = ctx.manager(owner);
      remedies.push(forceReinstall(ctx.ids, manager, managerName(owner, manager), owner.version, `${manager === 'conda' ? 'conda' : 'pip'} chooses the build whose platform tag fits this interpreter (${python}, or universal2); the file that is there now was built for ${finding.machine}.`));
    }
    if (rosetta) {
      remedies.push({
        id: ctx.ids.take(),
        kind: 'manual',
        title: 'Use an arm64 Python on this Apple silicon Mac',
        explanation: 'An x86_64 Python runs under Rosetta 2 and can load only x86_64 (or universal2) files. A native arm64 Python loads the arm64 files this environment has.',
        automatic: false,
        risk: 'high',
        steps: ['Check with: python3 -c "import platform; print(platform.machine())" (x86_64 means an Intel build).', 'Install an arm64 or universal2 Python (python.org, Homebrew under /opt/homebrew, or a miniforge for osx-arm64).', 'Recreate the environment with it and reinstall the packages.'],
      });
    }
    addSimulationCause(ctx, {
      key: `wrong-architecture:${finding.file.toLowerCase()}`,
      kind: 'wrong-architecture',
      title: rosetta ? `${fileName(finding.file)} is arm64, but this Python runs as x86_64 (Rosetta or an Intel build)` : `${fileName(finding.file)} is built for ${finding.machine}, this Python runs as ${python}`,
      explanation: `dyld loads only the slice of a Mach-O file for the process's CPU. ${fileName(finding.file)}${owner ? ` (${ctx.label(owner)})` : ''} has ${finding.machine} code and no ${python} slice, so dyld refuses it: "mach-o file, but is an incompatible architecture (have '${finding.machine}', need '${python}')".${rosetta ? ' An x86_64 Python on Apple silicon runs under Rosetta 2, which cannot load arm64 files.' : ''}${owner ? '' : ' No package of this environment owns it, so nothing here can reinstall it.'}`,
      module: exam.module,
      pkg: owner ?? exam.package,
      evidence,
      remedies,
      base: 0.6,
    });
    return true;
  },
};
