import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps, EnvironmentFacts, ImportOutcome, LoadSimulation } from '../../app/diagnosis/facts/facts';
import { importInBatches, sharedBatches } from '../../app/diagnosis/import-batches';
import { importBatchInProcess } from '../../app/diagnosis/import-batch-process';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';
import { buildWheel } from '../support/wheels';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { cleanHealthReport } from '../support/health-report';

/**
 * A real environment where a shared interpreter would hide a failure (catalog row 14):
 * hider._a ships hider.libs/libshared.so; victim._b needs a libshared.so too, but its own copy was
 * removed. Alone, `import victim._b` fails ("libshared.so: cannot open shared object file"); after
 * `import hider._a` in the same interpreter it succeeds, because ld.so reuses the library of that
 * name already loaded. twin._c ships its own, different libshared.so: same name, other file.
 */
describe('diagnose --all in shared interpreters gives the verdicts of one fresh interpreter per module', () => {
  let venv: TestVenv;
  let victimLib: string;
  beforeAll(async () => {
    const wheels = await makeTempDir('wheels');
    for (const name of ['hider', 'victim', 'twin']) {
      const module = `${name}._${name === 'hider' ? 'a' : name === 'victim' ? 'b' : 'c'}`;
      // twin's libshared.so has other bytes (hider's and victim's are identical copies).
      const library = name === 'twin' ? { name: 'shared', source: 'int dd_answer(void) { return 43; }\n' } : { name: 'shared' };
      await buildWheel({ name, version: '1.0', outDir: wheels, extensions: [{ module, library }] });
    }
    for (const name of ['plain1', 'plain2', 'plain3']) {
      await buildWheel({ name, version: '1.0', outDir: wheels, extensions: [{ module: `${name}._x` }] });
    }
    // Uses libm's sqrt without linking libm: it loads because the interpreter's libraries (libpython
    // needs libm) are in the global scope, which the static analysis must know (no false finding).
    const mathy = [
      '#define PY_SSIZE_T_CLEAN', '#include <Python.h>', 'double sqrt(double);',
      'static PyObject *root(PyObject *self, PyObject *arg) { return PyFloat_FromDouble(sqrt(PyFloat_AsDouble(arg))); }',
      'static PyMethodDef methods[] = {{"root", root, METH_O, ""}, {NULL, NULL, 0, NULL}};',
      'static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_m", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit__m(void) { return PyModule_Create(&mod); }', '',
    ].join('\n');
    await buildWheel({ name: 'mathy', version: '1.0', outDir: wheels, extensions: [{ module: 'mathy._m', source: mathy }] });
    // Not an extension module (so --all leaves it out): it kills the interpreter that imports it.
    await buildWheel({ name: 'crasher', version: '1.0', outDir: wheels, files: { 'crasher.py': 'import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n' } });
    venv = await createVenv();
    await venv.install(wheels, 'hider', 'victim', 'twin', 'plain1', 'plain2', 'plain3', 'mathy', 'crasher');
    await rm(wheels, { recursive: true, force: true });
    const purelib = execFileSync(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    victimLib = join(purelib, 'victim.libs', 'libshared.so');
    await rm(victimLib);
  });
  afterAll(async () => {
    await venv?.remove();
  });

  it('a shared interpreter alone would hide the failure (the case is real)', async () => {
    const deps = createLiveDeps();
    const env = await deps.describeEnvironment(venv.python);
    const outcomes = await importBatchInProcess(env, ['hider._a', 'victim._b'], process.env);
    expect(outcomes.map((o) => o?.status)).toEqual(['ok', 'ok']);
    expect((await deps.importModule(env, 'victim._b')).status).toBe('failed');
  });

  it('a shared interpreter that dies names the import it died in; the ones after it are not reached', async () => {
    const deps = createLiveDeps();
    const env = await deps.describeEnvironment(venv.python);
    const outcomes = await importBatchInProcess(env, ['plain1._x', 'crasher', 'plain2._x'], process.env);
    expect(outcomes[0]?.status).toBe('ok');
    expect(outcomes[1]).toMatchObject({ status: 'failed' });
    expect(outcomes[1]?.status === 'failed' && outcomes[1].message).toMatch(/while importing crasher/);
    expect(outcomes[2]).toBeNull();
  });

  it('batched and one-per-module diagnoses agree module by module, and batching started fewer interpreters', async () => {
    const live = createLiveDeps();
    let batchRuns = 0;
    let singleRuns = 0;
    const batched: DiagnosisDeps = {
      ...live,
      importModule: (env, module, signal) => { singleRuns++; return live.importModule(env, module, signal); },
      importBatch: (env, modules, signal) => { batchRuns++; return live.importBatch!(env, modules, signal); },
    };
    const { importBatch: _drop, ...perModule } = live;
    const a = await diagnose({ python: venv.python, all: true }, batched);
    const b = await diagnose({ python: venv.python, all: true }, perModule);
    const verdicts = (d: typeof a) => d.modules.map((m) => [m.module, m.ok]).sort();
    expect(verdicts(a)).toEqual(verdicts(b));
    expect(a.modules.find((m) => m.module === 'victim._b')?.ok).toBe(false);
    expect(a.modules.find((m) => m.module === 'plain2._x')?.ok).toBe(true);
    expect(a.modules.find((m) => m.module === 'mathy._m')?.ok).toBe(true);
    expect(a.status).toBe(b.status);
    expect(batchRuns).toBeGreaterThan(0);
    // victim._b (the analysis finds its library missing), twin._c and hider._a (two different
    // libshared.so files) are the only fresh interpreters; mathy._m is cleared (its sqrt comes from
    // the interpreter's libm).
    expect(singleRuns).toBe(3);
    expect(a.checks.find((c) => c.id === 'import-batches')?.detail).toMatch(/3 fresh interpreter/);
  });

  it('stops when cancelled and reports what it found as partial', async () => {
    const controller = new AbortController();
    const d = await diagnose({ python: venv.python, all: true }, createLiveDeps(), (p) => {
      if (p.phase === 'import-test' && p.message.startsWith('Imported')) controller.abort();
    }, { signal: controller.signal });
    expect(d.status).toBe('partial');
    const done = Number(/^Cancelled after (\d+) of 7 module/.exec(d.checks.find((c) => c.id === 'cancelled')?.detail ?? '')?.[1]);
    expect(done).toBeGreaterThanOrEqual(1);
    // Every module not imported says so; none is reported as importing.
    expect(d.modules.filter((m) => /cancel/i.test(m.message ?? '')).length).toBe(7 - done);
    expect(d.modules.filter((m) => /cancel/i.test(m.message ?? '')).every((m) => !m.ok)).toBe(true);
  });

  it('a signal aborted before the start imports nothing', async () => {
    const d = await diagnose({ python: venv.python, all: true }, createLiveDeps(), () => {}, { signal: AbortSignal.abort() });
    expect(d.status).toBe('partial');
    expect(d.modules.every((m) => !m.ok)).toBe(true);
    expect(d.checks.find((c) => c.id === 'cancelled')?.detail).toMatch(/^Cancelled after 0 of 7/);
  });
});

describe('sharedBatches', () => {
  // The modules of the bench environment's largest packages, in the order --all lists them.
  const modules = [
    ...['_multiarray_umath', '_pocketfft_umath', 'linalg._umath_linalg', 'random._generator', 'random.mtrand'].map((m) => `numpy.${m}`),
    ...['_lib._ccallback_c', 'linalg._fblas', 'linalg._flapack', 'optimize._minpack', 'sparse._sparsetools', 'special._ufuncs', 'stats._stats'].map((m) => `scipy.${m}`),
    ...['_libs.lib', '_libs.tslib', '_libs.hashtable', '_libs.algos'].map((m) => `pandas.${m}`),
  ];
  const picks = modules.map((module) => ({ module, hasExtension: true }));
  const packagesOf = (batch: number[]): string[] => [...new Set(batch.map((i) => modules[i]!.split('.')[0]!))];

  it('cuts only between top-level packages, so no package is imported in two interpreters', () => {
    const batches = sharedBatches(picks, 2);
    expect(batches.length).toBe(2);
    const seen = batches.flatMap(packagesOf);
    expect(new Set(seen).size).toBe(seen.length);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(modules.map((_m, i) => i));
  });

  it('keeps everything in one interpreter when one is asked for, or when one package is all there is', () => {
    expect(sharedBatches(picks, 1)).toEqual([[...modules.keys()].sort((a, b) => (modules[a]! < modules[b]! ? -1 : 1))]);
    const scipy = picks.filter((p) => p.module.startsWith('scipy.'));
    expect(sharedBatches(scipy, 2).length).toBe(1);
  });
});

describe('importInBatches', () => {
  const env = {} as EnvironmentFacts;
  const cleared = { root: '', resolved: [], findings: [] } satisfies LoadSimulation;
  const failed: ImportOutcome = { status: 'failed', exceptionType: 'ImportError', message: 'undefined symbol: dd_missing', traceback: '' };
  const picks = ['a._x', 'b._y', 'c._z', 'd._w'].map((module) => ({ module, hasExtension: true }));

  it("starts a shared failure's own interpreter while the shared one is still importing, and only once", async () => {
    const events: string[] = [];
    let freshStarted!: () => void;
    const fresh = new Promise<void>((resolve) => (freshStarted = resolve));
    const run = await importInBatches(env, picks, async () => picks.map(() => cleared), {
      importBatch: async (_env, modules, _signal, onOutcome) => {
        events.push('shared started');
        onOutcome?.(1, failed);
        // The shared interpreter goes on only once the fresh one has begun: without the early start this never ends.
        await fresh;
        events.push('shared finished');
        return modules.map((_m, k) => (k === 1 ? failed : { status: 'ok' }));
      },
      importModule: async (_env, module) => {
        events.push(`fresh ${module}`);
        freshStarted();
        return failed;
      },
    }, { interpreters: 1, concurrency: 4, windows: false });
    expect(events).toEqual(['shared started', 'fresh b._y', 'shared finished']);
    expect(run.outcomes.map((o) => o.status)).toEqual(['ok', 'failed', 'ok', 'ok']);
    expect(run).toMatchObject({ freshRuns: 1, confirmed: 1, flagged: 0, sharedInterpreters: 1 });
  });

  it('says which shared failures it heard of, and never runs more fresh interpreters at once than allowed', async () => {
    let running = 0;
    let most = 0;
    const heard: number[] = [];
    const run = await importInBatches(env, picks, async () => picks.map(() => cleared), {
      importBatch: async (_env, modules, _signal, onOutcome) => {
        modules.forEach((_m, k) => onOutcome?.(k, failed));
        return modules.map(() => failed);
      },
      importModule: async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return { status: 'ok' };
      },
    }, { interpreters: 1, concurrency: 2, windows: false, onSharedFailure: (i) => heard.push(i) });
    expect(heard).toEqual([0, 1, 2, 3]);
    expect(most).toBe(2);
    // The fresh interpreters' verdicts stand: every module imports on its own.
    expect(run.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(run).toMatchObject({ freshRuns: 4, confirmed: 4 });
  });
});

describe('diagnose --all asks for a failing package\'s versions while the shared imports go on', () => {
  const SITE = '/venv/lib/python3.11/site-packages';
  const ext = (module: string) => ({ module, path: `${SITE}/${module.replace(/\./g, '/')}.cpython-311-x86_64-linux-gnu.so` });
  const pkg = (name: string, modules: string[]) => ({ name, version: '1.0', distribution: distributionRecord(name, '1.0', SITE), condaRecord: null, files: [], extensionModules: modules.map(ext) });
  const env: EnvironmentFacts = {
    python: '/venv/bin/python',
    description: describedEnvironment({ prefix: '/venv', interpreter: '/venv/bin/python', version: '3.11.7', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [pkg('numpy', ['numpy._core._multiarray_umath']), pkg('scipy', ['scipy.linalg._flapack', 'scipy.linalg._matfuncs_sqrtm_triu'])],
  };
  // The failure of the real bench environment (npm run bench:diagnose-all, scipy from PyPI's wheel):
  // this module fails in a shared interpreter and on its own alike.
  const failure: ImportOutcome = {
    status: 'failed',
    exceptionType: 'ImportError',
    message: `cannot import name 'within_block_loop' from partially initialized module 'scipy.linalg._matfuncs_sqrtm_triu' (most likely due to a circular import) (${SITE}/scipy/linalg/_matfuncs_sqrtm_triu.cpython-311-x86_64-linux-gnu.so)`,
    traceback: '',
  };

  it('once per package, before the shared interpreter has finished', async () => {
    const events: string[] = [];
    let lookedUp!: () => void;
    const asked = new Promise<void>((resolve) => (lookedUp = resolve));
    const deps: DiagnosisDeps = {
      describeEnvironment: async () => env,
      importBatch: async (_env, modules, _signal, onOutcome) => {
        modules.forEach((m, k) => { if (m.endsWith('_triu')) onOutcome?.(k, failure); });
        await asked;
        events.push('shared finished');
        return modules.map((m) => (m.endsWith('_triu') ? failure : { status: 'ok' }));
      },
      importModule: async (_env, module) => (module.endsWith('_triu') ? failure : { status: 'ok' }),
      simulateLoad: async (_e, e): Promise<LoadSimulation> => ({ root: e.path, resolved: [], findings: [] }),
      healthChecks: async () => cleanHealthReport(),
      availableVersions: async (_e, name) => {
        events.push(`versions of ${name}`);
        lookedUp();
        return ['1.0', '1.1'];
      },
    };
    const d = await diagnose({ python: env.python, all: true }, deps, () => {}, { files: { exists: () => true, canonical: (p: string) => p } });
    expect(events).toEqual(['versions of scipy', 'shared finished']);
    expect(d.modules.find((m) => m.module.endsWith('_triu'))?.ok).toBe(false);
  });
});
