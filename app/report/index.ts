/**
 * The report's public API: build one versioned report, render it as JSON, HTML or Markdown,
 * redacted for sharing unless `{ redact: false }` (docs/report-schema.md).
 */
export { buildReport, shareableReport, type ReportInput } from './build-report';
export { currentIdentity, redactor, type Identity } from './redact';
export { renderHtml, escapeHtml, type RenderOptions } from './render-html';
export { renderMarkdown, renderJson } from './render-markdown';
export { reportSchema, reportJsonSchema, actionLogSchema, verificationSchema, REPORT_SCHEMA_VERSION, type Report, type ActionLog, type Verification } from './schema';
