/** search-policy: a DLL only on PATH, which Python 3.8 and later no longer search on Windows. */
import { managerName } from '../package-records';
import { normalizeName } from '../../base/package-spec';
import { forceReinstall } from '../remedies';
import type { DependencyLink, SearchDirectory } from '../types';
import type { ModuleExamination } from '../rank-input';
import { chainEvidence, primaryManager } from './cause-parts';
import { CONSISTENT } from './consistent';
import type { RankContext } from './rank-context';

/** Python ≥ 3.8 no longer searches PATH: the library is on PATH and nowhere this Python looks. */
export function searchPolicy(ctx: RankContext, exam: ModuleExamination, lib: string, links: readonly DependencyLink[], searched: readonly SearchDirectory[], onPath: string): void {
  const pkg = exam.package;
  const folder = onPath.replace(/[\\/][^\\/]*$/, '');
  ctx.add({
    key: `search-policy:${lib.toLowerCase()}:${normalizeName(pkg?.name ?? exam.module)}`,
    kind: 'search-policy',
    title: `${lib} is only on PATH, which Python ${ctx.input.env.description.python.version} no longer searches for ${exam.module}`,
    explanation: `Since Python 3.8, Windows looks for an extension module's DLLs only next to the module, next to python.exe, in folders added with os.add_dll_directory() and in System32, never on PATH. ${lib} sits in ${folder}, which is on PATH, so older Pythons found it and this one does not. The package should add that folder with os.add_dll_directory(), or the DLL should be installed next to the module.`,
    module: exam.module,
    pkg,
    evidence: [
      chainEvidence(links, lib, ctx.owners),
      { kind: 'search-path', summary: `${lib} was looked for in ${searched.length} folder(s) and is in none of them; PATH holds it at ${onPath}.`, library: lib, directories: [...searched] },
      { kind: 'file-owner', summary: `The copy on PATH: ${onPath}.`, owner: ctx.owners.ownerOf(onPath) },
    ],
    remedies: [
      {
        id: ctx.ids.take(),
        kind: 'manual',
        title: `Add ${folder} with os.add_dll_directory() before importing ${exam.module}`,
        explanation: 'os.add_dll_directory() puts a folder back on the search path of this process (Python 3.8 "What\'s New", bpo-36085). Packages such as GDAL read an environment variable for this (USE_PATH_FOR_GDAL_PYTHON=YES).',
        automatic: false,
        risk: 'low',
        steps: [`import os; os.add_dll_directory(r"${folder}")`, `import ${exam.module}`],
      },
      ...(pkg ? [forceReinstall(ctx.ids, primaryManager(pkg), managerName(pkg, primaryManager(pkg)), pkg.version, `A build of ${pkg.name} that ships ${lib} inside the package needs no PATH.`)] : []),
    ],
    base: 0.55,
    signals: ['static-simulation'],
    consistent: CONSISTENT['search-policy'],
  });
}
