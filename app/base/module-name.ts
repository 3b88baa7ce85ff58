/**
 * The one rule for module names that reach an interpreter's command line or stdin.
 *
 * The name travels as JSON in argv or on stdin, never inside code, and must be a dotted Python
 * identifier (https://docs.python.org/3/reference/lexical_analysis.html#identifiers, ASCII subset).
 * The contract's schema, the CLI's options, the environment description and the import tests all
 * check with this, so a name accepted in one place is accepted in all.
 */
export const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
export const MODULE_NAME_MAX = 512;

/** Whether a value is a dotted module name of at most MODULE_NAME_MAX characters. */
export function isModuleName(name: string): boolean {
  return name.length <= MODULE_NAME_MAX && MODULE_NAME.test(name);
}

/** Returns an error sentence, or null when the name is acceptable. */
export function checkModuleName(name: string): string | null {
  if (name.length === 0 || name.length > MODULE_NAME_MAX) return `The module name must be 1 to ${MODULE_NAME_MAX} characters long.`;
  if (!MODULE_NAME.test(name)) return `"${name}" is not a Python module name: use dotted identifiers such as numpy or PIL._imaging.`;
  return null;
}
