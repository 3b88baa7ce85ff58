/** wrong-architecture: a file in the chain is built for another machine than the interpreter. */
import { managerName } from '../facts/package-records';
import { baseName, mayQuarantine } from '../facts/ownership';
import { forceReinstall, quarantine } from '../remedies';
import type { LoadFinding } from '../facts/facts';
import type { Remedy } from '../types';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, pkgLabel, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';

/** A file of another machine in the chain (a 32-bit DLL under a 64-bit Python). */

export function wrongArchitecture(ctx: RankContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'wrong-architecture' }>): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const owners = ctx.owners;
  const filePkg = owners.packageOf(finding.file);
  const remedies: Remedy[] = [];
  if (filePkg) {
    remedies.push(forceReinstall(ctx.ids, primaryManager(filePkg), managerName(filePkg, primaryManager(filePkg)), filePkg.version, message('remedy.why.reinstall-architecture', { architecture: env.description.python.architecture ?? '', package: filePkg.name })));
  } else if (mayQuarantine(finding.file, env)) {
    remedies.push(quarantine(ctx.ids, finding.file, baseName(finding.file), null, message('remedy.why.quarantine-architecture', { file: finding.file, machine: finding.machine })));
  }
  ctx.add({
    key: `wrong-architecture:${finding.file.toLowerCase()}`,
    kind: 'wrong-architecture',
    ...texts({
      title: message('cause.wrong-architecture.title', { file: baseName(finding.file), machine: finding.machine, expected: finding.expectedMachine }),
      explanation: message('cause.wrong-architecture.explanation', { file: baseName(finding.file), machine: finding.machine, module: exam.module, expected: finding.expectedMachine }),
    }),
    module: exam.module,
    pkg: filePkg ?? pkg,
    evidence: [
      chainEvidence(finding.chain, null, owners),
      { kind: 'architecture', ...texts({ summary: message('evidence.architecture', { file: finding.file, machine: finding.machine, expected: finding.expectedMachine }) }), file: finding.file, machine: finding.machine, expectedMachine: finding.expectedMachine },
      { kind: 'file-owner', ...texts({ summary: message('evidence.owner-of', { file: baseName(finding.file), owner: filePkg ? pkgLabel(filePkg) : message('word.owner.not-this-environment') }) }), owner: owners.ownerOf(finding.file) },
    ],
    remedies,
    base: 0.6,
    signals: ['static-simulation'],
    consistent: CONSISTENT['wrong-architecture'],
  });
}
