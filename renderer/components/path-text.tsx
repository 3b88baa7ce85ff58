/** Shortens a long path in the middle, keeping its start and its file name visible. */
export function shortenMiddle(text: string, max = 64): string {
  if (text.length <= max) return text;
  const keepEnd = Math.ceil((max - 1) * 0.6);
  const keepStart = max - 1 - keepEnd;
  return `${text.slice(0, keepStart)}…${text.slice(text.length - keepEnd)}`;
}

/** A file path, shortened in the middle, whole on hover and when copied. */
export function PathText({ path, max }: { readonly path: string; readonly max?: number }) {
  const short = shortenMiddle(path, max);
  return (
    <code className="path" title={path} data-full-path={path} onCopy={(event) => {
      event.clipboardData.setData('text/plain', path);
      event.preventDefault();
    }}>
      {short}
    </code>
  );
}
