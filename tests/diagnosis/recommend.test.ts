import { describe, expect, it } from 'vitest';
import { mergeNearDuplicates, recommendOne } from '../../app/diagnosis/recommend';
import type { Cause, Remedy } from '../../app/diagnosis/types';

// Pillow 4.1.0 on CPython 3.6.0 (https://github.com/python-pillow/Pillow/issues/2479): the known
// issue offers 4.0.0 and the fix release 4.1.1; the loader simulation proposes "Pillow<4.1.0".
const base = { automatic: true, risk: 'low' as const };
const down: Remedy = { ...base, id: 'r3', kind: 'pip-install-version', title: 'Install pillow 4.0.0 with pip', explanation: '', package: 'pillow', version: '4.0.0' };
const fix: Remedy = { ...base, id: 'r4', kind: 'pip-install-version', title: 'Install pillow 4.1.1 with pip', explanation: '', package: 'pillow', version: '4.1.1' };
const python: Remedy = { id: 'r2', kind: 'upgrade-python', title: 'Upgrade Python', explanation: '', automatic: false, risk: 'high', minimumVersion: '3.6.1' };
const range: Remedy = { id: 'r1', kind: 'install-constraint', title: 'pip install "Pillow<4.1.0"', explanation: '', automatic: false, risk: 'medium', manager: 'pip', package: 'Pillow', specifier: '<4.1.0', command: ['pip', 'install', 'Pillow<4.1.0'] };

function cause(remedies: Remedy[], version: string | null = '4.1.0'): Cause {
  return {
    id: 'missing-symbol:pillow:python36.dll',
    kind: 'missing-symbol',
    title: '',
    explanation: '',
    confidence: { level: 'high', score: 0.8, signals: ['static-simulation'] },
    module: 'PIL._imaging',
    package: { name: 'Pillow', version, managers: ['pip'] },
    evidence: [],
    remedies,
  };
}

describe('mergeNearDuplicates', () => {
  it('drops a "<installed" range beside an exact older release of the same package', () => {
    expect(mergeNearDuplicates(cause([down, fix, python, range])).map((r) => r.id)).toEqual(['r3', 'r4', 'r2']);
  });

  it('keeps the range when no exact older release is offered', () => {
    expect(mergeNearDuplicates(cause([fix, range])).map((r) => r.id)).toEqual(['r4', 'r1']);
  });
});

describe('recommendOne', () => {
  it('recommends the upstream fix release over the downgrade and puts it first', () => {
    const causes = [cause([down, fix, python, range])];
    recommendOne(causes, true);
    expect(causes[0]?.remedies.map((r) => [r.id, r.recommended ?? false])).toEqual([['r4', true], ['r3', false], ['r2', false]]);
    expect(causes[0]?.remedies[0]?.recommendedBecause).toContain('dry run first');
  });

  it('never says an offline plan runs here or rolls back', () => {
    const causes = [cause([down, fix])];
    recommendOne(causes, false);
    expect(causes[0]?.remedies[0]?.recommendedBecause).toContain('on the machine the environment belongs to');
    expect(causes[0]?.remedies[0]?.recommendedBecause).not.toMatch(/automatically|rolled back|dry run/);
  });

  it('without a known installed version, keeps the evidence order', () => {
    const causes = [cause([down, fix], null)];
    recommendOne(causes, true);
    expect(causes[0]?.remedies[0]).toMatchObject({ id: 'r3', recommended: true });
  });
});
