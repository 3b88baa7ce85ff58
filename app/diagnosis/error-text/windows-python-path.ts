/**
 * The python.exe of a copied Windows environment as its own machine knows it: the folder its
 * traceback names (`C:\Users\...\Python36`), not this machine's copy (issue 26, finding 5).
 */
import { checkWindowsFolder, windowsPythonIn } from '../../base/windows-folder';
import { prefixesNamedInError } from './error-prefixes';

/** `"C:\...\Python36\python.exe"` (quoted for cmd.exe and PowerShell alike) from the first Windows prefix an error names; null when it names none, or none a command line can hold safely. */
export function windowsPythonFromError(errorText: string | null, venv: boolean): string | null {
  if (!errorText) return null;
  const prefix = prefixesNamedInError(errorText).find((p) => /^[A-Za-z]:[\\/]/.test(p));
  // The rule every folder for that machine passes (no quote, %, $, ` or !), as the Fix step's field does.
  const checked = prefix === undefined ? null : checkWindowsFolder(prefix);
  return checked?.folder ? windowsPythonIn(checked.folder, venv) : null;
}
