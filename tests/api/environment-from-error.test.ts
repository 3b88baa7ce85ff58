import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentFromError } from '../../app/api/environment-from-error';
import { prefixesNamedInError } from '../../app/diagnosis/error-text/error-prefixes';
import { makeVenv } from '../scenarios/support/build-tools';

describe('the environment folders an error names', () => {
  it('reads an Anaconda prefix from a Windows traceback', () => {
    const text = 'Traceback (most recent call last):\n  File "C:\\Users\\Ann\\Anaconda3\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>\n    from . import _imaging as core\nImportError: DLL load failed: The specified procedure could not be found.';
    expect(prefixesNamedInError(text)).toEqual(['C:\\Users\\Ann\\Anaconda3']);
  });

  it("reads a venv's Lib\\site-packages and a conda env under envs", () => {
    expect(prefixesNamedInError('File "D:\\work\\.venv\\Lib\\site-packages\\numpy\\__init__.py"')).toEqual(['D:\\work\\.venv']);
    expect(prefixesNamedInError('File "C:\\Miniconda3\\envs\\geo\\Lib\\site-packages\\shapely\\geos.py"')).toEqual(['C:\\Miniconda3\\envs\\geo']);
  });

  it('reads Linux lib/python3.X/site-packages, lib64 and dist-packages, with spaces in the path', () => {
    expect(prefixesNamedInError('ImportError: /home/ann/my env/lib/python3.12/site-packages/imagelib/_core.so: undefined symbol: blend')).toEqual(['/home/ann/my env']);
    expect(prefixesNamedInError('  File "/opt/py/lib64/python3.6/site-packages/x.py", line 1')).toEqual(['/opt/py']);
    expect(prefixesNamedInError('  File "/usr/lib/python3/dist-packages/gi/__init__.py", line 1')).toEqual(['/usr']);
  });

  it('reads mixed separators (a Windows folder copied to Linux) and puts the most named folder first', () => {
    const text = 'File "/tmp/copy/Python36\\Lib\\site-packages\\PIL\\Image.py"\nFile "/home/a/v/lib/python3.11/site-packages/a.py"\nFile "/home/a/v/lib/python3.11/site-packages/b.py"';
    expect(prefixesNamedInError(text)).toEqual(['/home/a/v', '/tmp/copy/Python36']);
  });

  it('finds nothing in an error without paths', () => {
    expect(prefixesNamedInError('ImportError: DLL load failed while importing _geos: The specified module could not be found.')).toEqual([]);
  });
});

describe('the environment an error came from', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor from-error é '));
    await makeVenv(path.join(dir, 'venv'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('describes the real venv a traceback points into, and lists folders that are not here', async () => {
    const text = `File "C:\\Users\\Ann\\Anaconda3\\lib\\site-packages\\PIL\\Image.py"\nImportError: ${path.join(dir, 'venv')}/lib/python3.11/site-packages/imagelib/_core.so: undefined symbol: x`;
    const found = await environmentFromError(text, process.env, 'linux');
    expect(found.named).toEqual(expect.arrayContaining([path.join(dir, 'venv'), 'C:\\Users\\Ann\\Anaconda3']));
    expect(found.environment).toMatchObject({ status: 'ok', kind: 'venv', prefix: path.join(dir, 'venv'), sources: ['Named in the error'] });
  });

  it('returns no environment when no named folder is here', async () => {
    const found = await environmentFromError('File "/nowhere/at/all/lib/python3.9/site-packages/a.py"', process.env, 'linux');
    expect(found).toEqual({ named: ['/nowhere/at/all'], environment: null, windowsFolder: null });
  });
});
