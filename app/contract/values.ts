import { z } from 'zod';
import { MODULE_NAME, MODULE_NAME_MAX } from '../base/module-name';
import { PACKAGE_NAME_MAX, PACKAGE_VERSION_MAX } from '../base/package-spec';
import { checkWindowsFolder } from '../base/windows-folder';

/**
 * Schemas for the values requests carry, shared by every operation: each value that may reach a
 * command line or the file system is checked here first.
 */

/** A job the renderer started and may follow or cancel; made by the renderer with crypto.randomUUID(). */
export const jobIdSchema = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'A job id is 8 to 64 letters, digits and dashes.');

/** An absolute path on this machine (a Python interpreter, an environment folder, a report file). */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(32_767, 'That path is longer than Windows allows.')
  .refine((p) => !p.includes('\0'), 'A path cannot contain a NUL character.')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'Give the full path (starting with / or a drive letter).');

/** A dotted Python module name (PIL._imaging), never an option or code. */
export const moduleNameSchema = z
  .string()
  .max(MODULE_NAME_MAX)
  .regex(MODULE_NAME, 'A module name is dotted Python identifiers, such as PIL._imaging.');

/**
 * A PEP 508 project name or a conda package name (conda's may start with "_": `_libgcc_mutex`); never
 * an option (--index-url=...) or a path. The engine checks it again by the receiving manager's rules.
 */
export const packageNameSchema = z
  .string()
  .max(PACKAGE_NAME_MAX)
  .regex(/^(_{0,2}[A-Za-z0-9]|_{0,2}[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9_])$/, 'A package name is letters, digits, dots, dashes and underscores (PEP 508, or conda’s names).');

/**
 * A PEP 440 version (1.2.3, 4.0.0rc1, 2!1.0.post2.dev3, 1.0+local) or a conda version (1.1.1w, 9e,
 * custom: conda/models/version.py); never an option. The engine checks it again by the manager's rules.
 */
export const versionSchema = z
  .string()
  .max(PACKAGE_VERSION_MAX)
  .regex(/^(([0-9]+!)?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?|[A-Za-z0-9][A-Za-z0-9._+!]*)$/i, 'A version looks like 4.0.0 (PEP 440) or 1.1.1w (conda).');

/**
 * An environment's folder on the Windows machine it came from (the traceback's `C:\...\Python36`,
 * or the user's correction): it only ever appears in commands shown for that machine, quoted, so
 * it may hold nothing Command Prompt or PowerShell would expand (app/base/windows-folder.ts).
 */
export const windowsFolderSchema = z
  .string()
  .max(1_000)
  .transform((value, context) => {
    const checked = checkWindowsFolder(value);
    if (checked.folder !== null) return checked.folder;
    context.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  });
