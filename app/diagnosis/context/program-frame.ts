/**
 * The program behind a traceback: its outermost frame that is the user's own file (not the
 * environment's packages, not frozen or interactive code), with the line that started the failing
 * import. Python prints frames outermost first ("most recent call last").
 */
const FRAME = /^\s*File "([^"]+)", line (\d+), in (.+)$/;

export interface ProgramFrame {
  readonly file: string;
  readonly line: number;
}

/** Whether `file` lies inside `prefix` (either separator, case-insensitive for Windows paths). */
function inside(file: string, prefix: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const windows = /^[A-Za-z]:/.test(prefix);
  const f = windows ? norm(file).toLowerCase() : norm(file);
  const p = windows ? norm(prefix).toLowerCase() : norm(prefix);
  return f.startsWith(`${p}/`);
}

/** The outermost frame of the last traceback in `text` that runs the user's program, or null. */
export function programFrame(text: string, prefix: string): ProgramFrame | null {
  const lines = text.split(/\r?\n/);
  // The last traceback: frames after the last "Traceback (most recent call last):".
  const start = lines.map((l) => l.trim()).lastIndexOf('Traceback (most recent call last):');
  for (const line of lines.slice(Math.max(0, start))) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[1] as string;
    if (file.startsWith('<') || !/\.pyw?$/i.test(file) || inside(file, prefix) || /[\\/](site|dist)-packages[\\/]/i.test(file)) continue;
    return { file, line: Number(m[2]) };
  }
  return null;
}

/**
 * The installed module whose code ran the failing import: the innermost frame of the last
 * traceback in a site-packages folder, as a dotted name (".../site-packages/flash_attn/__init__.py"
 * is flash_attn). Its import is what loads the failing module in real use.
 */
export function importingModule(text: string): string | null {
  const lines = text.split(/\r?\n/);
  const start = lines.map((l) => l.trim()).lastIndexOf('Traceback (most recent call last):');
  let found: string | null = null;
  for (const line of lines.slice(Math.max(0, start))) {
    const m = FRAME.exec(line);
    const at = m ? /[\\/](?:site|dist)-packages[\\/](.+)\.py$/i.exec(m[1] as string) : null;
    if (!at) continue;
    const parts = (at[1] as string).split(/[\\/]/);
    if (parts.at(-1) === '__init__') parts.pop();
    const name = parts.join('.');
    if (/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(name)) found = name;
  }
  return found;
}
