/**
 * The one rule for the Python version the Windows loader rules are chosen by (3.8 changed them):
 * the loader simulation, the CLI's --python-version and the contract's inspect request all parse
 * with this, so a version accepted in one place is accepted in all.
 */

/** [major, minor] of "3.8", "3.12" or "3.12.1" (surrounding blanks ignored); throws a sentence for anything else. */
export function parsePythonVersion(version: string): [number, number] {
  const match = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  if (!match) throw new Error(`"${version}" is not a Python version like 3.8 or 3.12`);
  return [Number(match[1]), Number(match[2])];
}
