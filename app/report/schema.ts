/**
 * The diagnostic report: one versioned schema for what the JSON, HTML and Markdown exports hold.
 *
 * `schemaVersion` changes only when a field is removed or changes meaning; new optional fields keep
 * the version. The published JSON Schema (report-schema.json) is generated from this definition
 * (scripts/generate-report-schema.ts) and documented in docs/report-schema.md.
 */
import { z } from 'zod';
import { diagnosisSchema, environmentSummarySchema, parsedErrorSchema } from '../diagnosis/types';
import { fieldMessagesSchema, messageRefSchema } from '../messages/schema';

export const REPORT_SCHEMA_VERSION = 1;

export const actionLogSchema = z.object({
  /** The remedy this action carried out, when it came from one. */
  remedyId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  /** The message behind `title` (app/messages), for the report's language. */
  messages: fieldMessagesSchema,
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
  /** The message behind `detail` (app/messages), for the report's language. */
  messages: fieldMessagesSchema,
  modules: z.array(z.object({ module: z.string(), ok: z.boolean(), message: z.string().nullable() })),
});
export type Verification = z.infer<typeof verificationSchema>;

/**
 * The repair as its engine ended it (RepairOutcome's status and summary), plus `undone` when the
 * user rolled a repair back afterwards. The report states this verdict; it never decides its own.
 */
export const repairResultSchema = z.object({
  status: z.enum(['fixed', 'not-fixed', 'failed-and-rolled-back', 'failed', 'cancelled', 'undone']),
  summary: z.string().max(4000),
  /** The message behind `summary` (app/messages), for the report's language. */
  messages: fieldMessagesSchema,
});
export type RepairResult = z.infer<typeof repairResultSchema>;

/** The report's headline: what a reader of a bug tracker needs first. */
export const outcomeSchema = z.object({
  status: z.enum(['fixed', 'not-fixed', 'inconclusive', 'problem-found', 'no-problem-found']),
  /** One plain sentence. */
  headline: z.string(),
  /** Which result the headline was taken from. */
  from: z.enum(['verification', 'repair', 'diagnosis']),
  /** The message behind the headline (app/messages); absent when the repair or verification it repeats recorded none (reports from earlier releases). */
  messages: fieldMessagesSchema,
});
export type Outcome = z.infer<typeof outcomeSchema>;

export const reportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  os: z.object({ platform: z.string(), release: z.string(), arch: z.string() }),
  /** Whether user name, home folder and host name were replaced, and by what. */
  /** `replacedMessages`: the message behind each `replaced` entry, for the report's language (absent in earlier reports). */
  redaction: z.object({ applied: z.boolean(), replaced: z.array(z.string()), replacedMessages: z.array(messageRefSchema).optional() }),
  /** The headline, taken from the verification, the repair or the diagnosis (in that order). Absent in reports from earlier releases. */
  outcome: outcomeSchema.optional(),
  environment: environmentSummarySchema,
  /** The error as the user gave it, with what the reader recognised in it. */
  error: z
    .object({
      text: z.string(),
      parsed: parsedErrorSchema,
      /** Characters of a longer pasted log left out before `text` (its last part, where the traceback is). */
      omittedBefore: z.number().int().nonnegative().optional(),
    })
    .nullable(),
  diagnosis: diagnosisSchema,
  actions: z.array(actionLogSchema),
  verification: verificationSchema.nullable(),
  /** The repair's own verdict, when a repair ran. Absent in reports from earlier releases. */
  repair: repairResultSchema.nullable().optional(),
  /** For a copied environment (examined from its files): the chosen fix's commands for its own machine, which nothing here ran. */
  fixElsewhere: z.object({ remedy: z.string(), where: z.string(), commands: z.array(z.string()), messages: fieldMessagesSchema }).nullable().optional(),
  /** Where the app's log file is (attach it to a bug report too), when the host keeps one. Absent in reports from earlier releases. */
  logFile: z.string().nullable().optional(),
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
