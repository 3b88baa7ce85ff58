/**
 * One report rendered in the format the user chose, with a file name and media type: what the
 * wizard downloads (browser mode), copies, or the desktop app writes where the save dialog says.
 */
import { buildReport, shareableReport, type ReportInput } from './build-report';
import { renderHtml } from './render-html';
import { renderJson, renderMarkdown } from './render-markdown';
import type { ReportFormat, RenderedReport } from './saved-report';
import type { Identity } from './redact';

export type { ReportFormat, RenderedReport };

const FILE_TYPES: Readonly<Record<ReportFormat, { extension: string; mediaType: string }>> = {
  json: { extension: 'json', mediaType: 'application/json;charset=utf-8' },
  html: { extension: 'html', mediaType: 'text/html;charset=utf-8' },
  markdown: { extension: 'md', mediaType: 'text/markdown;charset=utf-8' },
};

export interface RenderReportOptions {
  /** Hide user name, home folder and host name (the shareable copy); false gives the complete report. */
  readonly redact: boolean;
  /** BCP 47 locale for dates and numbers (the user's); the JSON keeps ISO timestamps. */
  readonly locale?: string;
  readonly timeZone?: string;
  readonly identity?: Identity;
  /** The language of the HTML and Markdown sentences ('en', 'de'); English by default. */
  readonly language?: string;
}

export function renderReport(input: ReportInput, format: ReportFormat, options: RenderReportOptions): RenderedReport {
  const full = buildReport(input);
  // Redacted once here; the renderers then get the report exactly as it is to appear.
  const report = options.redact ? shareableReport(full, options.identity) : full;
  const how = { redact: false, locale: options.locale, timeZone: options.timeZone, language: options.language };
  const content = format === 'json' ? renderJson(report, how) : format === 'html' ? renderHtml(report, how) : renderMarkdown(report, how);
  const stamp = report.generatedAt.replace(/[:.]/g, '-');
  const { extension, mediaType } = FILE_TYPES[format];
  return { fileName: `python-dll-doctor-report-${stamp}${options.redact ? '' : '-full'}.${extension}`, mediaType, content, redacted: options.redact };
}
