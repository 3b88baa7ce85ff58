import { describe, expect, it } from 'vitest';
import { duplicateOpenmpCauses, parseOmpError15 } from '../../../app/diagnosis/context/duplicate-openmp';
import { ContextRemedyIds } from '../../../app/diagnosis/context/libstdcxx-versions';
import type { EnvironmentFacts } from '../../../app/diagnosis/facts/facts';
import { describedEnvironment, distributionRecord } from '../../support/distribution';

// Linux layouts: pytorch/pytorch#78490 is libiomp5 after libomp (two names, two runtimes); two
// copies under one name share a SONAME, and the loader satisfies the second DT_NEEDED with the first.
const PREFIX = '/home/me/venv';
const SITE = `${PREFIX}/lib/python3.12/site-packages`;

function env(first: string, second: string): EnvironmentFacts {
  const pkg = (name: string, file: string) => ({ name, version: '1.0', distribution: distributionRecord(name, '1.0', SITE), condaRecord: null, files: [`${SITE}/${name}/lib/${file}`], extensionModules: [] });
  return {
    python: `${PREFIX}/bin/python`,
    description: describedEnvironment({ prefix: PREFIX, interpreter: `${PREFIX}/bin/python`, version: '3.12.3', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [pkg('alpha', first), pkg('beta', second)],
  };
}

describe('two OpenMP runtimes on Linux', () => {
  it('counts runtimes under different names (libiomp5.so and libomp.so)', () => {
    const r = duplicateOpenmpCauses(env('libiomp5.so', 'libomp.so'), null, new ContextRemedyIds('t'));
    expect(r.causes.map((c) => c.id)).toEqual(['openmp-duplicate:alpha:beta']);
  });

  it('raises nothing for copies under one name (one SONAME, loaded once)', () => {
    const r = duplicateOpenmpCauses(env('libomp.so', 'libomp.so'), null, new ContextRemedyIds('t'));
    expect(r.causes).toEqual([]);
    expect(r.check.detail).toMatch(/^Copies under one name \(one SONAME, loaded once\)/);
  });

  it('reads both names of the runtime\'s message', () => {
    expect(parseOmpError15('OMP: Error #15: Initializing libiomp5.dylib, but found libomp.dylib already initialized.')).toEqual({ initializing: 'libiomp5.dylib', already: 'libomp.dylib' });
    expect(parseOmpError15('ImportError: DLL load failed')).toBeNull();
  });
});
