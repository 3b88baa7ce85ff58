import { nodeHost, type CondaRecord as EnvCondaRecord } from '../../app/envs';
import { parseDependency } from '../../app/envs/conda-spec';
import { readCondaRecords } from '../../app/envs/distributions';
import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BreakRecord } from './expectations';
import { foreignMinor } from './expectations';
import { readPeImports } from './pe-imports';
import { runChecked } from './process';

/**
 * The ways the acceptance runs break a real Pillow install, each the way it breaks in the wild:
 * a bundled DLL gone (an antivirus quarantine, a half-finished upgrade), an extension module built for
 * another Python (wheels copied between environments), a conda library package's DLL gone (a broken
 * dependency package, like libtiff 4.0.10 in ContinuumIO/anaconda-issues#10553).
 */

/** Where an extension module's dependencies can sit for a pip-installed Pillow. */
function bundledDllFolders(imaging: string): string[] {
  const pil = path.dirname(imaging);
  const site = path.dirname(pil);
  return [pil, path.join(site, 'pillow.libs'), path.join(site, 'Pillow.libs')];
}

async function listDlls(folder: string): Promise<string[]> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  return entries.filter((name) => name.toLowerCase().endsWith('.dll')).map((name) => path.join(folder, name));
}

/** The bundled DLLs _imaging imports directly (case-insensitive, as Windows compares names). */
export async function importedBundledDlls(imaging: string): Promise<string[]> {
  const imports = new Set(readPeImports(await readFile(imaging)).dlls.map((d) => d.toLowerCase()));
  const found: string[] = [];
  for (const folder of bundledDllFolders(imaging)) {
    for (const dll of await listDlls(folder)) if (imports.has(path.basename(dll).toLowerCase())) found.push(dll);
  }
  return found;
}

/** Deletes the first bundled DLL _imaging imports; undefined when Pillow links everything statically. */
export async function deleteBundledDll(module: string, imaging: string): Promise<BreakRecord | undefined> {
  const [victim] = await importedBundledDlls(imaging);
  if (!victim) return undefined;
  await rm(victim);
  return { how: 'bundled-dll', module, dll: path.basename(victim), path: victim, expectedCauses: ['missing-library'] };
}

/**
 * Overwrites _imaging with the same module from Pillow's wheel for another CPython minor, fetched
 * with `pip download`; the module then needs pythonXY.dll of that other Python.
 */
export async function swapInForeignPythonModule(module: string, python: string, imaging: string, workDir: string): Promise<BreakRecord> {
  const version = await runChecked(python, ['-c', 'import sys; print("%d %d" % sys.version_info[:2])']);
  const [major, minor] = version.stdout.trim().split(' ').map(Number) as [number, number];
  const other = foreignMinor(minor);
  const tag = `${major}${other}`;
  const downloads = path.join(workDir, `pillow-cp${tag}`);
  await runChecked(python, ['-m', 'pip', 'download', 'Pillow', '--only-binary=:all:', '--no-deps', '--platform', 'win_amd64', '--python-version', `${major}.${other}`, '--implementation', 'cp', '--abi', cpythonAbi(major, other), '-d', downloads]);
  const wheel = (await readdir(downloads)).find((name) => name.endsWith('.whl'));
  if (!wheel) throw new Error(`pip download left no wheel in ${downloads}.`);
  const extracted = path.join(workDir, `_imaging.cp${tag}.pyd`);
  // Python's zipfile reads the wheel: the script and paths go in as arguments, never into the code.
  await runChecked(python, [
    '-c',
    'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nname = [n for n in z.namelist() if n.startswith("PIL/_imaging.") and n.endswith(".pyd")][0]\nopen(sys.argv[2], "wb").write(z.read(name))',
    path.join(downloads, wheel),
    extracted,
  ]);
  await copyFile(extracted, imaging);
  return { how: 'foreign-python', module, dll: `python${tag}.dll`, path: imaging, expectedCauses: ['python-abi-mismatch'] };
}

/** The wheel ABI tag of a CPython version: 3.7 and older carry the "m" (pymalloc) suffix (PEP 3149). */
export function cpythonAbi(major: number, minor: number): string {
  return major === 3 && minor <= 7 ? `cp${major}${minor}m` : `cp${major}${minor}`;
}

/** One conda package record (the fields used here), as app/envs reads conda-meta: the one reader. */
export type CondaRecord = Pick<EnvCondaRecord, 'name' | 'depends' | 'files'>;

export function readCondaMeta(prefix: string): Promise<CondaRecord[]> {
  return readCondaRecords(nodeHost(), prefix);
}

/** Packages whose requirements name `target` (a `depends` entry's name, by conda's match-spec grammar). */
export function dependentsOf(records: readonly CondaRecord[], target: string): string[] {
  return records.filter((r) => r.depends.some((d) => parseDependency(d).name === target.toLowerCase())).map((r) => r.name);
}

/** Which package's file list holds `relativePath` (forward slashes, case-insensitive). */
export function ownerOf(records: readonly CondaRecord[], relativePath: string): string | undefined {
  const wanted = relativePath.replaceAll('\\', '/').toLowerCase();
  return records.find((r) => r.files.some((f) => f.replaceAll('\\', '/').toLowerCase() === wanted))?.name;
}

/** Deletes a DLL in <prefix>/Library/bin that _imaging imports and another conda package owns. */
export async function deleteCondaLibrary(module: string, prefix: string, imaging: string): Promise<BreakRecord> {
  const records = await readCondaMeta(prefix);
  const imports = readPeImports(await readFile(imaging)).dlls;
  const libraryBin = path.join(prefix, 'Library', 'bin');
  const present = new Map((await readdir(libraryBin)).map((name) => [name.toLowerCase(), name]));
  for (const dll of imports) {
    const name = present.get(dll.toLowerCase());
    if (!name) continue;
    const owner = ownerOf(records, `Library/bin/${name}`);
    if (!owner || owner.toLowerCase() === 'pillow' || owner.toLowerCase() === 'python') continue;
    const victim = path.join(libraryBin, name);
    await rm(victim);
    return { how: 'conda-library', module, dll: name, path: victim, owner, dependents: dependentsOf(records, 'pillow'), expectedCauses: ['missing-library'] };
  }
  throw new Error(`_imaging imports none of the DLLs in ${libraryBin} that a conda package other than pillow owns (imports: ${imports.join(', ')}).`);
}
