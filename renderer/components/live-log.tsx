import { useEffect, useRef, useState } from 'react';
import type { MessageRef } from '../../app/messages';

export interface LogLine {
  readonly stream: 'stdout' | 'stderr' | 'info';
  readonly line: string;
  /** The engine's message behind a line it wrote itself (the caller writes it in the page's language). */
  readonly messages?: { readonly line: MessageRef };
}

const ROW_HEIGHT = 20;
const OVERSCAN = 20;

/**
 * A command's output as it arrives. Only the rows in view are in the DOM, so thousands of lines
 * stay fast; it follows the end unless the user has scrolled up to read.
 */
export function LiveLog({ lines, label, height = 320 }: { readonly lines: readonly LogLine[]; readonly label: string; readonly height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [follow, setFollow] = useState(true);

  useEffect(() => {
    const element = box.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [lines.length, follow]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div
      ref={box}
      className="live-log"
      style={{ height }}
      role="log"
      aria-label={label}
      aria-live="polite"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        setScrollTop(element.scrollTop);
        setFollow(element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT);
      }}
    >
      <div style={{ height: lines.length * ROW_HEIGHT, position: 'relative' }}>
        {lines.slice(first, last).map((entry, index) => (
          <div key={first + index} className={`log-line log-${entry.stream}`} style={{ top: (first + index) * ROW_HEIGHT, height: ROW_HEIGHT }}>
            {entry.line}
          </div>
        ))}
      </div>
    </div>
  );
}
