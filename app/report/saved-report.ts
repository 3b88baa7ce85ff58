// Types that cross to the wizard: no Node imports here.

export type ReportFormat = 'json' | 'html' | 'markdown';

/** A report written to the reports folder, with its text for copying. */
export interface SavedReport {
  readonly path: string;
  readonly content: string;
  readonly redacted: boolean;
}
