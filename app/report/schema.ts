/**
 * The diagnostic report: one versioned schema for what the JSON, HTML and Markdown exports hold.
 *
 * `schemaVersion` changes only when a field is removed or changes meaning; new optional fields keep
 * the version. The published JSON Schema (report-schema.json) is generated from this definition
 * (scripts/generate-report-schema.ts) and documented in docs/report-schema.md.
 */
import { z } from 'zod';
import { diagnosisSchema, environmentSummarySchema, parsedErrorSchema } from '../diagnosis/types';

export const REPORT_SCHEMA_VERSION = 1;

export const actionLogSchema = z.object({
  /** The remedy this action carried out, when it came from one. */
  remedyId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.enum(['succeeded', 'failed', 'rolled-back', 'skipped']),
  /** The argument array that ran (never a shell line), when a command ran. */
  command: z.array(z.string()).nullable(),
  log: z.string(),
});
export type ActionLog = z.infer<typeof actionLogSchema>;

export const verificationSchema = z.object({
  status: z.enum(['passed', 'failed', 'not-run']),
  detail: z.string(),
  modules: z.array(z.object({ module: z.string(), ok: z.boolean(), message: z.string().nullable() })),
});
export type Verification = z.infer<typeof verificationSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  /** logFile: where the app logged every command and error of this session (attach it to a bug report). */
  app: z.object({ name: z.string(), version: z.string(), logFile: z.string().nullable().optional() }),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  /** Whether user name, home folder and host name were replaced, and by what. */
  redaction: z.object({ applied: z.boolean(), replaced: z.array(z.string()) }),
  environment: environmentSummarySchema,
  /** The error as the user gave it, with what the reader recognised in it. */
  error: z.object({ text: z.string(), parsed: parsedErrorSchema }).nullable(),
  diagnosis: diagnosisSchema,
  actions: z.array(actionLogSchema),
  verification: verificationSchema.nullable(),
});
export type Report = z.infer<typeof reportSchema>;

/** The JSON Schema (draft 2020-12) of the report, as published in report-schema.json. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://python-dll-doctor.invalid/report-schema-v${REPORT_SCHEMA_VERSION}.json`,
    title: 'Python DLL Doctor diagnostic report',
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }),
  } as Record<string, unknown>;
}
