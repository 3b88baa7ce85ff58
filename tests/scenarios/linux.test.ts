import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../app/cli/command';
import { createDiagnoseCommand } from '../../app/cli/commands/diagnose';
import { ExitCode } from '../../app/cli/exit-codes';
import { runCli } from '../../app/cli/run-cli';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import type { Diagnosis } from '../../app/diagnosis/types';
import {
  buildDeletedBundledLibraryScenario,
  buildHealthyScenario,
  buildImagelibScenario,
  buildLdLibraryPathShadowScenario,
  buildMissingLibraryScenario,
  buildRemovedDependencyScenario,
  buildSymbolVersionScenario,
} from './support/linux-scenarios';
import type { LinuxScenario } from './support/linux-scenarios';

// Real environments: gcc-built extensions in wheels, installed by the real pip into venvs of the
// system python3, imported by the real interpreter. Each states its expected top cause and fix.

let dir: string;
const scenarios: Record<string, LinuxScenario> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pdd-scenarios-'));
  scenarios.imagelib = await buildImagelibScenario(dir);
  scenarios.missing = await buildMissingLibraryScenario(dir);
  scenarios.version = await buildSymbolVersionScenario(dir);
  scenarios.removed = await buildRemovedDependencyScenario(dir);
  scenarios.healthy = await buildHealthyScenario(dir);
  scenarios.shadow = await buildLdLibraryPathShadowScenario(dir);
  scenarios.deleted = await buildDeletedBundledLibraryScenario(dir);
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function diagnoseFromError(s: LinuxScenario): Promise<Diagnosis> {
  return diagnose({ python: s.python, errorText: s.errorText }, createLiveDeps({ env: s.env }));
}

function capture(env: NodeJS.ProcessEnv): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: dir, env, stdout: (t: string) => void (io.out += t), stderr: (t: string) => void (io.err += t) };
  return io;
}

describe.each(['imagelib', 'missing', 'version', 'removed', 'shadow', 'deleted'])('Linux scenario %s', (key) => {
  it('reproduces the failure with the real interpreter', () => {
    const s = scenarios[key];
    expect(s?.errorText).toMatch(/ImportError/);
    expect(s?.errorText).not.toContain('IMPORTED');
  });

  it('ranks the expected cause first, with evidence and the expected first remedy', async () => {
    const s = scenarios[key];
    if (!s) throw new Error('scenario not built');
    const d = await diagnoseFromError(s);
    expect(d.status).toBe('problem-found');
    const top = d.causes[0];
    expect(top?.kind).toBe(s.expected.kind);
    expect(top?.module).toBe(s.expected.module);
    expect(top?.evidence.some((e) => e.kind === 'import-test' && !e.ok)).toBe(true);
    expect(top?.evidence.some((e) => e.kind === 'error-text')).toBe(true);
    expect(top?.remedies[0]).toMatchObject(s.expected.firstRemedy);
    expect(top?.confidence.level).toBe('high');
  });
});

