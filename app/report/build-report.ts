/**
 * Assembles a report from a diagnosis, the error as given, the actions taken and their verification.
 */
import { logFilePath } from '../log/file-log';
import { arch, platform, release } from 'node:os';
import { parseErrorText } from '../diagnosis/error-text/error-text';
import type { Diagnosis } from '../diagnosis/types';
import { reportOutcome } from './outcome';
import { currentIdentity, redactDeep, redactor, REDACTED } from './redact';
import type { Identity } from './redact';
import { REPORT_SCHEMA_VERSION, reportSchema } from './schema';
import type { ActionLog, RepairResult, Report, Verification } from './schema';
import { english, message } from '../messages';

export interface ReportInput {
  readonly diagnosis: Diagnosis;
  /** The error text exactly as the user gave it, when there was one. */
  readonly errorText?: string | null;
  /** How many characters of a longer log were left out before `errorText` (the wizard sends a log's tail). */
  readonly errorOmitted?: number;
  readonly actions?: readonly ActionLog[];
  readonly verification?: Verification | null;
  /** The repair engine's verdict when a repair ran; the headline follows it (see outcome.ts). */
  readonly repair?: RepairResult | null;
  readonly appVersion: string;
  readonly os?: Report['os'];
  readonly now?: () => Date;
  /** The chosen fix's commands for a copied environment's own machine (a plan with runsHere false). */
  readonly fixElsewhere?: Report['fixElsewhere'];
  /** Where the log is; default the log the engine writes now (app/log/file-log.ts). */
  readonly logFile?: string | null;
}

const HOST_PLATFORM: Readonly<Record<string, string>> = { win32: 'windows', linux: 'linux', darwin: 'macos' };

/** Whether the environment belongs to another system than the one that examined it (a copied Windows folder on Linux). */
function examinedElsewhere(diagnosis: Diagnosis, hostPlatform: string): boolean {
  const own = diagnosis.environment.platform;
  return own !== 'unknown' && own !== (HOST_PLATFORM[hostPlatform] ?? hostPlatform);
}

/** The full, unredacted report; it stays on this machine. Use `shareableReport` before sharing. */
export function buildReport(input: ReportInput): Report {
  const errorText = input.errorText ?? (input.diagnosis.target.kind === 'error-text' ? input.diagnosis.target.text : null);
  // The wizard diagnoses the module the error names, so the diagnosis has not read the text itself.
  const parsed = errorText === null ? null : (input.diagnosis.error ?? parseErrorText(errorText));
  const repair = input.repair ?? null;
  const verification = input.verification ?? null;
  const os = input.os ?? { platform: platform(), release: release(), arch: arch() };
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: (input.now ?? (() => new Date()))().toISOString(),
    app: { name: 'python-dll-doctor', version: input.appVersion },
    os,
    redaction: { applied: false, replaced: [] },
    outcome: reportOutcome({ diagnosis: input.diagnosis, repair, verification, examinedElsewhere: examinedElsewhere(input.diagnosis, os.platform) }),
    environment: input.diagnosis.environment,
    error: errorText !== null && parsed ? { text: errorText, parsed, ...(input.errorOmitted ? { omittedBefore: input.errorOmitted } : {}) } : null,
    diagnosis: input.diagnosis,
    actions: [...(input.actions ?? [])],
    verification,
    repair,
    ...(input.fixElsewhere ? { fixElsewhere: input.fixElsewhere } : {}),
    logFile: input.logFile !== undefined ? input.logFile : logFilePath(),
  };
  return reportSchema.parse(report);
}

/**
 * The report as it may leave the machine: user name, home folder and host name replaced by
 * `<user>`, `~` and `<host>`, and `redaction` saying so.
 */
export function shareableReport(report: Report, identity: Identity = currentIdentity()): Report {
  if (report.redaction.applied) return report;
  const redacted = redactDeep(report, redactor(identity));
  const replacedMessages = [message('report.redacted.user', { value: REDACTED.user }), message('report.redacted.home', { value: REDACTED.home }), message('report.redacted.host', { value: REDACTED.host })];
  return {
    ...redacted,
    schemaVersion: REPORT_SCHEMA_VERSION,
    redaction: {
      applied: true,
      replaced: replacedMessages.map(english),
      replacedMessages,
    },
  };
}
