/** shadowed-library: another copy of a library is found first, by the loader's own search order. */
import { mayQuarantine } from '../facts/ownership';
import { offSearchPath, quarantine } from '../remedies';
import type { LoadFinding } from '../facts/facts';
import type { Platform } from '../types';
import { envPlatform } from '../facts/environment-facts';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';
import type { MessageRef } from '../../messages';

/** Which copy wins and why, in the loader's own rules. */
export function shadowExplanation(platform: Platform, library: string, winner: string, step: string, intended: string | null, module: string): MessageRef {
  const other = intended ? message('word.copy-that-has', { module, intended }) : message('word.environments-copy');
  if (platform !== 'linux') {
    return message('cause.shadowed-library.windows.explanation', { library, step, other, module });
  }
  const why: Record<string, MessageRef> = {
    LD_LIBRARY_PATH: message('word.ld-so.ld-library-path'),
    RPATH: message('word.ld-so.rpath'),
    RUNPATH: message('word.ld-so.runpath'),
    'ld.so.cache': message('word.ld-so.cache'),
    'already-loaded': message('word.ld-so.already-loaded'),
  };
  return message('cause.shadowed-library.linux.explanation', { why: why[step] ?? message('word.ld-so.finds-first', { winner, step }), library, winner, other, module });
}

export function shadowedLibrary(ctx: RankContext, exam: ModuleExamination, finding: Extract<LoadFinding, { kind: 'shadowed' }>): void {
  const { env } = ctx.input;
  const pkg = exam.package;
  const owners = ctx.owners;
  const winnerOwner = owners.ownerOf(finding.winner);
  ctx.add({
    key: `shadowed-library:${finding.library.toLowerCase()}:${finding.winner.toLowerCase()}`,
    kind: 'shadowed-library',
    ...texts({
      title: message('cause.shadowed-library.title', { library: finding.library, winner: finding.winner }),
      explanation: shadowExplanation(envPlatform(env), finding.library, finding.winner, finding.winnerStep, finding.intended, exam.module),
    }),
    module: exam.module,
    pkg,
    evidence: [
      chainEvidence(finding.chain, null, owners),
      { kind: 'shadowing', ...texts({ summary: message('evidence.shadowing', { library: finding.library, winner: finding.winner, step: finding.winnerStep, intended: finding.intended ?? message('word.environment-copy') }) }), library: finding.library, winner: finding.winner, winnerStep: finding.winnerStep, intended: finding.intended },
      { kind: 'search-path', ...texts({ summary: message('evidence.search-order', { library: finding.library }) }), library: finding.library, directories: [...finding.searched] },
      { kind: 'file-owner', ...texts({ summary: message('evidence.owner', { file: finding.winner, owner: winnerOwner.package ?? (winnerOwner.manager === 'system' ? message('word.owner.no-package-here') : message('word.owner.none')) }) }), owner: winnerOwner },
    ],
    remedies: [
      // A folder on PATH / LD_LIBRARY_PATH wins: taking it off the variable is the fix that moves nothing.
      ...(/^(PATH|LD_LIBRARY_PATH)$/.test(finding.winnerStep) ? [offSearchPath(ctx.ids, finding.winner, finding.winnerStep, finding.library, envPlatform(env))] : []),
      ...(winnerOwner.package === null && mayQuarantine(finding.winner, env)
        ? [quarantine(ctx.ids, finding.winner, finding.library, finding.intended, message('remedy.why.quarantine-shadow', { file: finding.winner }))]
        : []),
    ],
    base: 0.55,
    signals: ['static-simulation'],
    consistent: CONSISTENT['shadowed-library'],
  });
}
