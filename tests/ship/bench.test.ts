import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCHES, selectBenches, summary } from '../../scripts/bench';

/** `npm run bench`: which benches it runs, and that only a failed bench (never a time) fails it. */
const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('npm run bench', () => {
  it('runs every bench:* script of package.json, each by its own script', () => {
    const npmBenches = Object.keys(pkg.scripts).filter((n) => n.startsWith('bench:')).map((n) => n.slice('bench:'.length)).sort();

    expect(BENCHES.map((b) => b.name).sort()).toEqual(npmBenches);
    for (const b of BENCHES) {
      expect(pkg.scripts[`bench:${b.name}`], b.name).toBe(`tsx ${b.script}`);
      expect(existsSync(path.join(root, b.script)), b.script).toBe(true);
    }
    expect(pkg.scripts.bench).toBe('tsx scripts/bench.ts');
  });

  it('selects benches with --only and --skip, and refuses a name it does not know', () => {
    expect(selectBenches(undefined, undefined)).toEqual(BENCHES);
    expect(selectBenches('binary, envs', undefined).map((b) => b.name)).toEqual(['binary', 'envs']);
    expect(selectBenches(undefined, 'diagnose-all').map((b) => b.name)).toEqual(['binary', 'envs', 'diagnose']);
    expect(() => selectBenches('binaries', undefined)).toThrow(/unknown bench "binaries"; the benches are: binary, envs/);
  });

  it('reports a failed bench as failed and a slow one as agreeing', () => {
    const slowButRight = { name: 'binary', code: 0, seconds: 900, figures: ['speed-up: 2.0x; bytes read …', 'disagreements: 0'] };
    const wrong = { name: 'envs', code: 1, seconds: 3, figures: ['FAIL: expected one interpreter run'] };

    expect(summary([slowButRight])).toMatch(/binary: answers agree, 900 s\n {4}speed-up: 2\.0x[^\n]*\n {4}disagreements: 0\nall benches agree/);
    expect(summary([slowButRight, wrong])).toMatch(/envs: FAILED \(exit 1\)[\s\S]*failed: envs\n$/);
    expect(summary([{ name: 'diagnose', code: null, seconds: 1, figures: [] }])).toMatch(/diagnose: FAILED \(exit by signal\)/);
  });
});
