/** wrong-architecture: a file in the chain is built for another machine than the interpreter. */
import { managerName } from '../package-records';
import { baseName, mayQuarantine } from '../ownership';
import { forceReinstall, quarantine } from '../remedies';
import type { LoadFinding } from '../facts';
import type { Remedy } from '../types';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, pkgLabel, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** A file of another machine in the chain (a 32-bit DLL under a 64-bit Python). */

export function wrongArchitecture(ctx: RankContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'wrong-architecture' }>): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const owners = ctx.owners;
  const filePkg = owners.packageOf(finding.file);
  const remedies: Remedy[] = [];
  if (filePkg) {
    remedies.push(forceReinstall(ctx.ids, primaryManager(filePkg), managerName(filePkg, primaryManager(filePkg)), filePkg.version, `The reinstall fetches the ${env.description.python.architecture} build of ${filePkg.name} for this interpreter.`));
  } else if (mayQuarantine(finding.file, env)) {
    remedies.push(quarantine(ctx.ids, finding.file, baseName(finding.file), null, `${finding.file} is a ${finding.machine} file that no package of this environment owns; moving it aside lets the loader continue its search.`));
  }
  ctx.add({
    key: `wrong-architecture:${finding.file.toLowerCase()}`,
    kind: 'wrong-architecture',
    title: `${baseName(finding.file)} is a ${finding.machine} file, this Python is ${finding.expectedMachine}`,
    explanation: `A 64-bit program cannot load 32-bit libraries and the reverse. ${baseName(finding.file)} was built for ${finding.machine}, but the Python running ${exam.module} is ${finding.expectedMachine}, so loading stops with "not a valid application".`,
    module: exam.module,
    pkg: filePkg ?? pkg,
    evidence: [
      chainEvidence(finding.chain, null, owners),
      { kind: 'architecture', summary: `${finding.file} is ${finding.machine}; the interpreter is ${finding.expectedMachine}.`, file: finding.file, machine: finding.machine, expectedMachine: finding.expectedMachine },
      { kind: 'file-owner', summary: `Owner of ${baseName(finding.file)}: ${filePkg ? pkgLabel(filePkg) : 'no package of this environment'}.`, owner: owners.ownerOf(finding.file) },
    ],
    remedies,
    base: 0.6,
    signals: ['static-simulation'],
    consistent: CONSISTENT['wrong-architecture'],
  });
}
