/**
 * An extension built against NumPy 1.x imported under NumPy 2: "A module that was compiled using
 * NumPy 1.x cannot be run in NumPy 2.x" followed by "_ARRAY_API not found" or "numpy.core.multiarray
 * failed to import" (spyder-ide/spyder#22187; NumPy 2.0 migration guide,
 * https://numpy.org/devdocs/numpy_2_0_migration_guide.html). Not a DLL error, the same symptom.
 *
 * It needs the message (live import or pasted) and NumPy 2 installed. The fixes: NumPy within what
 * the failing package's Requires-Dist accepts (else numpy<2), or that package's newer release.
 */
import { normalizeName } from '../../base/package-spec';
import { constraintsOf } from '../facts/package-records';
import { compareVersions, satisfies } from '../../base/package-spec';
import type { ModuleExamination } from '../ranker';
import type { Evidence, ParsedError, Remedy } from '../types';
import type { HostRule, HostRuleContext } from './rule';
import { message, texts } from '../../messages';

export const NUMPY1_MESSAGE = /compiled using NumPy 1\.x cannot be run in\s+NumPy 2|_ARRAY_API not found|numpy\.core\.multiarray failed to import|numpy\.dtype size changed, may indicate binary incompatibility/i;
export const NUMPY_SOURCES = ['https://numpy.org/devdocs/numpy_2_0_migration_guide.html', 'https://github.com/spyder-ide/spyder/issues/22187'];

function draft(ctx: HostRuleContext, exam: ModuleExamination, signal: string, text: string): boolean {
  const env = ctx.input.env;
  const numpy = env.packages.find((p) => normalizeName(p.name) === 'numpy') ?? null;
  if (!numpy?.version || compareVersions(numpy.version, '2') < 0) return false;
  const pkg = exam.package && normalizeName(exam.package.name) !== 'numpy' ? exam.package : null;
  const stated = pkg ? constraintsOf(pkg, env.description.python.markers).find((c) => normalizeName(c.name) === 'numpy') : undefined;
  const evidence: Evidence[] = [ctx.metadata(numpy)];
  const pasted = ctx.input.error;
  if (signal === 'reported-error' && pasted) evidence.unshift({ kind: 'error-text', ...texts({ summary: message('evidence.numpy-abi.reported') }), text, parsed: pasted });
  if (pkg) {
    evidence.push({
      kind: 'package-metadata',
      ...texts({
        summary: stated
          ? message('evidence.numpy-abi.requires', { package: ctx.label(pkg), requirement: stated.text, record: message(stated.from === 'conda-depends' ? 'word.record.conda-meta' : 'word.record.requires-dist'), version: numpy.version, outside: stated.specifier && !satisfies(numpy.version, stated.specifier) ? message('word.outside-range') : '' })
          : message('evidence.numpy-abi.no-requirement', { package: ctx.label(pkg) }),
      }),
      package: pkg.name,
      version: pkg.version,
      managers: [],
      wheelTags: [],
      requires: stated ? [stated.text] : [],
    });
  }
  const remedies: Remedy[] = [];
  const below2 = stated && stated.specifier && !satisfies(numpy.version, stated.specifier) ? stated.specifier : '<2';
  const manager = ctx.manager(numpy) === 'conda' ? 'conda' : 'pip';
  remedies.push({
    id: ctx.ids.take(),
    kind: 'install-constraint',
    ...texts({
      title: message('remedy.install-constraint', { manager, spec: `numpy${below2}` }),
      explanation: below2 === '<2' ? message('remedy.why.numpy-below-2', { package: ctx.label(pkg) }) : message('remedy.why.numpy-within', { package: ctx.label(pkg), range: below2 }),
    }),
    automatic: false,
    risk: 'medium',
    manager,
    package: 'numpy',
    specifier: below2,
    command: manager === 'conda' ? ['conda', 'install', `numpy${below2}`] : ['pip', 'install', `numpy${below2}`],
  });
  if (pkg?.version) {
    const newer = (ctx.input.availableVersions.get(normalizeName(pkg.name)) ?? []).filter((v) => compareVersions(v, pkg.version ?? '0') > 0 && !/[a-z]/i.test(v)).sort((a, b) => compareVersions(b, a))[0];
    if (newer) {
      remedies.push({ id: ctx.ids.take(), kind: 'pip-install-version', ...texts({ title: message('remedy.install-version.pip', { package: pkg.name, version: newer }), explanation: message('remedy.why.numpy2-release', { package: pkg.name, version: newer, numpy: numpy.version }) }), automatic: true, risk: 'medium', package: pkg.name, version: newer });
    }
  }
  ctx.add({
    key: `numpy-abi:${normalizeName(pkg?.name ?? exam.module)}`,
    kind: 'numpy-abi',
    ...texts({ title: message('cause.numpy-abi.title', { module: exam.module, package: pkg ? ` (${ctx.label(pkg)})` : '', version: numpy.version }), explanation: message('cause.numpy-abi.explanation') }),
    module: exam.module,
    pkg,
    evidence,
    remedies,
    base: 0.6,
    signals: [signal],
    consistent: ctx.consistent('numpy-abi'),
  });
  return true;
}

export const numpyAbiRule: HostRule = {
  id: 'numpy-abi',
  claimImport(ctx, exam, parsed: ParsedError) {
    const o = exam.importOutcome;
    if (o.status !== 'failed' || !NUMPY1_MESSAGE.test(`${o.traceback}\n${o.message}`)) return false;
    void parsed;
    return draft(ctx, exam, 'import-error', o.message);
  },
  examine(ctx) {
    const text = ctx.input.errorText;
    if (text === null || !NUMPY1_MESSAGE.test(text)) return;
    // Only the module the error names: a pasted text never makes every module a suspect.
    const named = ctx.input.error?.module;
    if (!named) return;
    for (const exam of ctx.input.modules) {
      if (exam.importOutcome.status === 'failed') continue;
      if (exam.module === named || exam.module.endsWith(`.${named}`) || named.startsWith(`${exam.module}.`)) draft(ctx, exam, 'reported-error', text);
    }
  },
};
