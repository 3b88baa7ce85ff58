import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHIP_NPM_SCRIPTS } from '../../scripts/ship-npm-scripts';
import { validateWorkflow as validate } from './support/action-validator';

/**
 * The Windows workflow cannot run here, so this validates it with action-validator (the schema
 * GitHub's workflow syntax follows) and checks what a schema cannot: pinned actions, scripts and
 * npm scripts that exist, no secret written inline.
 */
const root = path.resolve(import.meta.dirname, '../..');
const workflowFile = path.join(root, '.github/workflows/windows.yml');

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  'timeout-minutes'?: number;
  needs?: string | string[];
  strategy?: { matrix?: Record<string, unknown> };
  steps: Step[];
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const text = readFileSync(workflowFile, 'utf8');
const workflow = parse(text) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const runLines = steps.flatMap((s) => (s.run ?? '').split('\n')).filter(Boolean);


describe('.github/workflows/windows.yml', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-workflow-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes action-validator', async () => {
    const { code, output } = await validate(workflowFile);

    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('would be caught by action-validator with a misspelled key', async () => {
    const broken = path.join(dir, 'broken.yml');
    await writeFile(broken, text.replace('runs-on: windows-latest', 'run-on: windows-latest'));

    expect((await validate(broken)).code).not.toBe(0);
  });

  it('pins every action to a version tag or a commit', () => {
    const uses = steps.map((s) => s.uses).filter((u): u is string => Boolean(u));

    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action, action).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  it('runs every job on windows-latest with a time limit, and only reads the repository', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job['runs-on'], name).toBe('windows-latest');
      expect(job['timeout-minutes'], name).toBeGreaterThan(0);
    }
  });

  it('runs only scripts that exist, with tsx', () => {
    const scripts = runLines.flatMap((line) => [...line.matchAll(/npx tsx (\S+)/g)].map((m) => m[1] as string));

    expect(scripts).toEqual(expect.arrayContaining(['scripts/acceptance/pip-pillow.ts', 'scripts/acceptance/conda-pillow.ts', 'scripts/acceptance/conda-manager-paths.ts']));
    for (const script of scripts) expect(existsSync(path.join(root, script)), script).toBe(true);
  });

  it('runs only npm scripts that package.json has or that the shipping work asks for, with the same command', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const used = runLines.flatMap((line) => [...line.matchAll(/npm (?:run (\S+)|(test|ci))/g)].map((m) => m[1] ?? m[2] ?? ''));

    expect(used).toEqual(expect.arrayContaining(['ci', 'test:windows', 'dist:win']));
    for (const name of used.filter((n) => n !== 'ci')) expect(pkg.scripts?.[name] ?? SHIP_NPM_SCRIPTS[name], name).toBeDefined();
    for (const [name, command] of Object.entries(SHIP_NPM_SCRIPTS)) {
      if (pkg.scripts?.[name] !== undefined) expect(pkg.scripts[name], `package.json script ${name}`).toBe(command);
    }
  });

  it('tests pip on two Pythons and conda, after the build job, with the interpreter setup-python gave', () => {
    const pip = workflow.jobs['acceptance-pip'];
    const conda = workflow.jobs['acceptance-conda'];

    expect(pip?.strategy?.matrix?.python).toHaveLength(2);
    expect(pip?.needs).toBe('build');
    expect(conda?.needs).toBe('build');
    expect(pip?.steps.some((s) => s.run?.includes('--python "${{ steps.python.outputs.python-path }}"'))).toBe(true);
    expect(conda?.steps.some((s) => s.uses?.startsWith('conda-incubator/setup-miniconda@'))).toBe(true);
  });

  it('keeps signing secrets in GitHub secrets, passed only to the installer step', () => {
    const secretUses = [...text.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
    const dist = steps.find((s) => s.run === 'npm run dist:win');

    expect(new Set(secretUses)).toEqual(new Set(['WIN_CSC_LINK', 'WIN_CSC_KEY_PASSWORD']));
    expect(dist?.env).toEqual({ WIN_CSC_LINK: '${{ secrets.WIN_CSC_LINK }}', WIN_CSC_KEY_PASSWORD: '${{ secrets.WIN_CSC_KEY_PASSWORD }}' });
  });
});

describe('.github/workflows/bench.yml', () => {
  const benchFile = path.join(root, '.github/workflows/bench.yml');
  const benchText = readFileSync(benchFile, 'utf8');
  const bench = parse(benchText) as Workflow & { on: Record<string, unknown> };
  const benchSteps = Object.values(bench.jobs).flatMap((job) => job.steps);

  it('passes action-validator', async () => {
    const { code, output } = await validate(benchFile);

    expect(output).toBe('');
    expect(code).toBe(0);
  });

  it('runs on push and by hand, never on a schedule, reading the repository only', () => {
    expect(Object.keys(bench.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(bench.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(bench.jobs)) expect(job['timeout-minutes'], name).toBeGreaterThan(0);
  });

  it('runs npm run bench with the corpus and references installed, actions pinned', () => {
    const runs = benchSteps.map((s) => s.run ?? '').join('\n');

    expect(runs).toMatch(/^npm run bench$/m);
    expect(runs).toMatch(/python3-pefile/);
    expect(runs).toMatch(/wine64 wine32:i386 mingw-w64/);
    for (const action of benchSteps.map((s) => s.uses).filter((u): u is string => Boolean(u))) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });
});
