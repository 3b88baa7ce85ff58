import type { PeMachine } from './module-types';
import { joinPath } from './module-fs';
import type { SearchDir } from './loader-types';
import { parsePythonVersion } from '../base/python-version';

export { parsePythonVersion };

/** Everything about the process and machine that decides where Windows looks for a DLL. */
export interface WindowsLoadContext {
  /** "3.8", "3.12", "2.7" … */
  readonly pythonVersion: string;
  /** python.org (and most) builds, or conda's patched CPython. */
  readonly distribution?: 'cpython' | 'conda';
  /** Folder of python.exe (the application directory). */
  readonly interpreterDir?: string | null;
  /** Folders added with os.add_dll_directory or an equivalent (a wheel's *.libs, Library\bin …). */
  readonly dllDirectories?: readonly string[];
  /** conda environment prefix (for its five DLL folders). */
  readonly condaPrefix?: string | null;
  /** conda < 3.10: CONDA_DLL_SEARCH_MODIFICATION_ENABLE=1 was set. */
  readonly condaDllSearchModification?: boolean;
  /** PATH entries, in order (used by Python <= 3.7 only). */
  readonly path?: readonly string[];
  readonly currentDir?: string | null;
  /** System32 (SysWOW64 for 32-bit Python), or a folder standing in for it. */
  readonly systemDir?: string | null;
  readonly windowsDir?: string | null;
  /** KnownDLLs names; defaults to DEFAULT_KNOWN_DLLS. */
  readonly knownDlls?: readonly string[];
  /** Modules already in the process: name, and the file when known (h5py after GDAL). */
  readonly loadedModules?: readonly { readonly name: string; readonly path?: string | null }[];
  /** The interpreter's CPU (from python.exe); a module for another one fails with 193. */
  readonly pythonMachine?: PeMachine | null;
  /**
   * The interpreter's machine (python.exe / pythonXY.dll), the reference for wrong-architecture
   * findings: an extension of another machine is the cause, never the interpreter's own DLLs.
   * Takes precedence over `pythonMachine` (same meaning, older name).
   */
  readonly interpreterMachine?: PeMachine | null;
  /** More folders of the environment to look in for a DLL that does export what is missing. */
  readonly environmentDirs?: readonly string[];
}

/** The five folders conda's CPython adds with AddDllDirectory, in the order the patch lists them. */
export function condaDllDirs(prefix: string): string[] {
  // Joined a segment at a time, in the prefix's own style: a Windows folder copied to Linux keeps '/'.
  const under = (...parts: string[]) => parts.reduce(joinPath, prefix);
  return [under('Library', 'mingw-w64', 'bin'), under('Library', 'usr', 'bin'), under('Library', 'bin'), under('Scripts'), under('bin')];
}

/**
 * The folders searched, in order, for the dependencies of an extension module `moduleDir/x.pyd`.
 *
 * Python >= 3.8 (bpo-36085): `Python/dynload_win.c` calls
 * `LoadLibraryExW(path, NULL, LOAD_LIBRARY_SEARCH_DEFAULT_DIRS | LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR)`:
 * the module's folder, the application folder, AddDllDirectory folders (order among them
 * unspecified), System32. No PATH, no current directory
 * (https://learn.microsoft.com/en-us/windows/win32/api/libloaderapi/nf-libloaderapi-loadlibraryexw;
 * https://docs.python.org/3/whatsnew/3.8.html#bpo-36085-whatsnew).
 *
 * Python <= 3.7: `LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH)`: the standard safe
 * order with the module's folder first: module folder, System32, Windows, current dir, PATH
 * (MS Learn "Dynamic-link library search order", "Alternate search order for unpackaged apps").
 *
 * conda's CPython (conda-forge python-feedstock `0007-Add-CondaEcosystemModifyDllSearchPath.patch`):
 * module folder, application folder, os.add_dll_directory folders, the five conda folders,
 * System32. conda builds before 3.10 ignore os.add_dll_directory unless
 * CONDA_DLL_SEARCH_MODIFICATION_ENABLE is set (conda/conda#10897).
 *
 * With CONDA_DLL_SEARCH_MODIFICATION_ENABLE set, conda's CPython (>= 3.8) adds PATH itself: the
 * patch's own description (conda-forge/python-feedstock#481, 0015-Add-CondaEcosystemModifyDllSearchPath)
 * lists the module folder, the application folder, C:\Windows, the current folder, the five conda
 * folders, PATH, os.add_dll_directory folders; System32 is no longer searched before PATH (the
 * patch's subject: "System32 does not get searched in before entries in PATH").
 *
 * The module folder is used for the whole load (all transitive dependencies); the reference notes
 * that MS Learn words DLL_LOAD_DIR as "only for dependencies of the DLL to be loaded".
 */
export function windowsSearchPath(context: WindowsLoadContext, moduleDir: string): SearchDir[] {
  const [major, minor] = parsePythonVersion(context.pythonVersion);
  const modern = major > 3 || (major === 3 && minor >= 8);
  const dirs: SearchDir[] = [{ dir: moduleDir, reason: 'dll-load-dir' }];
  if (modern && context.distribution === 'conda' && context.condaDllSearchModification === true) {
    if (context.interpreterDir) dirs.push({ dir: context.interpreterDir, reason: 'application-dir' });
    if (context.windowsDir) dirs.push({ dir: context.windowsDir, reason: 'windows-dir' });
    if (context.currentDir) dirs.push({ dir: context.currentDir, reason: 'current-dir' });
    if (context.condaPrefix) for (const dir of condaDllDirs(context.condaPrefix)) dirs.push({ dir, reason: 'conda-dir' });
    for (const dir of context.path ?? []) if (dir.trim() !== '') dirs.push({ dir, reason: 'path' });
    for (const dir of context.dllDirectories ?? []) dirs.push({ dir, reason: 'add-dll-directory', orderUnspecified: true });
    if (context.systemDir) dirs.push({ dir: context.systemDir, reason: 'system32' });
  } else if (modern) {
    if (context.interpreterDir) dirs.push({ dir: context.interpreterDir, reason: 'application-dir' });
    const conda = context.distribution === 'conda';
    const userDirsHonoured = !conda || minor >= 10 || major > 3 || context.condaDllSearchModification === true;
    if (userDirsHonoured) {
      for (const dir of context.dllDirectories ?? []) dirs.push({ dir, reason: 'add-dll-directory', orderUnspecified: true });
    }
    if (conda && context.condaPrefix) {
      for (const dir of condaDllDirs(context.condaPrefix)) dirs.push({ dir, reason: 'conda-dir' });
    }
    if (context.systemDir) dirs.push({ dir: context.systemDir, reason: 'system32' });
  } else {
    if (context.systemDir) dirs.push({ dir: context.systemDir, reason: 'system32' });
    if (context.windowsDir) dirs.push({ dir: context.windowsDir, reason: 'windows-dir' });
    if (context.currentDir) dirs.push({ dir: context.currentDir, reason: 'current-dir' });
    for (const dir of context.path ?? []) if (dir.trim() !== '') dirs.push({ dir, reason: 'path' });
  }
  // A folder listed twice is searched once, at its first place.
  const seen = new Set<string>();
  return dirs.filter((d) => {
    const key = d.dir.toLowerCase().replace(/[\\/]+$/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
