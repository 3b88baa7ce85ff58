/**
 * The user's environment variables that change how Python starts or finds libraries, as facts.
 *
 * Every interpreter the tool starts runs isolated (`-I`: no PYTHONPATH, PYTHONHOME, user site, or a
 * sitecustomize found through them), so that a variable set in one shell cannot change what the tool
 * sees. The user's own `python` does see them, and they are often the cause of the failure
 * (a PYTHONPATH copy shadowing the installed package, a PYTHONHOME of another Python, an
 * LD_LIBRARY_PATH library winning the search), so they are reported instead of applied.
 * Effects: https://docs.python.org/3/using/cmdline.html#environment-variables, ld.so(8), dyld(1),
 * conda/conda#10897 (CONDA_DLL_SEARCH_MODIFICATION_ENABLE).
 */
import type { EnvHost } from './host';
import { pathsFor } from './paths';
import type { VariableFact } from './types';

/** Arguments that start an interpreter isolated: `-I` (3.4+), `-B` so that nothing is written. */
export const ISOLATED_ARGS: readonly string[] = ['-I', '-B'];
/** The same for interpreters without `-I` (2.7, 3.0-3.3): no PYTHON* variables, no user site. */
export const ISOLATED_ARGS_OLD: readonly string[] = ['-E', '-s', '-B'];

/** True when the interpreter refused `-I` as an unknown option (Python 2.7: "Unknown option: -I"). */
export function refusedIsolation(stderr: string, code: number | null): boolean {
  return code === 2 && /unknown option:?\s+-I\b/i.test(stderr);
}

const EFFECTS: Readonly<Record<string, string>> = {
  PYTHONPATH: 'python started from this shell puts these folders first on sys.path, ahead of the environment\'s own packages',
  PYTHONHOME: 'python started from this shell looks for its standard library there; another Python\'s home makes it fail with "No module named \'encodings\'"',
  PYTHONSTARTUP: 'runs in interactive sessions only',
  PYTHONNOUSERSITE: 'the user site folder is not on sys.path',
  PYTHONUSERBASE: 'moves the user site folder',
  PYTHONSAFEPATH: 'the script\'s folder is not put on sys.path',
  PYTHONPLATLIBDIR: 'changes where the standard library is looked for',
  LD_LIBRARY_PATH: 'ld.so searches these folders before a module\'s RUNPATH and the system cache',
  LD_PRELOAD: 'ld.so loads these libraries into every program first',
  DYLD_LIBRARY_PATH: 'dyld searches these folders before a library\'s install name',
  DYLD_INSERT_LIBRARIES: 'dyld loads these libraries into every program first',
  DYLD_FALLBACK_LIBRARY_PATH: 'dyld searches these folders when a library is not found where its install name says',
  CONDA_DLL_SEARCH_MODIFICATION_ENABLE: 'conda\'s Python (< 3.10) adds PATH to the DLL search again (conda/conda#10897)',
};

/** The variables of `env` that matter, with what each does, in a fixed order. */
export function variableFacts(host: Pick<EnvHost, 'env' | 'platform'>): VariableFact[] {
  const get = (name: string): string | undefined => {
    if (host.platform !== 'win32') return host.env[name];
    const key = Object.keys(host.env).find((k) => k.toUpperCase() === name);
    return key === undefined ? undefined : host.env[key];
  };
  const out: VariableFact[] = [];
  for (const [name, effect] of Object.entries(EFFECTS)) {
    if (host.platform === 'win32' && /^(LD|DYLD)_/.test(name)) continue;
    if (host.platform === 'linux' && name.startsWith('DYLD_')) continue;
    const value = get(name);
    if (value === undefined || value === '') continue;
    out.push({ name, value, effect });
  }
  return out;
}

/**
 * Copies of `module`'s top-level package or module in the PYTHONPATH folders, which the user's python
 * imports instead of the environment's (the isolated import test does not see them).
 */
export async function pythonPathCopies(host: EnvHost, module: string): Promise<string[]> {
  const value = host.platform === 'win32' ? Object.entries(host.env).find(([k]) => k.toUpperCase() === 'PYTHONPATH')?.[1] : host.env.PYTHONPATH;
  if (!value) return [];
  const p = pathsFor(host.platform);
  const top = module.split('.')[0]!;
  const out: string[] = [];
  for (const dir of value.split(host.platform === 'win32' ? ';' : ':')) {
    if (!dir || !p.isAbsolute(dir)) continue;
    const packageDir = p.join(dir, top);
    if ((await host.kind(packageDir)) === 'dir') {
      out.push(packageDir);
      continue;
    }
    const single = (await host.listDir(dir)).find((f) => f === `${top}.py` || (f.startsWith(`${top}.`) && /\.(so|pyd)$/i.test(f)));
    if (single) out.push(p.join(dir, single));
  }
  return out;
}
