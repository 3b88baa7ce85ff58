import { copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpythonAbi, deleteBundledDll, deleteCondaLibrary, dependentsOf, importedBundledDlls, ownerOf, type CondaRecord } from '../../scripts/acceptance/break-pillow';
import { checkHealthyDiagnosis, checkProblemDiagnosis, foreignMinor, missingDependents, type BreakRecord } from '../../scripts/acceptance/expectations';
import { readPeImports } from '../../scripts/acceptance/pe-imports';
import { interpreterIn, moduleFile, tryImport } from '../../scripts/acceptance/doctor-steps';
import { run, showCommand } from '../../scripts/acceptance/process';

const root = path.resolve(import.meta.dirname, '../..');
/** Real Windows binaries that ship inside an npm package we already install (electron-winstaller's vendor folder). */
const vendor = path.join(root, 'node_modules/electron-winstaller/vendor');
const exists = (file: string) => stat(file).then(() => true, () => false);

describe('readPeImports (checked against objdump -p on the same files)', () => {
  it('lists the DLLs of a 64-bit executable in import-table order', async () => {
    expect(readPeImports(await readFile(path.join(vendor, '7z-x64.exe')))).toEqual({ machine: 'x64', dlls: ['OLEAUT32.dll', 'USER32.dll', 'ADVAPI32.dll', 'msvcrt.dll', 'KERNEL32.dll'] });
  });

  it('reads 32-bit and ARM64 files too', async () => {
    expect(readPeImports(await readFile(path.join(vendor, 'rcedit.exe')))).toEqual({ machine: 'x86', dlls: ['KERNEL32.dll'] });
    expect(readPeImports(await readFile(path.join(vendor, '7z-arm64.exe'))).machine).toBe('arm64');
  });

  it('refuses files that are not PE images, or are cut short', async () => {
    const exe = await readFile(path.join(vendor, '7z-x64.exe'));

    expect(() => readPeImports(Buffer.from('#!/bin/sh\necho hi\n'))).toThrow(/outside the file|no MZ/);
    expect(() => readPeImports(exe.subarray(0, 200))).toThrow(/outside the file/);
  });
});

describe('breaking Pillow', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor-break-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('deletes a bundled DLL that the module really imports, and only such a DLL', async () => {
    const pil = path.join(dir, 'site-packages', 'PIL');
    await mkdir(pil, { recursive: true });
    const imaging = path.join(pil, '_imaging.cp312-win_amd64.pyd');
    await copyFile(path.join(vendor, '7z-x64.exe'), imaging); // imports msvcrt.dll among others
    await writeFile(path.join(pil, 'unrelated.dll'), 'x');
    await mkdir(path.join(dir, 'site-packages', 'pillow.libs'));
    await writeFile(path.join(dir, 'site-packages', 'pillow.libs', 'MSVCRT.DLL'), 'x');

    expect((await importedBundledDlls(imaging)).map((p) => path.basename(p))).toEqual(['MSVCRT.DLL']);
    const record = await deleteBundledDll('PIL._imaging', imaging);

    expect(record).toMatchObject({ how: 'bundled-dll', dll: 'MSVCRT.DLL', expectedCauses: ['missing-library'] });
    expect(await exists(path.join(dir, 'site-packages', 'pillow.libs', 'MSVCRT.DLL'))).toBe(false);
    expect(await exists(path.join(pil, 'unrelated.dll'))).toBe(true);
  });

  it('says so when Pillow bundles no DLL its module imports (statically linked builds)', async () => {
    const pil = path.join(dir, 'PIL');
    await mkdir(pil);
    await copyFile(path.join(vendor, '7z-x64.exe'), path.join(pil, '_imaging.pyd'));

    expect(await deleteBundledDll('PIL._imaging', path.join(pil, '_imaging.pyd'))).toBeUndefined();
  });

  it('deletes, in a conda prefix, a Library\\bin DLL owned by another package and records Pillow’s dependents', async () => {
    const imaging = path.join(dir, 'Lib', 'site-packages', 'PIL', '_imaging.pyd');
    await mkdir(path.dirname(imaging), { recursive: true });
    await copyFile(path.join(vendor, '7z-x64.exe'), imaging);
    await mkdir(path.join(dir, 'Library', 'bin'), { recursive: true });
    await writeFile(path.join(dir, 'Library', 'bin', 'OLEAUT32.dll'), 'x');
    await mkdir(path.join(dir, 'conda-meta'));
    const meta: CondaRecord[] = [
      { name: 'pillow', depends: ['libjpeg-turbo >=3.0.0,<4.0a0', 'python >=3.12,<3.13.0a0'], files: ['Lib/site-packages/PIL/_imaging.pyd'] },
      { name: 'fake-ole', depends: [], files: ['Library/bin/OLEAUT32.dll'] },
      { name: 'imageio', depends: ['numpy', 'pillow >=8.3.2'], files: [] },
    ];
    // conda writes name, version and build into every record (the file is named after them).
    for (const record of meta) await writeFile(path.join(dir, 'conda-meta', `${record.name}-1.0-0.json`), JSON.stringify({ ...record, version: '1.0', build: '0' }));

    const record = await deleteCondaLibrary('PIL._imaging', dir, imaging);

    expect(record).toMatchObject({ how: 'conda-library', dll: 'OLEAUT32.dll', owner: 'fake-ole', dependents: ['imageio'] });
    expect(await exists(path.join(dir, 'Library', 'bin', 'OLEAUT32.dll'))).toBe(false);
  });
});

