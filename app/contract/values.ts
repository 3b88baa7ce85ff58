import { z } from 'zod';
import { MODULE_NAME, MODULE_NAME_MAX } from '../base/module-name';
import { PACKAGE_NAME, PACKAGE_NAME_MAX, PACKAGE_VERSION, PACKAGE_VERSION_MAX } from '../base/package-spec';

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

/** A PEP 508 project name; never an option (--index-url=...) or a path. */
export const packageNameSchema = z
  .string()
  .max(PACKAGE_NAME_MAX)
  .regex(PACKAGE_NAME, 'A package name is letters, digits, dots, dashes and underscores (PEP 508).');

/** A PEP 440 version as pip and conda accept it (1.2.3, 4.0.0rc1, 2!1.0.post2.dev3, 1.0+local). */
export const versionSchema = z
  .string()
  .max(PACKAGE_VERSION_MAX)
  .regex(PACKAGE_VERSION, 'A version looks like 4.0.0 (PEP 440).');
