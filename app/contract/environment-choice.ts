// Types that cross to the wizard: no Node imports here.
import type { MessageRef } from '../messages';

/** One Python environment the user can choose to examine, whatever found it. */
export interface EnvironmentChoice {
  /** The interpreter to diagnose with (python.exe for an offline Windows folder). */
  readonly python: string;
  /** The environment's folder (sys.prefix), used to tell which environment an error came from. */
  readonly prefix: string | null;
  /** "CPython 3.11.7", or the file name when the interpreter cannot say. */
  readonly label: string;
  readonly version: string | null;
  /** "64-bit", "x64", ... */
  readonly architecture: string | null;
  /** What kind of environment it is: venv, conda, system, offline Windows folder. */
  readonly kind: string;
  /** How it was found, as a phrase that starts a sentence: "Found on PATH (python3)", "Added by you", ... */
  readonly sources: readonly string[];
  /** The same phrases as message ids (app/messages), for the wizard's language. */
  readonly sourceMessages?: readonly MessageRef[];
  /** ok: it runs here; offline: a Windows folder examined from its files; failed: it cannot run. */
  readonly status: 'ok' | 'offline' | 'failed';
  /** Why it failed, in words a user understands. */
  readonly message?: string;
  /** The message behind `message`, for the wizard's language. */
  readonly messages?: { readonly message: MessageRef };
}

/** The environment an error's paths point into (findEnvironmentInError). */
export interface EnvironmentFromError {
  /** Every environment folder the error's paths name, most likely first (they may not exist here). */
  readonly named: readonly string[];
  /** The first of them that is here and is a Python environment, described; null when none is. */
  readonly environment: EnvironmentChoice | null;
  /**
   * The first named folder that is a Windows path usable in commands for that machine (quoted, nothing
   * a shell expands: app/base/windows-folder.ts), spelt as Windows does; null when none is. A copied
   * environment's fix commands use it, and the user may correct it.
   */
  readonly windowsFolder: string | null;
}

/** A package's version as installed in an environment now (installedVersions); null when it is not installed. */
export interface InstalledVersion {
  readonly package: string;
  readonly version: string | null;
}
