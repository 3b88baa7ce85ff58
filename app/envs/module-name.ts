/**
 * Validation of module names that reach an interpreter's command line.
 *
 * The name travels as JSON in argv, never inside code, and must be a dotted Python identifier
 * (https://docs.python.org/3/reference/lexical_analysis.html#identifiers, ASCII subset).
 */
const dotted = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Returns an error sentence, or null when the name is acceptable. */
export function checkModuleName(name: string): string | null {
  if (name.length === 0 || name.length > 200) return 'The module name must be 1 to 200 characters long.';
  if (!dotted.test(name)) return `"${name}" is not a Python module name: use dotted identifiers such as numpy or PIL._imaging.`;
  return null;
}
