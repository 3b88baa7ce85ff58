/** search-policy: a DLL only on PATH, which Python 3.8 and later no longer search on Windows. */
import { managerName } from '../facts/package-records';
import { normalizeName } from '../../base/package-spec';
import { forceReinstall } from '../remedies';
import type { DependencyLink, SearchDirectory } from '../types';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';
import { message, texts } from '../../messages';
import { manualSteps } from '../manual-steps';

/** Python ≥ 3.8 no longer searches PATH: the library is on PATH and nowhere this Python looks. */
export function searchPolicy(ctx: RankContext, exam: ModuleExamination, lib: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[], onPath: string): void {
  const pkg = exam.package;
  const folder = onPath.replace(/[\\/][^\\/]*$/, '');
  ctx.add({
    key: `search-policy:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
    kind: 'search-policy',
    ...texts({
      title: message('cause.search-policy.title', { library: lib, version: ctx.input.env.description.python.version, module: exam.module }),
      explanation: message('cause.search-policy.explanation', { library: lib, folder }),
    }),
    module: exam.module,
    pkg,
    evidence: [
      chainEvidence(links, lib, ctx.owners),
      { kind: 'search-path', ...texts({ summary: message('evidence.search-path.on-path', { library: lib, count: searched.length, path: onPath }) }), library: lib, directories: [...searched] },
      { kind: 'file-owner', ...texts({ summary: message('evidence.copy-on-path', { path: onPath }) }), owner: ctx.owners.ownerOf(onPath) },
    ],
    remedies: [
      {
        id: ctx.ids.take(),
        kind: 'manual',
        ...texts({ title: message('remedy.add-dll-directory.title', { folder, module: exam.module }), explanation: message('remedy.add-dll-directory.explanation') }),
        automatic: false,
        risk: 'low',
        ...manualSteps(`import os; os.add_dll_directory(r"${folder}")`, `import ${exam.module}`),
      },
      ...(pkg ? [forceReinstall(ctx.ids, primaryManager(pkg), managerName(pkg, primaryManager(pkg)), pkg.version, message('remedy.why.bundled-build', { package: pkg.name, library: lib }))] : []),
    ],
    base: 0.55,
    signals: ['static-simulation'],
    consistent: CONSISTENT['search-policy'],
  });
}
