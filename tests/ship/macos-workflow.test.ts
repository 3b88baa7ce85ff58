import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHIP_NPM_SCRIPTS } from '../../scripts/ship-npm-scripts';
import { validateWorkflow } from './support/action-validator';

/**
 * The macOS workflow cannot run here (no Mac): action-validator checks its syntax, and this what a
 * schema cannot: both architectures on their own runner, pinned actions, npm scripts and test files
 * that exist, secrets only where signing reads them.
 */
const root = path.resolve(import.meta.dirname, '../..');
const workflowFile = path.join(root, '.github/workflows/macos.yml');
const text = readFileSync(workflowFile, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes'?: number; strategy?: { matrix?: { include?: { runner: string; arch: string }[] } }; steps: Step[] }>;
}
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('.github/workflows/macos.yml', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-macos-workflow-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes action-validator, which would catch a misspelled key', async () => {
    expect(await validateWorkflow(workflowFile)).toEqual({ code: 0, output: '' });
    const broken = path.join(dir, 'broken.yml');
    await writeFile(broken, text.replace('runs-on: ${{ matrix.runner }}', 'run-on: ${{ matrix.runner }}'));
    expect((await validateWorkflow(broken)).code).not.toBe(0);
  });

  it('builds arm64 on macos-14 and x64 on macos-13, with a time limit, reading the repository only', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const build = workflow.jobs.build!;
    expect(build['runs-on']).toBe('${{ matrix.runner }}');
    expect(build['timeout-minutes']).toBeGreaterThan(0);
    expect(build.strategy?.matrix?.include).toEqual([{ runner: 'macos-14', arch: 'arm64' }, { runner: 'macos-13', arch: 'x64' }]);
  });

  it('pins every action to a version tag or a commit', () => {
    for (const action of steps.map((s) => s.uses).filter((u): u is string => Boolean(u))) expect(action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  it('runs npm scripts that package.json has, and test:mac names only test files that exist, the live macOS test among them', () => {
    const used = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npm run (\S+)/g)].map((m) => m[1]!));
    expect(used).toEqual(['test:mac', 'dist:mac']);
    for (const name of used) expect(pkg.scripts[name] ?? SHIP_NPM_SCRIPTS[name], name).toBeDefined();
    const files = pkg.scripts['test:mac']!.split(' ').filter((w) => w.startsWith('tests/'));
    expect(files).toContain('tests/envs/macos-live.test.ts');
    for (const file of files) expect(existsSync(path.join(root, file)), file).toBe(true);
  });

  it('passes signing and notarization secrets only to the packaging step', () => {
    const withSecrets = steps.filter((s) => JSON.stringify(s).includes('secrets.'));
    expect(withSecrets.map((s) => s.name)).toEqual(['Build the dmg and the zip for ${{ matrix.arch }}', "The app bundle's binary is the architecture asked for, and its signature holds when signed"]);
    expect(Object.keys(withSecrets[0]!.env ?? {}).sort()).toEqual(['APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_ID', 'APPLE_TEAM_ID', 'CSC_KEY_PASSWORD', 'CSC_LINK']);
    expect(withSecrets[1]!.env).toEqual({ SIGNED: "${{ secrets.MAC_CSC_LINK != '' && '1' || '' }}" });
  });
});
