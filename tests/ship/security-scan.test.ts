import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAt, judge, usesTestedWindowOptions, type Finding } from '../../scripts/security-scan';

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/** Runs scripts/security-scan.ts as `npm run security` does; resolves with its exit code and output. */
async function securityScan(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/security-scan.ts'), ...args], { cwd: root, timeout: 120_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function finding(overrides: Partial<Finding>): Finding {
  return { check: 'X', severity: 'HIGH', confidence: 'CERTAIN', file: 'main.ts', input: 'main', line: 1, column: 0, sample: '', call: '', description: '', manualReview: false, ...overrides };
}

describe('npm run security (Electronegativity, offline)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-scan-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails on an insecure main process and names the HIGH findings', async () => {
    const target = path.join(dir, 'insecure');
    await mkdir(target);
    await copyFile(path.join(root, 'tests/ship/fixtures/insecure-main.js'), path.join(target, 'main.js'));

    const { code, output } = await securityScan(['--input', target, '--out', path.join(dir, 'reports-insecure')]);

    expect(code).toBe(1);
    expect(output).toMatch(/HIGH\s+CONTEXT_ISOLATION_JS_CHECK\s+insecure\/main\.js:11/);
    expect(output).toMatch(/HIGH\s+LIMIT_NAVIGATION_GLOBAL_CHECK/);
    expect(output).toMatch(/FAILED: \d+ HIGH finding/);
  });

  it('passes on our own main process (and the built app, where dist/ exists)', async () => {
    const { code, output } = await securityScan(['--out', path.join(dir, 'reports-own')]);

    expect(output).toMatch(/^OK: no unjustified HIGH finding/m);
    expect(code).toBe(0);
    expect(await readdir(path.join(dir, 'reports-own'))).toContain('electronegativity-main.sarif');
  });

  it('refuses an input it cannot read instead of passing on nothing', async () => {
    const { code, output } = await securityScan(['--input', path.join(dir, 'missing'), '--out', path.join(dir, 'reports-missing')]);

    expect(code).toBe(2);
    expect(output).toContain('Nothing to scan at');
  });
});

describe('judge', () => {
  it('fails an unjustified HIGH finding and only reports lower ones', () => {
    const verdict = judge([finding({ check: 'NODE_INTEGRATION_JS_CHECK' }), finding({ check: 'AUXCLICK_JS_CHECK', severity: 'MEDIUM', input: 'other' })], []);

    expect(verdict.failing.map((f) => f.check)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
    expect(verdict.reported.map((f) => f.check)).toEqual(['AUXCLICK_JS_CHECK']);
  });

  it('excuses a finding only for the check, file and call its justification names', () => {
    const justification = { check: 'CONTEXT_ISOLATION_JS_CHECK', file: /^main\/main\.ts$/, when: usesTestedWindowOptions, why: 'tested' };
    const fromOptions = finding({ check: 'CONTEXT_ISOLATION_JS_CHECK', call: 'new BrowserWindow({ ...mainWindowOptions(preload), title: "x" })' });
    const inOtherFile = { ...fromOptions, file: 'other.ts' };
    const overriding = { ...fromOptions, call: 'new BrowserWindow({ ...mainWindowOptions(preload), webPreferences: { contextIsolation: false } })' };

    const verdict = judge([fromOptions, inOtherFile, overriding], [justification]);

    expect(verdict.justified.map((j) => j.finding)).toEqual([fromOptions]);
    expect(verdict.failing).toEqual([inOtherFile, overriding]);
  });

  it('lists justifications that matched nothing', () => {
    expect(judge([], [{ check: 'CSP_GLOBAL_CHECK', why: 'header' }]).unused.map((j) => j.check)).toEqual(['CSP_GLOBAL_CHECK']);
  });
});

describe('callAt', () => {
  it('reads a call across lines up to its closing parenthesis', () => {
    const source = 'const a = 1;\n  const w = new BrowserWindow({\n    ...mainWindowOptions(p),\n  });\nother();';

    expect(callAt(source, 2, 12)).toBe('new BrowserWindow({\n    ...mainWindowOptions(p),\n  })');
  });

  it('returns nothing for a line outside the file', () => {
    expect(callAt('x', 5, 0)).toBe('');
  });
});
