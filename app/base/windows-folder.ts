/**
 * A Windows folder as its own machine names it (`C:\Users\Ana Lee\AppData\Local\Programs\Python\Python36`),
 * for the commands a user runs there: the rule every such value passes before it reaches a command line.
 *
 * The commands are written for cmd.exe and pasted into PowerShell too, so the folder is put in
 * double quotes and may hold nothing either shell expands or ends inside quotes: `"` (ends the
 * quote), `%` (cmd.exe variables, even inside quotes), `$` and `` ` `` (PowerShell expansion and
 * escape), `!` (cmd.exe delayed expansion), and nothing Windows forbids in a file name
 * (https://learn.microsoft.com/windows/win32/fileio/naming-a-file: `< > | * ?` and control characters).
 */
import { message } from '../messages';
import { DoctorError } from './errors';

const MAX_LENGTH = 240;

/** Why the value cannot be used as that folder (a sentence), or null when it can. */
export function windowsFolderProblem(value: string): string | null {
  if (value.length === 0 || value.length > MAX_LENGTH) return `The folder must be 1 to ${MAX_LENGTH} characters long.`;
  if (!/^(?:[A-Za-z]:\\|\\\\[^\\]+\\[^\\]+)/.test(value.replace(/\//g, '\\'))) return 'The folder must be a full Windows path, such as C:\\Users\\you\\AppData\\Local\\Programs\\Python\\Python36 or \\\\server\\share\\env.';
  // eslint-disable-next-line no-control-regex
  const bad = /["%$`!<>|*?:\u0000-\u001f]/.exec(value.slice(2));
  if (bad) return `The folder may not contain ${JSON.stringify(bad[0])}: a command line cannot hold it safely in both Command Prompt and PowerShell.`;
  if (/(^|[\\/])\.\.([\\/]|$)/.test(value)) return 'The folder may not contain "..".';
  return null;
}

/** The folder in Windows' own spelling and checked: the one way every host and the engine take such a value. */
export function checkWindowsFolder(value: string): { readonly folder: string; readonly problem: null } | { readonly folder: null; readonly problem: string } {
  const folder = normalizeWindowsFolder(value);
  const problem = windowsFolderProblem(folder);
  return problem === null ? { folder, problem: null } : { folder: null, problem };
}

/** The folder a user gave for an environment on its own machine, checked again where it is used (any host may call the engine); a worded error when it cannot be used. */
export function windowsHome(value: string): string {
  const checked = checkWindowsFolder(value);
  if (checked.folder === null) throw new DoctorError('invalid-windows-folder', message('error.invalid-windows-folder', { value: JSON.stringify(value.slice(0, 80)), problem: checked.problem }), message('error.invalid-windows-folder.what'));
  return checked.folder;
}

/** The folder in Windows' own spelling: backslashes, no trailing one (a drive root keeps it). */
export function normalizeWindowsFolder(value: string): string {
  const backslashed = value.trim().replace(/\//g, '\\');
  return /^[A-Za-z]:\\$/.test(backslashed) ? backslashed : backslashed.replace(/\\+$/, '');
}

/**
 * A file in a checked Windows folder as one argument for cmd.exe and PowerShell alike: in double
 * quotes (the folder holds no `"`, `%`, `$`, `` ` `` or `!`, see windowsFolderProblem). The one quoting
 * of every command for that machine: the Fix step's commands, its check and the diagnosis' "how to check".
 */
export function inWindowsFolder(folder: string, relative: string): string {
  return `"${folder}\\${relative}"`;
}

/** The python.exe of an environment in that folder, quoted (a venv keeps it in Scripts\). */
export function windowsPythonIn(folder: string, venv: boolean): string {
  return inWindowsFolder(folder, venv ? 'Scripts\\python.exe' : 'python.exe');
}
