import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { probeEnvironment } from '../../app/envs/describe';
import { nodeHost, type EnvHost } from '../../app/envs/host';
import { refusedIsolation, variableFacts } from '../../app/envs/user-variables';
import { createVenv, makeTempDir, type TestVenv } from '../support/venv';

describe('interpreters run isolated; the user\'s variables are facts', () => {
  let venv: TestVenv;
  let userPath: string;
  let marks: string;
  beforeAll(async () => {
    venv = await createVenv({ withPip: false });
    const { execFileSync } = await import('node:child_process');
    const site = execFileSync(venv.python, ['-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'], { encoding: 'utf8' }).trim();
    // The installed copy fails to import; the PYTHONPATH copy works (issue #27 item 6).
    await mkdir(path.join(site, 'shadowed'));
    await writeFile(path.join(site, 'shadowed', '__init__.py'), 'raise ImportError("the installed copy is broken")\n');
    userPath = await makeTempDir('pythonpath');
    marks = await makeTempDir('marks');
    await mkdir(path.join(userPath, 'shadowed'));
    await writeFile(path.join(userPath, 'shadowed', '__init__.py'), '');
    await writeFile(path.join(userPath, 'sitecustomize.py'), `open(${JSON.stringify(path.join(marks, 'sitecustomize-ran'))}, "w").close()\n`);
  }, 60_000);
  afterAll(async () => {
    await venv?.remove();
  });

  it('imports the installed copy, not a shadowing one on PYTHONPATH, and runs no sitecustomize from it', async () => {
    const host = nodeHost({ env: { ...process.env, PYTHONPATH: userPath } });
    const d = await probeEnvironment(venv.python, { host, importModule: 'shadowed' });
    expect(d.importTest?.outcome).toBe('failed');
    expect(d.importTest?.error?.message).toBe('the installed copy is broken');
    expect(d.importTest?.pythonPathCopies).toEqual([path.join(userPath, 'shadowed')]);
    expect(d.variables).toContainEqual(expect.objectContaining({ name: 'PYTHONPATH', value: userPath }));
    expect(d.sysPath).not.toContain(userPath);
    expect(await readdir(marks)).toEqual([]);
  });

  it('diagnose names the variables as a check, and imports the installed copy', async () => {
    const d = await diagnose({ python: venv.python, module: 'shadowed' }, createLiveDeps({ env: { ...process.env, PYTHONPATH: userPath } }));
    expect(d.checks.find((c) => c.id === 'user-variables')?.detail).toContain(`PYTHONPATH=${userPath}: python started from this shell puts these folders first on sys.path`);
    expect(JSON.stringify(d)).toContain('the installed copy is broken');
    expect(await readdir(marks)).toEqual([]);
  }, 60_000);

  it('falls back to -E -s where -I is an unknown option (Python 2.7, 3.0-3.3)', async () => {
    const base = nodeHost();
    const argv: string[][] = [];
    const host: EnvHost = {
      ...base,
      async exec(file, args, options) {
        argv.push(args.slice(0, 3));
        if (args[0] === '-I') return { stdout: '', stderr: 'Unknown option: -I\nusage: python2.7 [option] ... [-c cmd | -m mod | file | -] [arg] ...\n', code: 2, signal: null, timedOut: false, spawnError: null };
        return base.exec(file, args, options);
      },
    };
    const d = await probeEnvironment(venv.python, { host });
    expect(d.status).toBe('ok');
    expect(argv).toEqual([['-I', '-B', '-c'], ['-E', '-s', '-B']]);
    expect(d.interpreterRuns).toBe(2);
    expect(refusedIsolation('Unknown option: -I', 2)).toBe(true);
    expect(refusedIsolation('SyntaxError', 1)).toBe(false);
  });

  it('lists only the variables that change Python or the loader, with what each does', () => {
    const facts = variableFacts({ platform: 'linux', env: { PYTHONPATH: '/x', LD_LIBRARY_PATH: '/opt/lib', HOME: '/root', DYLD_LIBRARY_PATH: '/y', PYTHONHOME: '' } });
    expect(facts.map((f) => f.name)).toEqual(['PYTHONPATH', 'LD_LIBRARY_PATH']);
    expect(variableFacts({ platform: 'win32', env: { Conda_DLL_Search_Modification_Enable: '1', LD_PRELOAD: 'x' } })).toEqual([
      expect.objectContaining({ name: 'CONDA_DLL_SEARCH_MODIFICATION_ENABLE', value: '1', effect: expect.stringContaining('conda/conda#10897') }),
    ]);
  });
});
