/**
 * Two OpenMP runtimes in one process: "OMP: Error #15: Initializing libiomp5md.dll, but found
 * libiomp5md.dll already initialized."
 *
 * Intel's libiomp5 and LLVM's libomp register themselves when they start and abort when another
 * copy already did, whatever its file name (pytorch/pytorch#78490: libiomp5.dylib after libomp.dylib).
 * Their exports are the same, so the same-named-library check calls such copies compatible; the
 * conflict is in their initialisation, and it happens as soon as two packages each bring their own
 * copy and both get loaded (a DLL preloaded by full path, as torch's `__init__` does, is loaded
 * again even when a same-named DLL is already in the process). Found from the files (the OpenMP
 * runtimes each package ships) and from the error text.
 */
import { envPlatform } from '../facts/environment-facts';
import { buildOwnerIndex } from '../facts/ownership';
import type { EnvironmentFacts, PackageFacts } from '../facts/facts';
import { managersOf } from '../facts/package-records';
import type { RemedyIds } from '../remedies';
import type { Cause, CheckRecord } from '../types';
import { importName } from './predicted-causes';
import { message, texts } from '../../messages';

/** Intel's and LLVM's OpenMP runtime files (Windows, Linux, macOS); GNU libgomp does not make this check. */
const OPENMP_RUNTIME = /^(libiomp5md\.dll|libiomp5\.(so(\.\d+)*|dylib)|libomp(140\.x86_64)?\.dll|libomp\.(so(\.\d+)*|dylib))$/i;
/** The runtime's own message (the same text in every report above). */
const OMP_ERROR_15 = /OMP: Error #15: Initializing (\S+), but found (\S+) already initialized/;

/** Where the advice comes from: the runtime's hint and the threads that traced the two copies. */
export const OPENMP_DUPLICATE_SOURCES = [
  'https://github.com/pytorch/pytorch/issues/44282',
  'https://github.com/pytorch/pytorch/issues/191367',
  'https://github.com/pytorch/pytorch/issues/78490',
  'https://github.com/meta-pytorch/csprng/issues/115',
] as const;

export interface OpenmpCopy {
  readonly pkg: PackageFacts;
  readonly path: string;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/** The OpenMP runtime files of the environment, at most one per package, with the packages that ship them. */
export function openmpCopies(env: EnvironmentFacts): OpenmpCopy[] {
  const out: OpenmpCopy[] = [];
  for (const pkg of env.packages) {
    const path = pkg.files.find((f) => OPENMP_RUNTIME.test(fileName(f)));
    if (path) out.push({ pkg, path });
  }
  return out;
}

/** The two runtime names of an "OMP: Error #15" line, or null when the text has none. */
export function parseOmpError15(text: string | null): { initializing: string; already: string } | null {
  const m = text ? OMP_ERROR_15.exec(text) : null;
  return m?.[1] && m[2] ? { initializing: m[1].replace(/[.,]$/, ''), already: m[2].replace(/[.,]$/, '') } : null;
}

function managerText(pkg: PackageFacts): string {
  return managersOf(pkg).filter((m) => m !== 'unknown').join('/') || 'an unknown installer';
}

/**
 * The duplicate OpenMP runtime cause, when at least two packages ship one (predicted, or proved by
 * an "OMP: Error #15" in the error given), and the check record. An Error #15 with fewer than two
 * copies in the environment is reported in the check only: the other copy is outside the packages
 * (linked into a DLL, or a system folder) and cannot be named from these files.
 */
export function duplicateOpenmpCauses(env: EnvironmentFacts, errorText: string | null, ids: RemedyIds): { causes: Cause[]; check: CheckRecord } {
  const found = openmpCopies(env);
  // On Linux, copies under one file name share a SONAME and a DT_NEEDED is satisfied by the first
  // one loaded, so only copies under different names (libiomp5.so and libomp.so) count there.
  const linux = envPlatform(env) === 'linux';
  const names = new Set(found.map((c) => fileName(c.path).toLowerCase()));
  const copies = linux && names.size < 2 ? found.slice(0, 1) : found;
  const error = parseOmpError15(errorText);
  const listed = found.map((c) => `${c.path} (${c.pkg.name} ${c.pkg.version ?? ''}, ${managerText(c.pkg)})`.replace(' ,', ',')).join('; ');
  if (copies.length < 2) {
    return {
      causes: [],
      check: {
        id: 'openmp-runtimes',
        status: error ? 'warning' : 'ok',
        ...texts({
          title: message('check.openmp.title'),
          detail: error
            ? message('check.openmp.error', { initializing: error.initializing, already: error.already, which: copies.length === 0 ? message('check.openmp.error.none') : message(found.length > 1 ? 'check.openmp.error.one-name' : 'check.openmp.error.one', { listed }) })
            : copies.length === 0 ? message('check.openmp.none') : message(found.length > 1 ? 'check.openmp.one-name' : 'check.openmp.one', { listed }),
        }),
      },
    };
  }
  const [a, b] = copies as [OpenmpCopy, OpenmpCopy, ...OpenmpCopy[]];
  const owners = buildOwnerIndex(env);
  const sameManager = managerText(a.pkg) === managerText(b.pkg);
  const steps = sameManager
    ? [`Install ${a.pkg.name} and ${b.pkg.name} in builds that use one shared OpenMP runtime (for example both from the same conda channel, which provides it once as its own package), so that only one copy remains.`]
    : [
        `${a.pkg.name} comes from ${managerText(a.pkg)} and ${b.pkg.name} from ${managerText(b.pkg)}, and each brings its own runtime: install both from one package manager, whose builds share one OpenMP runtime (pytorch#191367: pip torch with conda's MKL numpy).`,
        'Then check that only one of the files listed above remains.',
      ];
  return {
    causes: [{
      id: `openmp-duplicate:${a.pkg.name}:${b.pkg.name}`,
      kind: 'load-order-conflict',
      ...texts({
        title: error ? message('cause.openmp.title.error', { first: a.pkg.name, second: b.pkg.name }) : message('cause.openmp.title.predicted', { first: importName(a.pkg), second: importName(b.pkg) }),
        explanation: message('cause.openmp.explanation', { count: copies.length, listed, when: error ? message('cause.openmp.when.error', { initializing: error.initializing, already: error.already }) : message('cause.openmp.when.predicted') }),
      }),
      confidence: error ? { level: 'high', score: 0.85, signals: ['error-text', 'openmp-duplicate'] } : { level: 'medium', score: 0.45, signals: ['static-prediction', 'openmp-duplicate'] },
      module: null,
      package: { name: a.pkg.name, version: a.pkg.version, managers: managersOf(a.pkg) },
      evidence: copies.slice(0, 4).map((c) => ({ kind: 'file-owner' as const, ...texts({ summary: message('evidence.openmp.copy', { file: c.path, package: `${c.pkg.name} ${c.pkg.version ?? ''}`.trim() }) }), owner: owners.ownerOf(c.path) })),
      remedies: [{
        id: ids.take(),
        kind: 'manual',
        ...texts({ title: message('remedy.openmp.title'), explanation: message('remedy.why.openmp', { sources: OPENMP_DUPLICATE_SOURCES.join(', ') }) }),
        automatic: false,
        risk: 'medium',
        steps,
      }],
    }],
    check: { id: 'openmp-runtimes', status: 'problem', ...texts({ title: message('check.openmp.title'), detail: message('check.openmp.copies', { count: copies.length, listed }) }) },
  };
}
