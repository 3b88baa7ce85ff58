import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildReport, shareableReport, type ReportInput } from './build-report';
import { renderHtml } from './render-html';
import { renderJson, renderMarkdown } from './render-markdown';
import type { ReportFormat, SavedReport } from './saved-report';

export type { ReportFormat, SavedReport };

const EXTENSIONS: Readonly<Record<ReportFormat, string>> = { json: 'json', html: 'html', markdown: 'md' };

/**
 * Renders a report and writes it into the reports folder under a name that sorts by time.
 * Shared copies are redacted (user name, home folder, host name); the full one stays local.
 */
export async function saveReport(input: ReportInput, format: ReportFormat, redact: boolean, reportsDir: string, now: Date = new Date()): Promise<SavedReport> {
  const full = buildReport({ ...input, now: () => now });
  const report = redact ? shareableReport(full) : full;
  const content = format === 'json' ? renderJson(report) : format === 'html' ? renderHtml(report) : renderMarkdown(report);
  await mkdir(reportsDir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(reportsDir, `python-dll-doctor-report-${stamp}${redact ? '' : '-full'}.${EXTENSIONS[format]}`);
  await writeFile(file, content, 'utf8');
  return { path: file, content, redacted: redact };
}
