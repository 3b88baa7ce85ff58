import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import { inspectModule, newInspectRun } from '../../app/api/inspect-module';
import { InspectRuns } from '../../app/api/inspect-runs';
import { nodeModuleFs, type ModuleFs } from '../../app/binary/module-fs';
import type { InspectModuleRequest } from '../../app/contract/inspect-module';
import { dispatch, type HandlerContext } from '../../app/contract/dispatch';
import { writePe } from '../binary/support/pe-writer';

const context: HandlerContext = { emit: () => undefined, signal: new AbortController().signal };
/** A shared object every Debian/Ubuntu system has (libc's libm): a real ELF for the Linux branch. */
const LIBM = '/usr/lib/x86_64-linux-gnu/libm.so.6';

let dir = '';
const rules = (file: string): InspectModuleRequest => ({ path: path.join(dir, file), pythonVersion: '3.12', searchPath: [], systemDir: null, interpreterDir: null, condaPrefix: null, pathDirs: [], loaded: [] });
const call = (request: unknown, env: NodeJS.ProcessEnv = {}) =>
  dispatch(createEngineHandlers({ appVersion: 't', host: 'cli', platform: 'linux', arch: 'x64', env, dataDir: path.join(dir, 'data') }), 'inspectModule', request, context);

/** The real disk, counting how often each module file is parsed. */
function countingFs(): { fs: ModuleFs; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    fs: { ...nodeModuleFs, readModule: (p) => (reads.set(path.basename(p), (reads.get(path.basename(p)) ?? 0) + 1), nodeModuleFs.readModule(p)) },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'inspect-module-'));
  await writeFile(path.join(dir, 'clean.pyd'), writePe({ imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError'] }, { dll: 'dep.dll', symbols: ['f'] }], exports: [{ name: 'PyInit_clean' }] }));
  await writeFile(path.join(dir, 'broken.pyd'), writePe({ imports: [{ dll: 'dep.dll', symbols: ['f', 'h'] }] }));
  await writeFile(path.join(dir, 'dep.dll'), writePe({ exports: [{ name: 'f' }] }));
  await writeFile(path.join(dir, 'garbage.pyd'), 'this is not a module');
});

describe('inspectModule handler', () => {
  it('returns a PE module\'s tables and a simulation with no finding when every import resolves', async () => {
    const result = await call(rules('clean.pyd'));
    expect(result.ok).toBe(true);
    const value = (result as { value: { module: { format: string; exports: { name: string }[] }; simulation: { findings: unknown[] } } }).value;
    expect(value.module.format).toBe('pe');
    expect(value.module.exports.map((e) => e.name)).toEqual(['PyInit_clean']);
    expect(value.simulation.findings).toEqual([]);
  });

  it('finds the procedure a dependency does not export', async () => {
    const result = await call(rules('broken.pyd'));
    const value = (result as { value: { simulation: { findings: { kind: string }[] } } }).value;
    expect(value.simulation.findings.map((f) => f.kind)).toEqual(['procedure-not-found']);
  });

  it('answers a file that is no module with the reader\'s code and message, not a failed request', async () => {
    const result = await call(rules('garbage.pyd'));
    expect(result).toMatchObject({ ok: true, value: { error: { code: 'not-a-module', path: path.join(dir, 'garbage.pyd') } } });
    expect((result as { value: { error: { message: string } } }).value.error.message).toContain('point at a compiled module');
  });

  it('simulates a real Linux shared object through ld.so.cache', async () => {
    const result = await call({ ...rules('x'), path: LIBM });
    const value = (result as { value: { module: { format: string }; simulation: { graph: { nodes: { name: string; path: string | null }[] } } } }).value;
    expect(value.module.format).toBe('elf');
    expect(value.simulation.graph.nodes.find((n) => n.name === 'libc.so.6')?.path).toMatch(/libc\.so\.6$/);
  });

  it('on Windows (SystemRoot in the host\'s environment) searches its System32 and PATH by default', async () => {
    const result = await call({ ...rules('clean.pyd'), pythonVersion: '3.7' }, { SystemRoot: path.join(dir, 'Windows'), PATH: `${path.join(dir, 'onpath')};` });
    const value = (result as { value: { simulation: { searchPath: { dir: string; reason: string }[] } } }).value;
    expect(value.simulation.searchPath.map((d) => d.reason)).toEqual(['dll-load-dir', 'system32', 'path']);
    expect(value.simulation.searchPath[1]?.dir).toBe(path.join(dir, 'Windows', 'System32'));
  });

  it.each([
    ['a relative path', { path: 'clean.pyd' }],
    ['a Python version that is none', { pythonVersion: '3.x' }],
    ['a loaded library name with a folder in it', { loaded: [{ name: '../evil.dll' }] }],
    ['a relative search folder', { searchPath: ['libs'] }],
    ['a field the operation does not have', { shell: 'rm -rf /' }],
  ])('refuses %s before reading anything', async (_, change) => {
    expect(await call({ ...rules('clean.pyd'), ...change })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('inspect runs', () => {
  it('reads a dependency shared by two files of one run once', async () => {
    const { fs, reads } = countingFs();
    const run = newInspectRun(fs);
    await inspectModule(rules('clean.pyd'), run, {});
    await inspectModule(rules('broken.pyd'), run, {});
    expect(reads.get('dep.dll')).toBe(1);
  });

  it('gives the requests of one runId one run, another id or no id a run of its own', () => {
    const runs = new InspectRuns();
    const first = runs.run('run-0001');
    expect(runs.run('run-0001')).toBe(first);
    expect(runs.run('run-0002')).not.toBe(first);
    expect(runs.run(undefined)).not.toBe(runs.run(undefined));
  });

  it('lets the oldest run go when more runs are under way than it keeps', () => {
    const runs = new InspectRuns();
    const first = runs.run('run-0001');
    runs.run('run-0002');
    runs.run('run-0003');
    expect(runs.run('run-0001')).not.toBe(first);
  });
});
