/**
 * The report's public API: build one versioned report, render it as JSON, HTML or Markdown,
 * redacted for sharing unless `{ redact: false }` (docs/report-schema.md).
 */
export { buildReport, shareableReport, type ReportInput } from './build-report';
export { reportOutcome, OUTCOME_TITLE } from './outcome';
export { currentIdentity, redactor, type Identity } from './redact';
export { renderHtml, escapeHtml, type RenderOptions } from './render-html';
export { renderMarkdown, renderJson } from './render-markdown';
export { renderReport, type RenderReportOptions } from './render-report';
export {
  reportSchema,
  reportJsonSchema,
  actionLogSchema,
  verificationSchema,
  repairResultSchema,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ActionLog,
  type Verification,
  type RepairResult,
  type Outcome,
} from './schema';
