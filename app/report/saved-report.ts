// Types that cross to the wizard: no Node imports here.

export type ReportFormat = 'json' | 'html' | 'markdown';

/** A rendered report, not yet written anywhere: the page downloads it or copies it, the desktop app saves it. */
export interface RenderedReport {
  /** A file name that sorts by time, with the format's extension ("…-full" for the complete report). */
  readonly fileName: string;
  /** The media type for a download (text/html, text/markdown, application/json; UTF-8). */
  readonly mediaType: string;
  readonly content: string;
  readonly redacted: boolean;
}

/** A report the user saved with the system's save dialog (desktop app). */
export interface SavedReport {
  readonly path: string;
  readonly redacted: boolean;
}