describe('Linux scenario details', () => {
  it('imagelib: names the missing symbol and the package metadata', async () => {
    const d = await diagnoseFromError(scenarios.imagelib as LinuxScenario);
    expect(d.error).toMatchObject({ failureClass: 'undefined-symbol', symbol: 'companion_blend_v2', module: 'imagelib._core' });
    expect(d.causes[0]?.title).toContain('companion_blend_v2');
    expect(d.causes[0]?.evidence.find((e) => e.kind === 'package-metadata')).toMatchObject({ package: 'imagelib', version: '4.1.0', managers: ['pip'] });
    // The ELF simulation names the library that lacks the symbol and who installed it.
    expect(d.causes[0]?.confidence.signals).toContain('static-simulation');
    expect(d.causes[0]?.evidence.find((e) => e.kind === 'missing-symbols')).toMatchObject({ symbols: ['companion_blend_v2'] });
    const chain = d.causes[0]?.evidence.find((e) => e.kind === 'dependency-chain');
    expect(chain).toMatchObject({ links: [{ needs: 'libcompanion.so.1', foundBy: 'RUNPATH', owner: { package: 'companion', version: '1.0', manager: 'pip' } }] });
    expect(d.causes[0]?.remedies.map((r) => r.title)).toEqual(['Install imagelib 4.0.0 with pip', 'Install companion 2.0 with pip', 'Reinstall imagelib 4.1.0 with pip']);
  });

  it('LD_LIBRARY_PATH shadowing: which copy wins and why, which copy would satisfy, and the shell line that fixes it', async () => {
    const s = scenarios.shadow as LinuxScenario;
    expect(s.errorText).toContain('SHADE_2.0');
    const d = await diagnoseFromError(s);
    const top = d.causes[0];
    const shadow = top?.evidence.find((e) => e.kind === 'shadowing');
    expect(shadow).toMatchObject({ library: 'libshade.so.1', winnerStep: 'LD_LIBRARY_PATH' });
    expect(shadow?.kind === 'shadowing' && shadow.winner).toContain('/vendor/lib/libshade.so.1');
    expect(shadow?.kind === 'shadowing' && shadow.intended).toContain('shadowpkg.libs/libshade.so.1');
    expect(top?.explanation).toContain('LD_LIBRARY_PATH before');
    const fix = top?.remedies[0];
    expect(fix?.kind === 'manual' && fix.steps[0]).toContain('export LD_LIBRARY_PATH=');
    expect(top?.remedies.some((r) => r.kind === 'install-system-library')).toBe(false);
  });

  it('a bundled library deleted after the install: its package lost it, so that package is reinstalled, never a system package', async () => {
    const d = await diagnoseFromError(scenarios.deleted as LinuxScenario);
    const top = d.causes[0];
    expect(top?.evidence.find((e) => e.kind === 'health-check' && e.check === 'installed-files')).toMatchObject({ status: 'problem', summary: expect.stringContaining('bundlepkg 2.1 installed libbundled-5a3c9f01.so.2') });
    expect(top?.remedies.some((r) => r.kind === 'install-system-library')).toBe(false);
    // No evidence names a file that is not there.
    expect(top?.evidence.some((e) => e.kind === 'file-owner' && e.summary.includes('exists at'))).toBe(false);
  });

  it('symbol version: names the provider file and its owner package', async () => {
    const d = await diagnoseFromError(scenarios.version as LinuxScenario);
    const ev = d.causes[0]?.evidence.find((e) => e.kind === 'missing-symbols');
    expect(ev).toMatchObject({ versions: ['VERS_2.0'] });
    const owner = d.causes[0]?.evidence.find((e) => e.kind === 'file-owner');
    expect(owner).toMatchObject({ owner: { package: 'verscomp', version: '1.0', manager: 'pip' } });
  });

  it('missing library: the search order the loader used, none holding it', async () => {
    const d = await diagnoseFromError(scenarios.missing as LinuxScenario);
    const search = d.causes[0]?.evidence.find((e) => e.kind === 'search-path');
    expect(search?.kind === 'search-path' && search.directories.map((x) => x.step)).toEqual(expect.arrayContaining(['ld.so.cache', 'default']));
    expect(search?.kind === 'search-path' && search.directories.some((x) => x.contains)).toBe(false);
  });

  it('removed dependency: the requirement health check (app/envs) backs the cause', async () => {
    const d = await diagnoseFromError(scenarios.removed as LinuxScenario);
    expect(d.causes[0]?.evidence.some((e) => e.kind === 'health-check' && e.summary.includes('requires corelib'))).toBe(true);
    expect(d.causes[0]?.remedies[0]).toMatchObject({ dependents: [{ name: 'plugin', version: '1.0', manager: 'pip' }] });
  });

  it('healthy: no problem found, with the list of what was checked', async () => {
    const s = scenarios.healthy as LinuxScenario;
    expect(s.errorText).toContain('IMPORTED');
    const d = await diagnose({ python: s.python, all: true }, createLiveDeps({ env: s.env }));
    expect(d.status).toBe('healthy');
    expect(d.causes).toEqual([]);
    expect(d.checks.map((c) => c.id)).toEqual(expect.arrayContaining(['environment', 'health:requirement-missing', 'health:incompatible-wheel', 'import-test', 'loader-simulation']));
    expect(d.checks.find((c) => c.id === 'loader-simulation')?.status).toBe('ok');
  });
});

describe('diagnose CLI on real environments', () => {
  it('exits 3 for a problem, writes a redacted HTML report, and 0 when healthy', async () => {
    const s = scenarios.imagelib as LinuxScenario;
    const errorFile = join(dir, 'error.txt');
    await writeFile(errorFile, s.errorText);
    const command = createDiagnoseCommand((io) => createLiveDeps({ env: io.env }));
    const io = capture(s.env);
    expect(await runCli(['diagnose', '--python', s.python, '--error-file', errorFile, '--report', 'out.html', '--quiet'], io, [command])).toBe(ExitCode.problemFound);
    expect(io.out).toContain('Install imagelib 4.0.0 with pip');
    const html = await readFile(join(dir, 'out.html'), 'utf8');
    expect(html).toContain('companion_blend_v2');
    expect(html).toContain('Redacted for sharing');

    const healthy = scenarios.healthy as LinuxScenario;
    const io2 = capture(healthy.env);
    expect(await runCli(['diagnose', '--python', healthy.python, '--all', '--json'], io2, [command])).toBe(ExitCode.ok);
    expect((JSON.parse(io2.out) as Diagnosis).status).toBe('healthy');
  });

  it('refuses a request without a target with the usage code', async () => {
    const command = createDiagnoseCommand((io) => createLiveDeps({ env: io.env }));
    const io = capture(process.env);
    expect(await runCli(['diagnose', '--python', 'python3'], io, [command])).toBe(ExitCode.usage);
    expect(io.err).toContain('exactly one of');
  });
});
