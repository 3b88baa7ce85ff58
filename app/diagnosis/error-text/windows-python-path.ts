/**
 * The python.exe of a copied Windows environment as its own machine knows it: the folder its
 * traceback names (`C:\Users\...\Python36`), not this machine's copy (issue 26, finding 5).
 */
import { prefixesNamedInError } from './error-prefixes';

/** `"C:\...\Python36\python.exe"` (quoted for cmd.exe and PowerShell alike) from the first Windows prefix an error names; null when it names none. */
export function windowsPythonFromError(errorText: string | null, venv: boolean): string | null {
  if (!errorText) return null;
  const prefix = prefixesNamedInError(errorText).find((p) => /^[A-Za-z]:[\\/]/.test(p));
  // A double quote cannot be part of a Windows path; quoting works the same in both shells.
  if (!prefix || prefix.includes('"')) return null;
  return `"${prefix.replace(/\//g, '\\')}\\${venv ? 'Scripts\\python.exe' : 'python.exe'}"`;
}
