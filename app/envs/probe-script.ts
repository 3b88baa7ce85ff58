/**
 * Loads the probe script (app/envs/probe.py) that runs inside each interpreter.
 *
 * The script stays a real .py file so it is linted and run by Python in tests; it is read once at run
 * time from next to this module. A bundled build must copy probe.py next to the bundle (or pass
 * `probeScriptPath`); a missing script is a clear error, not a silent fallback.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: { path: string; text: string } | null = null;

/** The probe source; throws an Error naming the expected location when it is missing. */
export function probeScript(scriptPath?: string): string {
  const file = scriptPath ?? fileURLToPath(new URL('./probe.py', import.meta.url));
  if (cached?.path === file) return cached.text;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`The environment probe script is missing (${file}). Reinstall the application, or pass probeScriptPath.`);
  }
  cached = { path: file, text };
  return text;
}
