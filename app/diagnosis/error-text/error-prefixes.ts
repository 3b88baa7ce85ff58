/** The environment folders an error's paths point into: read from the text alone, for the environment step and the commands for another machine. */

/**
 * A site-packages folder inside a path, and the prefix before it: Windows and conda
 * `...\Anaconda3\lib\site-packages`, a venv's `Lib\site-packages`, Linux and macOS
 * `.../lib/python3.11/site-packages` (or lib64, or Debian's dist-packages). Separators may be mixed:
 * a Windows folder copied to Linux keeps its backslashes in the traceback it produced.
 */
const SITE_PACKAGES = /((?:[A-Za-z]:)?[\\/][^"'\n\r:*?<>|]*?)[\\/][Ll][Ii][Bb](?:64)?[\\/](?:python\d+(?:\.\d+)?t?[\\/])?(?:site|dist)-packages(?=[\\/"'\s,]|$)/g;

/**
 * The environment folders (sys.prefix) the paths in an error point into, the one named most often
 * first (ties: the one named last, nearest the error line).
 */
export function prefixesNamedInError(text: string): string[] {
  const seen = new Map<string, { count: number; last: number }>();
  for (const match of text.matchAll(SITE_PACKAGES)) {
    const prefix = match[1]!.replace(/\s+$/, '');
    if (prefix.length < 2) continue;
    const entry = seen.get(prefix) ?? { count: 0, last: 0 };
    seen.set(prefix, { count: entry.count + 1, last: match.index });
  }
  return [...seen.entries()].sort((a, b) => b[1].count - a[1].count || b[1].last - a[1].last).map(([prefix]) => prefix);
}
