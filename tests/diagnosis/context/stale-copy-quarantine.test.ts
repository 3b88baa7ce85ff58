import { describe, expect, it } from 'vitest';
import type { EnvironmentFacts } from '../../../app/diagnosis/facts/facts';
import { loadOrderConflictCause } from '../../../app/diagnosis/context/context-causes';
import type { ContextConflict } from '../../../app/diagnosis/context/conflict';
import { ContextRemedyIds } from '../../../app/diagnosis/context/libstdcxx-versions';
import type { Replay } from '../../../app/diagnosis/context/replay';
import { describedEnvironment, distributionRecord } from '../../support/distribution';

// The shape of mantidproject/mantidimaging#1228 (an older libstdc++.so.6 loaded by an earlier
// import lacks GLIBCXX_3.4.30), with the older copy either shipped by a package (guipkg's RECORD)
// or left by hand in a folder guipkg's RPATH searches first, recorded by no package.
const PREFIX = '/home/me/venv';
const SITE = `${PREFIX}/lib/python3.12/site-packages`;
const GUI_EXT = `${SITE}/guipkg/_gui.cpython-312-x86_64-linux-gnu.so`;
const STALE = `${SITE}/guipkg/lib/libstdc++.so.6`;
const SCI_EXT = `${SITE}/scipkg/_sci.cpython-312-x86_64-linux-gnu.so`;
const SCI_CXX = `${SITE}/scipkg/lib/libstdc++.so.6`;

function env(staleRecorded: boolean): EnvironmentFacts {
  return {
    python: `${PREFIX}/bin/python`,
    description: describedEnvironment({ prefix: PREFIX, interpreter: `${PREFIX}/bin/python`, version: '3.12.3', platform: 'linux', architecture: 'x86_64', kind: 'venv', status: 'ok' }),
    packages: [
      { name: 'guipkg', version: '1.0', distribution: distributionRecord('guipkg', '1.0', SITE), condaRecord: null, files: staleRecorded ? [GUI_EXT, STALE] : [GUI_EXT], extensionModules: [{ module: 'guipkg._gui', path: GUI_EXT }] },
      { name: 'scipkg', version: '2.0', distribution: distributionRecord('scipkg', '2.0', SITE), condaRecord: null, files: [SCI_EXT, SCI_CXX], extensionModules: [{ module: 'scipkg._sci', path: SCI_EXT }] },
    ],
  };
}

const step = (module: string, ok: boolean, loaded: string[]) => ({ module, ok, exceptionType: ok ? null : 'ImportError', message: ok ? null : `${STALE}: version \`GLIBCXX_3.4.30' not found (required by ${SCI_EXT})`, traceback: null, loaded, events: [], pathAdded: [] });
const inContext: Replay = { baseline: [], auditHooks: true, steps: [step('guipkg', true, [GUI_EXT, STALE]), step('scipkg', false, [])], notReached: [] };
const reordered: Replay = { baseline: [], auditHooks: true, steps: [step('scipkg', true, [SCI_EXT, SCI_CXX]), step('guipkg', false, [GUI_EXT])], notReached: [] };
const conflict: ContextConflict = { earlierStep: 0, earlierModule: 'guipkg', library: 'libstdc++.so.6', earlierCopy: STALE, ownCopy: SCI_CXX, consumer: SCI_EXT, missingSymbols: [], missingVersions: ['GLIBCXX_3.4.30'], missingOrdinals: [] };

function cause(staleRecorded: boolean) {
  return loadOrderConflictCause({ env: env(staleRecorded), target: 'scipkg._sci', moved: 'scipkg', conflict, inContext, reordered, program: null, ids: new ContextRemedyIds('t') });
}

describe('a stale copy no package records, loaded by an earlier import', () => {
  it('is offered to the quarantine (snapshot and way back), naming the copy the module would load instead', () => {
    const c = cause(false);
    expect(c.remedies).toEqual([expect.objectContaining({ kind: 'quarantine-dll', path: STALE, library: 'libstdc++.so.6', intended: SCI_CXX, automatic: true })]);
    expect(c.explanation).not.toContain('no other fix is known');
  });

  it('is never offered for a copy a package records; then it says plainly that no fix nor newer release is known', () => {
    const c = cause(true);
    expect(c.remedies.some((r) => r.kind === 'quarantine-dll')).toBe(false);
    expect(c.remedies).toEqual([]);
    expect(c.explanation).toContain('no other fix is known from these files');
    expect(c.explanation).toContain('No release of guipkg is known to ship a libstdc++.so.6 with these names, so none is offered.');
  });
});
