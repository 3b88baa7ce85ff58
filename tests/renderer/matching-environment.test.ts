import { describe, expect, it } from 'vitest';
import type { EnvironmentChoice } from '../../app/contract/environment-choice';
import { matchingEnvironment } from '../../renderer/wizard/matching-environment';

const choice = (python: string, prefix: string, status: EnvironmentChoice['status'] = 'ok'): EnvironmentChoice => ({ python, prefix, label: 'CPython', version: null, architecture: null, kind: 'venv', sources: [], status });

describe('matchingEnvironment', () => {
  const base = choice('C:\\Python36\\python.exe', 'C:\\Python36');
  const venv = choice('C:\\Python36\\envs\\work\\Scripts\\python.exe', 'C:\\Python36\\envs\\work');
  const traceback = 'Traceback (most recent call last):\n  File "c:\\python36\\envs\\work\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>\n    from . import _imaging as core\nImportError: DLL load failed: The specified procedure could not be found.';

  it('picks the environment whose folder holds the failing file, the longest match winning', () => {
    expect(matchingEnvironment(traceback, [base, venv])).toBe(venv);
  });

  it('matches Linux paths from an undefined-symbol error', () => {
    const linux = choice('/home/me/venv/bin/python', '/home/me/venv');
    expect(matchingEnvironment('ImportError: /home/me/venv/lib/python3.11/site-packages/x/_c.so: undefined symbol: f', [linux])).toBe(linux);
  });

  it('does not guess when no path in the error belongs to an environment, or the match cannot run', () => {
    expect(matchingEnvironment('ImportError: DLL load failed', [base, venv])).toBeUndefined();
    expect(matchingEnvironment(traceback, [choice('x', 'C:\\Python36\\envs\\work', 'failed')])).toBeUndefined();
  });
});
