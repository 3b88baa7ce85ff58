/**
 * The one rule by which two Windows paths name the same file.
 *
 * Windows compares paths case-insensitively (NTFS folds case with a one-to-one upper-case table),
 * takes `/` and `\` alike, and accepts the same file under several spellings: the `\\?\` long-path
 * prefix (`\\?\C:\x`, `\\?\UNC\server\share\x`), doubled separators, `.` and `..` components, a
 * trailing separator, and a drive-relative form (`C:x`, relative to that drive's current folder).
 * https://learn.microsoft.com/en-us/dotnet/standard/io/file-path-formats
 * https://learn.microsoft.com/en-us/windows/win32/fileio/naming-a-file
 *
 * Discovery, the environment description, file ownership, the repair lock and snapshot keys and the
 * evidence all compare through `windowsPathKey`, so `C:\Python38\Lib` and `c:/python38/lib/` are one
 * folder everywhere. Keys use `/` as their separator and are for comparison only, never for display.
 */
import path from 'node:path';

/** Lower-cases character by character, keeping characters whose lower case is not one character (NTFS maps one to one). */
function foldCase(text: string): string {
  let out = '';
  for (const c of text) {
    const lower = c.toLowerCase();
    out += lower.length === c.length ? lower : c;
  }
  return out;
}

/** `\\?\C:\x` → `C:\x`, `\\?\UNC\s\share\x` → `\\s\share\x`, `\??\` alike (the NT object-manager spelling). */
function withoutLongPathPrefix(p: string): string {
  const m = /^[\\/]{2}[?.][\\/](.*)$/s.exec(p) ?? /^[\\/]\?\?[\\/](.*)$/s.exec(p);
  if (!m) return p;
  const rest = m[1] ?? '';
  return /^unc[\\/]/i.test(rest) ? `\\\\${rest.slice(4)}` : rest;
}

/**
 * The comparison key of a Windows path: the same key for every spelling of one file.
 *
 * `cwd` resolves a relative or drive-relative path (`C:x` is relative to the current folder when
 * that is on drive C:, else to C:'s root, as cmd.exe does without a remembered folder for the
 * drive); without it such a path keeps its relative form.
 */
export function windowsPathKey(p: string, cwd?: string): string {
  let s = withoutLongPathPrefix(p.replace(/\//g, '\\'));
  const driveRelative = /^([a-zA-Z]):(?![\\])(.*)$/s.exec(s);
  if (driveRelative) {
    const drive = `${driveRelative[1]}:`;
    const base = cwd && cwd.slice(0, 2).toLowerCase() === drive.toLowerCase() ? cwd : `${drive}\\`;
    s = path.win32.join(withoutLongPathPrefix(base.replace(/\//g, '\\')), driveRelative[2] ?? '');
  } else if (cwd && !path.win32.isAbsolute(s)) {
    s = path.win32.join(withoutLongPathPrefix(cwd.replace(/\//g, '\\')), s);
  } else if (cwd && /^\\(?!\\)/.test(s)) {
    // Rooted without a drive: on the current folder's drive.
    s = `${cwd.slice(0, 2)}${s}`;
  }
  s = path.win32.normalize(s);
  // A trailing separator names the same folder, except at a root (`C:\`, `\\server\share\`).
  const root = path.win32.parse(s).root;
  if (s.length > root.length) s = s.replace(/\\+$/, '');
  return foldCase(s.replace(/\\/g, '/'));
}

/** Whether two Windows paths name the same file or folder. */
export function sameWindowsPath(a: string, b: string, cwd?: string): boolean {
  return windowsPathKey(a, cwd) === windowsPathKey(b, cwd);
}

/** Whether `child` is `parent` or lies under it, by the Windows rule. */
export function windowsPathWithin(child: string, parent: string): boolean {
  const c = windowsPathKey(child);
  const p = windowsPathKey(parent).replace(/\/$/, '');
  return c === p || c.startsWith(`${p}/`);
}
