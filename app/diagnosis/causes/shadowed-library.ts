/** shadowed-library: another copy of a library is found first, by the loader's own search order. */
import { mayQuarantine } from '../ownership';
import { offSearchPath, quarantine } from '../remedies';
import type { LoadFinding } from '../facts';
import type { Platform } from '../types';
import { envPlatform } from '../environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** Which copy wins and why, in the loader's own rules. */
export function shadowExplanation(platform: Platform, library: string, winner: string, step: string, intended: string | null, module: string): string {
  const other = intended ? `the copy that has what ${module} needs (${intended})` : "the environment's copy";
  if (platform !== 'linux') {
    return `Windows takes the first ${library} it finds. A copy in ${step} comes before ${other}, and that copy does not match ${module}. Moving the stray copy out of the way lets the right one load.`;
  }
  const why: Record<string, string> = {
    LD_LIBRARY_PATH: 'ld.so searches the folders of LD_LIBRARY_PATH before a module\'s RUNPATH (ld.so(8))',
    RPATH: 'ld.so searches DT_RPATH (of the module, the objects that loaded it and the executable) before LD_LIBRARY_PATH, when the module has no RUNPATH',
    RUNPATH: "ld.so searches the module's RUNPATH after LD_LIBRARY_PATH and before /etc/ld.so.cache",
    'ld.so.cache': 'ld.so looks in /etc/ld.so.cache before the default folders',
    'already-loaded': 'an object with that name is already in the process (loaded by the interpreter or an earlier import), and ld.so reuses it without searching',
  };
  return `${why[step] ?? `ld.so finds ${winner} first (${step})`}, so ${library} resolves to ${winner} instead of ${other}, and that copy lacks what ${module} needs.`;
}

export function shadowedLibrary(ctx: RankContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'shadowed' }>): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const owners = ctx.owners;
  const winnerOwner = owners.ownerOf(finding.winner);
  ctx.add({
    key: `shadowed-library:${finding.library.toLowerCase()}:${finding.winner.toLowerCase()}`,
    kind: 'shadowed-library',
    title: `Another copy of ${finding.library} (${finding.winner}) is loaded instead of the environment's`,
    explanation: shadowExplanation(envPlatform(env), finding.library, finding.winner, finding.winnerStep, finding.intended, exam.module),
    module: exam.module,
    pkg,
    evidence: [
      chainEvidence(finding.chain, null, owners),
      { kind: 'shadowing', summary: `${finding.library} resolves to ${finding.winner} (${finding.winnerStep}) instead of ${finding.intended ?? 'the environment copy'}.`, library: finding.library, winner: finding.winner, winnerStep: finding.winnerStep, intended: finding.intended },
      { kind: 'search-path', summary: `Search order for ${finding.library}.`, library: finding.library, directories: [...finding.searched] },
      { kind: 'file-owner', summary: `${finding.winner} belongs to ${winnerOwner.package ?? (winnerOwner.manager === 'system' ? 'no package of this environment' : 'no recorded package')}.`, owner: winnerOwner },
    ],
    remedies: [
      // A folder on PATH / LD_LIBRARY_PATH wins: taking it off the variable is the fix that moves nothing.
      ...(/^(PATH|LD_LIBRARY_PATH)$/.test(finding.winnerStep) ? [offSearchPath(ctx.ids, finding.winner, finding.winnerStep, finding.library, envPlatform(env))] : []),
      ...(winnerOwner.package === null && mayQuarantine(finding.winner, env)
        ? [quarantine(ctx.ids, finding.winner, finding.library, finding.intended, `${finding.winner} belongs to no package of this environment and is found first; in quarantine it can be restored if another program needs it.`)]
        : []),
    ],
    base: 0.55,
    signals: ['static-simulation'],
    consistent: CONSISTENT['shadowed-library'],
  });
}
