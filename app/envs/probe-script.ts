/**
 * Loads the probe script (app/envs/probe.py) that runs inside each interpreter.
 *
 * The script stays a real .py file so it is linted and run by Python in tests; it is read once at run
 * time from next to this module. A bundled build must copy probe.py next to the bundle (or pass
 * `probeScriptPath`); a missing script is a clear error, not a silent fallback.
 *
 * Python compiles the whole `-c` text on every run, and that compile grew to cost about a third of
 * a description (docs/benchmarks.md): a plain description is sent without the import test's part,
 * the lines between the two marks below, which only an import asks for.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const importTestStart = '# @@import-test@@';
const importTestEnd = '# @@end-import-test@@';

let cached: { path: string; text: string; description: string } | null = null;

/**
 * The probe source; throws an Error naming the expected location when it is missing.
 * `importTest: false` leaves out the import test's part (a plain description).
 */
export function probeScript(scriptPath?: string, options: { importTest?: boolean } = {}): string {
  const file = scriptPath ?? fileURLToPath(new URL('./probe.py', import.meta.url));
  if (cached?.path !== file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`The environment probe script is missing (${file}). Reinstall the application, or pass probeScriptPath.`);
    }
    cached = { path: file, text, description: withoutImportTest(text) };
  }
  return options.importTest === false ? cached.description : cached.text;
}

/** The script without the import test's lines; the whole script when the marks are not both there once, in order. */
export function withoutImportTest(text: string): string {
  const start = text.indexOf(importTestStart);
  const end = text.indexOf(importTestEnd);
  if (start < 0 || end < start || text.indexOf(importTestStart, start + 1) >= 0 || text.indexOf(importTestEnd, end + 1) >= 0) return text;
  return text.slice(0, start) + text.slice(end + importTestEnd.length);
}
