import { z } from 'zod';
import { parsePythonVersion } from '../base/python-version';
import type { BinaryReadErrorCode } from '../binary/binary-errors';
import type { LoadSimulation } from '../binary/loader-types';
import type { BinaryModule } from '../binary/module-types';
import { absolutePathSchema, jobIdSchema } from './values';

/** A Windows PATH entry as given (Python 3.7 and earlier search it; relative entries count from the current folder). */
const pathEntrySchema = z
  .string()
  .min(1)
  .max(32_767, 'That path is longer than Windows allows.')
  .refine((p) => !p.includes('\0'), 'A path cannot contain a NUL character.');

/** A DLL or shared object named without a folder (kernel32.dll, libm.so.6). */
const libraryNameSchema = z
  .string()
  .min(1)
  .max(260, 'A file name is at most 260 characters.')
  .refine((n) => !/[\0\\/]/.test(n), 'A library name has no folder in it: give a full path for a file.');

/**
 * What `inspectModule` is asked: one file, and the loader rules its load is simulated under (the
 * CLI's `inspect` options). Requests naming the same `runId` share every dependency read and every
 * Windows name resolution, so a folder of a thousand modules reads each shared DLL once.
 */
export const inspectModuleRequestSchema = z
  .object({
    path: absolutePathSchema,
    /** Files of one run (one `inspect` command) share their reads; any id the caller made. */
    runId: jobIdSchema.optional(),
    /** The Python whose loader rules apply on Windows (3.8+ no longer searches PATH). */
    pythonVersion: z
      .string()
      .max(32)
      .refine((v) => {
        try {
          parsePythonVersion(v);
          return true;
        } catch {
          return false;
        }
      }, 'A Python version looks like 3.8 or 3.12.'),
    /** Windows: os.add_dll_directory folders; Linux: LD_LIBRARY_PATH entries. */
    searchPath: z.array(absolutePathSchema).max(1_000),
    /** Windows: a folder standing in for System32; null: the machine's own (on Windows) or none. */
    systemDir: absolutePathSchema.nullable(),
    /** Windows: python.exe's folder. */
    interpreterDir: absolutePathSchema.nullable(),
    /** Windows: the conda environment whose Python adds its five DLL folders. */
    condaPrefix: absolutePathSchema.nullable(),
    /** Windows: PATH entries; empty: the machine's own %PATH% on Windows, none elsewhere. */
    pathDirs: z.array(pathEntrySchema).max(1_000),
    /** Modules already loaded in the process, by name or by file (the file wins over every folder). */
    loaded: z.array(z.object({ name: libraryNameSchema, path: absolutePathSchema.optional() }).strict()).max(1_000),
  })
  .strict();

export type InspectModuleRequest = z.output<typeof inspectModuleRequestSchema>;

/** Why a file could not be read as a module: the binary reader's code, the file, and what to do. */
export interface InspectReadError {
  readonly code: BinaryReadErrorCode;
  readonly path: string;
  readonly message: string;
}

/**
 * One file inspected: its tables and its simulated load (null for a Mach-O file, read but not
 * simulated), or why it is no readable module. A bad file is an answer, not a failed request: a
 * folder of thousands is reported file by file.
 */
export type InspectedModule =
  | { readonly module: BinaryModule; readonly simulation: LoadSimulation | null }
  | { readonly error: InspectReadError };
