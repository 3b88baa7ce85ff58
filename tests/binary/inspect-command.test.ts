import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedArgs } from '../../app/cli/command';
import { inspectCommand } from '../../app/cli/commands/inspect';
import { ExitCode } from '../../app/cli/exit-codes';
import { writeMacho } from './support/macho-writer';
import { writePe } from './support/pe-writer';

let dir = '';

async function inspect(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return inspectWithEnv({}, ...argv);
}

async function inspectWithEnv(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const args = parseArgs({ args: argv, options: inspectCommand.options, allowPositionals: true, strict: true });
  // The engine's log goes to the test's folder, not the user's data folder.
  const code = await inspectCommand.run(args as ParsedArgs, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd: dir, env: { DOCTOR_DATA_DIR: join(dir, 'data'), ...env } });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspect-'));
  await writeFile(join(dir, 'clean.pyd'), writePe({ imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError'] }, { dll: 'dep.dll', symbols: ['f'] }], exports: [{ name: 'PyInit_clean' }] }));
  await writeFile(join(dir, 'dep.dll'), writePe({ exports: [{ name: 'f' }, { name: 'g', forwarder: 'NTDLL.RtlAllocateHeap' }] }));
  await writeFile(join(dir, 'broken.pyd'), writePe({ imports: [{ dll: 'dep.dll', symbols: ['f', 'h'] }, { dll: 'VCRUNTIME140.dll', symbols: ['memcpy'] }] }));
  await writeFile(join(dir, 'garbage.pyd'), 'this is not a module');
});

describe('inspect command', () => {
  it('exit 0 and a readable report for a module that loads', async () => {
    const { code, stdout } = await inspect('clean.pyd', '--python-version', '3.8');
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('PE x64 (64-bit) DLL');
    expect(stdout).toContain('Exports (1):');
    expect(stdout).toMatch(/1\. .*\[dll-load-dir\]/);
    expect(stdout).toContain('dep.dll => ');
    expect(stdout).toContain('KERNEL32.dll => (known-dll, not checked)');
    expect(stdout).toContain('Findings: none');
  });

  it('exit 3 with every finding named', async () => {
    const { code, stdout } = await inspect('broken.pyd');
    expect(code).toBe(ExitCode.problemFound);
    expect(stdout).toContain('procedure-not-found (error 127)');
    expect(stdout).toContain('does not export h');
    expect(stdout).toContain('vc-runtime-missing');
    expect(stdout).toContain('dll-not-found (error 126)');
  });

  it('--json prints one document with the module and the simulation', async () => {
    const { code, stdout } = await inspect('broken.pyd', '--json', '--search-path', 'libs');
    expect(code).toBe(ExitCode.problemFound);
    const doc = JSON.parse(stdout) as { module: { format: string }; simulation: { searchPath: { dir: string; reason: string }[]; findings: { kind: string }[] } };
    expect(doc.module.format).toBe('pe');
    expect(doc.simulation.searchPath.map((d) => d.reason)).toEqual(['dll-load-dir', 'add-dll-directory']);
    expect(doc.simulation.searchPath[1]?.dir).toBe(join(dir, 'libs'));
    expect(doc.simulation.findings.map((f) => f.kind).sort()).toEqual(['dll-not-found', 'procedure-not-found', 'vc-runtime-missing']);
  });

  it('a System32 stand-in is searched last and its DLLs are checked', async () => {
    const sys = join(dir, 'system32');
    await mkdir(sys, { recursive: true });
    await writeFile(join(sys, 'vcruntime140.dll'), writePe({ exports: [{ name: 'memcpy' }] }));
    const { stdout } = await inspect('broken.pyd', '--json', '--system-dir', sys);
    const doc = JSON.parse(stdout) as { simulation: { searchPath: { reason: string }[]; findings: { kind: string }[] } };
    expect(doc.simulation.searchPath.at(-1)?.reason).toBe('system32');
    expect(doc.simulation.findings.map((f) => f.kind)).toEqual(['procedure-not-found']);
  });

  it('on Windows (SystemRoot set) uses %SystemRoot%\\System32 and PATH by default', async () => {
    const root = join(dir, 'Windows');
    await mkdir(join(root, 'System32'), { recursive: true });
    await writeFile(join(root, 'System32', 'vcruntime140.dll'), writePe({ exports: [{ name: 'memcpy' }] }));
    const { stdout } = await inspectWithEnv({ SystemRoot: root, PATH: `${join(dir, 'onpath')};` }, 'broken.pyd', '--json', '--python-version', '3.7');
    const doc = JSON.parse(stdout) as { simulation: { searchPath: { dir: string; reason: string }[]; findings: { kind: string }[] } };
    expect(doc.simulation.searchPath.map((d) => [d.dir, d.reason])).toEqual([[dir, 'dll-load-dir'], [join(root, 'System32'), 'system32'], [join(dir, 'onpath'), 'path']]);
    expect(doc.simulation.findings.map((f) => f.kind)).toEqual(['procedure-not-found']);
  });

  it('reads the interpreter\'s CPU from python.exe in --interpreter-dir', async () => {
    await mkdir(join(dir, 'py32'), { recursive: true });
    await writeFile(join(dir, 'py32', 'python.exe'), writePe({ machine: 'x86', dll: false }));
    const { code, stdout } = await inspect('clean.pyd', '--interpreter-dir', 'py32');
    expect(code).toBe(ExitCode.problemFound);
    expect(stdout).toContain('is built for x64 but this Python is x86');
  });

  it('takes several files and folders (recursively) and prints one JSON line per file', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, 'sub', 'deeper'), { recursive: true });
    await writeFile(join(tree, 'a.dll'), writePe({ exports: [{ name: 'f' }] }));
    await writeFile(join(tree, 'sub', 'deeper', 'b.pyd'), writePe({ imports: [{ dll: 'KERNEL32.dll', symbols: ['GetLastError'] }] }));
    await writeFile(join(tree, 'sub', 'notes.txt'), 'not a module, not picked up');
    const { code, stdout } = await inspect('clean.pyd', 'tree', '--json');
    expect(code).toBe(ExitCode.ok);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; module?: { format: string }; error?: unknown });
    expect(lines.map((l) => l.path)).toEqual([join(dir, 'clean.pyd'), join(tree, 'a.dll'), join(tree, 'sub', 'deeper', 'b.pyd')]);
    expect(lines.every((l) => l.module?.format === 'pe' && l.error === undefined)).toBe(true);
  });

  it('reports each bad file on its own line and still reads the others', async () => {
    const { code, stdout } = await inspect('garbage.pyd', 'broken.pyd', '--json');
    expect(code).toBe(ExitCode.error);
    const [bad, broken] = stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; error?: { code: string }; simulation?: { findings: unknown[] } });
    expect(bad?.error?.code).toBe('not-a-module');
    expect(broken?.simulation?.findings.length).toBeGreaterThan(0);
    const empty = join(dir, 'empty-folder');
    await mkdir(empty, { recursive: true });
    const none = await inspect(empty);
    expect(none.code).toBe(ExitCode.error);
    expect(none.stderr).toContain('no module files');
  });

  it('names a module file whose name is not UTF-8 instead of skipping it without a word', async () => {
    const tree = join(dir, 'latin1');
    await mkdir(tree, { recursive: true });
    await writeFile(join(tree, 'ok.dll'), writePe({ exports: [{ name: 'f' }] }));
    // "caf\xe9.dll", as a Latin-1 system wrote it: not UTF-8.
    await writeFile(Buffer.concat([Buffer.from(`${tree}/caf`), Buffer.from([0xe9]), Buffer.from('.dll')]), writePe({ exports: [{ name: 'f' }] }));
    await writeFile(Buffer.concat([Buffer.from(`${tree}/notes-`), Buffer.from([0xff]), Buffer.from('.txt')]), 'not a module');
    const text = await inspect('latin1');
    expect(text.code).toBe(ExitCode.error);
    expect(text.stderr).toBe(`skipped: ${join(tree, 'caf\u00e9.dll')}: skipped, its name is not valid UTF-8 (shown here byte by byte as Latin-1); rename it to inspect it\n`);
    const json = await inspect('latin1', '--json');
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; skipped?: { code: string } });
    expect(lines.map((l) => [l.path, l.skipped?.code ?? null])).toEqual([[join(tree, 'caf\u00e9.dll'), 'name-not-utf8'], [join(tree, 'ok.dll'), null]]);
  });

  it('follows links to module files inside the folder and names the others instead of skipping them silently', async () => {
    const tree = join(dir, 'links');
    await mkdir(join(tree, 'sub'), { recursive: true });
    await writeFile(join(tree, 'sub', 'real.dll'), writePe({ exports: [{ name: 'f' }] }));
    await writeFile(join(dir, 'outside.dll'), writePe({ exports: [{ name: 'f' }] }));
    await symlink(join(tree, 'sub', 'real.dll'), join(tree, 'inside.dll'));
    await symlink(join(dir, 'outside.dll'), join(tree, 'outside.dll'));
    await symlink(join(tree, 'nowhere.dll'), join(tree, 'dangling.dll'));
    await symlink(join(tree, 'sub'), join(tree, 'folder.dll'));
    const json = await inspect('links', '--json');
    expect(json.code).toBe(ExitCode.error);
    const lines = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { path: string; skipped?: { code: string }; module?: unknown });
    expect(lines.map((l) => [l.path, l.skipped?.code ?? (l.module ? 'inspected' : null)])).toEqual([
      [join(tree, 'dangling.dll'), 'link-unresolved'],
      [join(tree, 'folder.dll'), 'link-not-a-file'],
      [join(tree, 'outside.dll'), 'link-outside-folder'],
      [join(tree, 'inside.dll'), 'inspected'],
      [join(tree, 'sub', 'real.dll'), 'inspected'],
    ]);
    const text = await inspect('links');
    expect(text.stderr).toContain(`skipped: ${join(tree, 'outside.dll')}: skipped, it is a link to ${join(dir, 'outside.dll')}, outside the folder given`);
  });

  it('exit 1 with a clear message for a file that is not a module, 2 for a bad command line', async () => {
    const bad = await inspect('garbage.pyd');
    expect(bad.code).toBe(ExitCode.error);
    expect(bad.stderr).toContain('neither a PE');
    expect((await inspect('missing.pyd')).code).toBe(ExitCode.error);
    expect((await inspect()).code).toBe(ExitCode.usage);
    expect((await inspect('clean.pyd', '--python-version', 'three')).code).toBe(ExitCode.usage);
  });

  it('exit 2 naming the option when the engine\'s request schema refuses a value, before any file is read', async () => {
    const { code, stdout, stderr } = await inspect('clean.pyd', '--loaded', 'x'.repeat(300));
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('--loaded: A file name is at most 260 characters.');
  });

  it('inspects a Linux shared object', async () => {
    const { code, stdout } = await inspect('/lib/x86_64-linux-gnu/libz.so.1');
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('ELF64 x86-64 shared-object');
    expect(stdout).toContain('libc.so.6 => /');
  });

  it('prints the tables of a Mach-O module found in a folder, and says no load was simulated', async () => {
    const mac = await mkdtemp(join(tmpdir(), 'inspect-macho-'));
    await writeFile(join(mac, 'libext.dylib'), writeMacho({
      dylibs: [{ name: '@rpath/libvips.42.dylib' }], imports: [{ name: '_vips_init', ordinal: 1 }, { name: '_PyLong_FromLong', ordinal: -2 }], format: 1, symbolsFormat: 0,
    }));
    const { code, stdout } = await inspect(mac);
    expect(code).toBe(ExitCode.ok);
    expect(stdout).toContain('Mach-O arm64');
    expect(stdout).toContain('1. @rpath/libvips.42.dylib (load, compatibility 1.0.0, current 1.0.0)');
    expect(stdout).toContain('_vips_init <- @rpath/libvips.42.dylib');
    expect(stdout).toContain('_PyLong_FromLong <- flat-lookup');
    expect(stdout).toContain('No dyld load simulation');
    expect(stdout).not.toContain('should load');
  });
});
