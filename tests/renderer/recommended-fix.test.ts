import { describe, expect, it } from 'vitest';
import type { Cause, Diagnosis, Remedy } from '../../app/diagnosis/types';
import { recommendedFix } from '../../renderer/wizard/recommended-fix';

const remedy = (id: string, automatic = true, extra: object = {}): Remedy => ({ kind: 'pip-force-reinstall', id, title: id, explanation: '', automatic, risk: 'low', package: 'p', version: null, ...extra }) as Remedy;
const cause = (id: string, remedies: Remedy[]): Cause => ({ id, kind: 'missing-symbol', title: id, explanation: '', confidence: { level: 'high', score: 0.9, signals: [] }, module: null, package: null, evidence: [{ kind: 'health-check', summary: '', check: 'x', status: 'ok', details: [] }] as unknown as Cause['evidence'], remedies });
const diagnosis = (causes: Cause[]) => ({ causes }) as unknown as Diagnosis;

describe('the recommended fix', () => {
  it('is the first automatic remedy of the first-ranked cause', () => {
    const fix = recommendedFix(diagnosis([cause('a', [remedy('manual', false), remedy('r1'), remedy('r2')]), cause('b', [remedy('r3')])]));
    expect(fix?.remedy.id).toBe('r1');
    expect(fix?.cause.id).toBe('a');
  });

  it("is the engine's marked remedy when there is one", () => {
    const fix = recommendedFix(diagnosis([cause('a', [remedy('r1')]), cause('b', [remedy('r3', true, { recommended: true })])]));
    expect(fix?.remedy.id).toBe('r3');
  });

  it('is none when nothing can be carried out', () => {
    expect(recommendedFix(diagnosis([cause('a', [remedy('manual', false)])]))).toBeNull();
    expect(recommendedFix(diagnosis([]))).toBeNull();
  });
});