describe('conda metadata helpers', () => {
  const records: CondaRecord[] = [
    { name: 'imageio', depends: ['numpy', 'pillow >=8.3.2', 'python >=3.9'], files: [] },
    { name: 'pillowfight', depends: ['pillowx'], files: [] },
    { name: 'libtiff', depends: [], files: ['Library/bin/tiff.dll'] },
  ];

  it('finds the packages that require a package by name, not by prefix', () => {
    expect(dependentsOf(records, 'pillow')).toEqual(['imageio']);
  });

  it('finds a file’s owner whatever the slashes and case', () => {
    expect(ownerOf(records, 'Library\\bin\\TIFF.dll')).toBe('libtiff');
    expect(ownerOf(records, 'Library/bin/zlib.dll')).toBeUndefined();
  });
});

describe('checking the doctor’s answers', () => {
  const record: BreakRecord = { how: 'bundled-dll', module: 'PIL._imaging', dll: 'libjpeg-62.dll', path: 'x', expectedCauses: ['missing-library'] };

  it('accepts a diagnosis whose first cause is the expected kind and names the DLL', () => {
    const diagnosis = { status: 'problem-found', causes: [{ kind: 'missing-library', title: 'LIBJPEG-62.DLL is missing', evidence: [] }] };

    expect(checkProblemDiagnosis(diagnosis, record)).toEqual([]);
  });

  it('rejects the wrong kind, a cause that does not name the DLL, and a healthy verdict', () => {
    expect(checkProblemDiagnosis({ status: 'problem-found', causes: [{ kind: 'missing-vc-runtime', title: 'libjpeg-62.dll' }] }, record)).toEqual([
      expect.stringContaining('expected one of missing-library'),
    ]);
    expect(checkProblemDiagnosis({ status: 'problem-found', causes: [{ kind: 'missing-library', title: 'zlib.dll' }] }, record)).toEqual([expect.stringContaining('does not name libjpeg-62.dll')]);
    expect(checkProblemDiagnosis({ status: 'healthy', causes: [] }, record)).toEqual([expect.stringContaining('"healthy"'), 'no cause was named.']);
    expect(checkProblemDiagnosis('not json', record)).toEqual(['diagnose --json did not print a JSON object.']);
  });

  it('wants a healthy status and no causes after the repair', () => {
    expect(checkHealthyDiagnosis({ status: 'healthy', causes: [] })).toEqual([]);
    expect(checkHealthyDiagnosis({ status: 'problem-found', causes: [{}] })).toHaveLength(2);
  });

  it('finds dependents missing from conda list --json', () => {
    expect(missingDependents([{ name: 'pillow' }, { name: 'ImageIO' }], ['imageio'])).toEqual([]);
    expect(missingDependents([{ name: 'pillow' }], ['imageio'])).toEqual(['imageio']);
  });

  it('takes the foreign module from a Python minor that still has Pillow wheels', () => {
    expect(foreignMinor(6)).toBe(7);
    expect(foreignMinor(9)).toBe(10);
    expect(foreignMinor(14)).toBe(9);
  });

  it('asks pip for the ABI tag Pillow’s wheels carry (cp37m up to 3.7, cp39 after)', () => {
    expect(cpythonAbi(3, 7)).toBe('cp37m');
    expect(cpythonAbi(3, 9)).toBe('cp39');
  });

  it('prints commands so they can be pasted into a shell', () => {
    expect(showCommand('C:\\py\\python.exe', ['-m', 'pip', 'install', 'Pillow==10.4.0', 'a b'])).toBe('C:\\py\\python.exe -m pip install Pillow==10.4.0 "a b"');
  });
});

describe('the steps, against the machine’s own Python', () => {
  const python = process.platform === 'win32' ? 'python' : 'python3';

  it('finds an extension module’s file without importing it', async () => {
    const file = await moduleFile(python, '_ctypes');

    expect(path.isAbsolute(file)).toBe(true);
    expect(path.basename(file)).toMatch(/^_ctypes.*\.(so|pyd)$/);
  });

  it('tells a working import from a failing one, with the error’s last line', async () => {
    expect(await tryImport(python, 'json')).toEqual({ ok: true });
    expect(await tryImport(python, 'no_such_module_here')).toEqual({ ok: false, error: expect.stringContaining("No module named 'no_such_module_here'") });
  });

  it('runs commands from argument arrays, never through a shell', async () => {
    const result = await run(python, ['-c', 'import sys; print(sys.argv[1])', '$(echo hacked) & echo hacked'], { quiet: true });

    expect(result).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\$\(echo hacked\) & echo hacked\r?\n$/) });
  });

  it('puts the interpreter where venv and conda put it', () => {
    const expected = process.platform === 'win32' ? path.join('env', 'Scripts', 'python.exe') : path.join('env', 'bin', 'python');

    expect(interpreterIn('env', 'venv')).toBe(expected);
  });
});
