/**
 * The steps of a loader's search in words ("folder of python.exe" for the simulation's
 * `application-dir`), for the wizard and the reports alike: the data keeps the loader's own name.
 */
import { message } from './format';
import type { MessageRef } from './message';

const STEPS: Readonly<Record<string, MessageRef>> = {
  system: message('word.search-step.system'),
  side_by_side: message('word.search-step.side_by_side'),
  absolute_path: message('word.search-step.absolute_path'),
  dll_load_dir: message('word.search-step.dll_load_dir'),
  application_dir: message('word.search-step.application_dir'),
  add_dll_directory: message('word.search-step.add_dll_directory'),
  add_dll_directory_conda: message('word.search-step.add_dll_directory_conda'),
  system32: message('word.search-step.system32'),
  windows: message('word.search-step.windows'),
  current_folder: message('word.search-step.current_folder'),
  path: message('word.search-step.path'),
  rpath: message('word.search-step.rpath'),
  ld_library_path: message('word.search-step.ld_library_path'),
  runpath: message('word.search-step.runpath'),
  ld_so_cache: message('word.search-step.ld_so_cache'),
  default: message('word.search-step.default'),
  known_dll: message('word.search-step.known_dll'),
  already_loaded: message('word.search-step.already_loaded'),
  api_set: message('word.search-step.api_set'),
  absolute: message('word.search-step.absolute'),
  searched: message('word.search-step.searched'),
  dyld_library_path: message('word.search-step.dyld_library_path'),
  rpath_lc_rpath: message('word.search-step.rpath_lc_rpath'),
  loader_path: message('word.search-step.loader_path'),
  executable_path: message('word.search-step.executable_path'),
  install_name: message('word.search-step.install_name'),
  dyld_fallback_library_path: message('word.search-step.dyld_fallback_library_path'),
  dyld_shared_cache: message('word.search-step.dyld_shared_cache'),
  executable: message('word.search-step.executable'),
  no_such_file: message('word.search-step.no_such_file'),
  no_such_file_not_in_dyld_cache: message('word.search-step.no_such_file_not_in_dyld_cache'),
};

/** The catalog key of a loader search step ('add_dll_directory (conda)' → add_dll_directory_conda). */
export function searchStepKey(step: string): string {
  return step.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '').toLowerCase();
}

/** A search step in words when it is one the catalogs name, else the step as the loader calls it. */
export function searchStepWords(step: string): MessageRef {
  return Object.hasOwn(STEPS, searchStepKey(step)) ? STEPS[searchStepKey(step)]! : message('word.verbatim', { text: step });
}

const MANAGERS = { pip: message('word.manager.pip'), conda: message('word.manager.conda'), system: message('word.manager.system'), unknown: message('word.manager.unknown') } as const;

/** Who installed a file, in words ("installer unknown", never the code "unknown"). */
export function managerWords(manager: keyof typeof MANAGERS): MessageRef {
  return MANAGERS[manager];
}
