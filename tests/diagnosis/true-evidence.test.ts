import { describe, expect, it } from 'vitest';
import type { EnvironmentFacts, LoadSimulation, PackageFacts } from '../../app/diagnosis/facts/facts';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import { rankCauses } from '../../app/diagnosis/ranker';
import type { FileCheck } from '../../app/diagnosis/ranker';
import { describedEnvironment, distributionRecord } from '../support/distribution';
import { cleanHealthReport } from '../support/health-report';

// "False evidence": a copy named in the evidence must exist now, and a folder the loader
// searched (given with "..", as RUNPATH $ORIGIN/../pkg.libs is) is not called "not searched".
const SITE = '/env/lib/python3.11/site-packages';
const pkg: PackageFacts = {
  name: 'pkg',
  version: '1.0',
 
  distribution: distributionRecord('pkg', '1.0', SITE, { wheelTags: ['cp311-cp311-manylinux_2_17_x86_64'] }),
  condaRecord: null,
  files: [`${SITE}/pkg.libs/libdep.so.1`, `${SITE}/other/libdep.so.1`],
  extensionModules: [{ module: 'pkg._ext', path: `${SITE}/pkg/_ext.so` }],
};
const env: EnvironmentFacts = { python: '/env/bin/python', description: describedEnvironment({ prefix: '/env', interpreter: '/env/bin/python', version: '3.11.4', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }), packages: [pkg] };
const simulation: LoadSimulation = {
  root: `${SITE}/pkg/_ext.so`,
  resolved: [],
  findings: [{ kind: 'missing-library', library: 'libdep.so.1', chain: [{ file: `${SITE}/pkg/_ext.so`, needs: 'libdep.so.1', resolvedPath: null, foundBy: null, owner: null }], searched: [{ path: `${SITE}/pkg/../pkg.libs`, step: 'RUNPATH', contains: false }] }],
};

function rank(files: FileCheck) {
  return rankCauses(
    {
      env,
      error: null,
      errorText: null,
      modules: [{ module: 'pkg._ext', path: `${SITE}/pkg/_ext.so`, package: pkg, importOutcome: { status: 'failed', exceptionType: 'ImportError', message: 'libdep.so.1: cannot open shared object file', traceback: '' }, simulation }],
      health: cleanHealthReport(),
      knowledgeBase: [],
      availableVersions: new Map(),
      files,
    },
    parseErrorText,
  );
}

describe('evidence names only files that exist, compared by normalised path', () => {
  it('does not call the RUNPATH folder unsearched, and does not name a deleted copy', () => {
    const present = new Set([`${SITE}/pkg.libs/libdep.so.1`]);
    const copies = rank({ exists: (p) => present.has(p), canonical: (p) => p })[0]?.evidence.filter((e) => e.kind === 'file-owner' && e.summary.startsWith('A copy')) ?? [];
    expect(copies).toEqual([]);
  });

  it('names an existing copy in a folder that was not searched', () => {
    const copies = rank({ exists: () => true, canonical: (p) => p })[0]?.evidence.filter((e) => e.kind === 'file-owner' && e.summary.startsWith('A copy')) ?? [];
    expect(copies.map((e) => (e.kind === 'file-owner' ? e.owner.path : ''))).toEqual([`${SITE}/other/libdep.so.1`]);
  });
});
