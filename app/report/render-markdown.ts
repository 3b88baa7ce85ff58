/**
 * The report as Markdown ready to paste into a bug report (GitHub-flavoured: tables, details).
 *
 * User text (paths, messages, the pasted error) goes into code spans or fenced blocks whose fence
 * is longer than any backtick run inside, so nothing in it can turn into markup or links.
 */
import { hostFactRows } from './host-facts-text';
import type { Cause, Evidence } from '../diagnosis/types';
import { shareableReport } from './build-report';
import { localeFormat, type LocaleFormat } from './locale-format';
import { OUTCOME_TITLE_MESSAGE, reportOutcome } from './outcome';
import { actionStatusWord, checkStatusWord, confidenceWord, environmentWords, failureClassMessage, markedUp, remedyCommand, repairStatusWord, verificationWord } from './report-words';
import type { RenderOptions } from './render-html';
import type { Report } from './schema';
import { formatMessage, localList, localText, managerWords, message, searchStepWords } from '../messages';
import type { MessageRef } from '../messages';

/** A fenced block that its content cannot close. */
export function fence(text: string, info = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const bar = '`'.repeat(longest + 1);
  return `${bar}${info}\n${text.replace(/\n$/, '')}\n${bar}`;
}

/** An inline code span that its content cannot close; newlines become spaces. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/**
 * Plain text made inert for Markdown and GitHub's HTML: emphasis, links, code, tables and raw HTML
 * characters escaped everywhere; heading, list and quote markers only where they start the text.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/^(\s*)([#+-]|\d+\.)/, (_m, space: string, marker: string) => `${space}${marker.replace(/^(\d+)\./, '$1\\.').replace(/^([#+-])/, '\\$1')}`);
}

const t = escapeMarkdown;

/**
 * A code span for a table cell. GitHub splits table rows at every unescaped `|`, even inside code
 * spans, and removes the backslash of `\|` there (GFM spec, "Tables" extension, example 200).
 */
export function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

function evidenceMd(ev: Evidence, language: string): string[] {
  const lines = [`- ${t(localText(ev, 'summary', language))}`];
  switch (ev.kind) {
    case 'dependency-chain':
      {
        const say = (id: 'report.chain.file' | 'report.chain.needs' | 'report.chain.resolved' | 'report.chain.found-by' | 'report.chain.owner' | 'report.chain.not-found' | 'report.chain.no-package') => formatMessage(message(id), language);
        lines.push('', `  | ${[say('report.chain.file'), say('report.chain.needs'), say('report.chain.resolved'), say('report.chain.found-by'), say('report.chain.owner')].map(t).join(' | ')} |`, '  |---|---|---|---|---|');
        for (const l of ev.links) {
          const owner = l.owner ? `${l.owner.package ?? say('report.chain.no-package')}${l.owner.version ? ` ${l.owner.version}` : ''} (${formatMessage(managerWords(l.owner.manager), language)})` : '—';
          lines.push(`  | ${codeCell(l.file)} | ${codeCell(l.needs)} | ${l.resolvedPath ? codeCell(l.resolvedPath) : `**${t(say('report.chain.not-found'))}**`} | ${l.foundBy ? t(formatMessage(searchStepWords(l.foundBy), language)) : '—'} | ${t(owner)} |`);
        }
      }
      lines.push('');
      break;
    case 'search-path':
      ev.directories.forEach((d, i) => lines.push(`  ${i + 1}. ${code(d.path)} (${t(formatMessage(searchStepWords(d.step), language))})${d.contains ? ` — **${t(formatMessage(message('report.has-it'), language))}**` : ''}`));
      break;
    case 'missing-symbols':
      lines.push(`  - ${[...ev.symbols, ...ev.ordinals.map((o) => formatMessage(message('report.ordinal', { ordinal: o }), language)), ...ev.versions].map((s) => code(String(s))).join(', ')}`);
      break;
    case 'known-issue':
      for (const s of ev.sources) lines.push(`  - <${s.replace(/[<>\s]/g, '')}>`);
      break;
    case 'import-timeline':
      ev.steps.forEach((s, i) => {
        const copy = ev.conflict && ev.conflict.step === i ? ` — ${markedUp('report.timeline.earlier-copy', { library: code(ev.conflict.library), copy: code(ev.conflict.earlierCopy) }, language, t)}` : '';
        const needed = ev.conflict && i === ev.steps.length - 1 && !s.ok ? ` — ${markedUp('report.timeline.needed', { library: code(ev.conflict.library), missing: ev.conflict.missing.map((m) => code(m)).join(', '), ownCopy: code(ev.conflict.ownCopy) }, language, t)}` : '';
        lines.push(`  ${i + 1}. ${code(`import ${s.module}`)} ${s.ok ? t(formatMessage(message('report.works'), language)) : `**${t(formatMessage(message('report.fails'), language))}**`}${copy}${needed}`);
      });
      break;
    default:
      break;
  }
  return lines;
}

function causeMd(c: Cause, rank: number, f: LocaleFormat, language: string): string[] {
  const w = (ref: MessageRef) => t(formatMessage(ref, language));
  const lines = [`### ${rank}. ${t(localText(c, 'title', language))}`, '', `**${w(message('report.confidence', { level: confidenceWord(c.confidence.level), score: f.decimal(c.confidence.score) }))}**`, '', t(localText(c, 'explanation', language)), '', `**${w(message('report.evidence'))}**`, ''];
  for (const ev of c.evidence) lines.push(...evidenceMd(ev, language));
  lines.push('', `**${w(message('report.what-fixes-it'))}**`, '');
  if (c.remedies.length === 0) lines.push(w(message('report.no-safe-fix')));
  c.remedies.forEach((r, i) => {
    const command = remedyCommand(r, language);
    const because = r.recommendedBecause ? ` *${t(localText({ ...r, recommendedBecause: r.recommendedBecause }, 'recommendedBecause', language))}*` : '';
    lines.push(`${i + 1}. ${r.recommended ? `**${w(message('report.recommended'))}:** ` : ''}**${t(localText(r, 'title', language))}**${r.automatic ? '' : ` (${w(message('report.by-hand'))})`}: ${t(localText(r, 'explanation', language))}${because}${command ? ` ${code(command)}` : ''}`);
  });
  lines.push('');
  return lines;
}

/** The report as Markdown; redacted unless `redact: false`. */
export function renderMarkdown(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  const f = localeFormat(options.locale, options.timeZone);
  const d = report.diagnosis;
  const env = report.environment;
  const outcome = report.outcome ?? reportOutcome({ diagnosis: d, repair: report.repair ?? null, verification: report.verification });
  // Intl's words need no escaping; a value that is no date comes back as it was and is escaped.
  const date = (iso: string) => (f.date(iso) === iso ? t(iso) : f.date(iso));
  const language = options.language ?? 'en';
  const w = (ref: MessageRef) => t(formatMessage(ref, language));
  const lines: string[] = [
    `## ${w(message('report.document-title', { outcome: OUTCOME_TITLE_MESSAGE[outcome.status] }))}`,
    '',
    ...(outcome.headline ? [`**${t(localText(outcome, 'headline', language))}**`, ''] : []),
    `${t(`${report.app.name} ${report.app.version}`)} · ${t(`${report.os.platform} ${report.os.release} (${report.os.arch})`)} · ${date(report.generatedAt)} · ${w(message('report.schema-version', { version: report.schemaVersion }))}${report.redaction.applied ? '' : w(message('report.complete'))}`,
    '',
  ];
  if (report.redaction.applied) lines.push(`> ${w(message('report.redacted', { replaced: localList(report.redaction.replaced, report.redaction.replacedMessages, language).join(', ') }))}`, '');
  lines.push(
    `### ${w(message('report.environment'))}`,
    '',
    `| ${w(message('report.env.field'))} | ${w(message('report.env.value'))} |`,
    '|---|---|',
    `| ${w(message('report.env.python'))} | ${codeCell(env.python)} |`,
    `| ${w(message('report.env.prefix'))} | ${codeCell(env.prefix)} |`,
    `| ${w(message('report.env.version'))} | ${t(env.pythonVersion ?? formatMessage(message('report.env.unknown'), language))} (${t(env.implementation ?? '?')}) |`,
    `| ${w(message('report.env.platform'))} | ${t(`${env.platform}${env.architecture ? ` ${env.architecture}` : ''}`)} |`,
    `| ${w(message('report.env.type'))} | ${w(environmentWords(env, f.integer))} |`,
    '',
  );
  if (report.error) {
    const p = report.error.parsed;
    lines.push(`### ${w(message('report.error-as-given'))}`, '');
    if (report.error.omittedBefore) lines.push(w(message('report.omitted', { count: f.integer(report.error.omittedBefore) })), '');
    lines.push(fence(report.error.text, 'text'), '');
    lines.push(p.recognized ? `${w(message('report.recognised'))}: ${w(message('report.recognised.as', { failure: failureClassMessage(p.failureClass), code: p.errorCode !== null ? message('report.win32-error', { code: p.errorCode }) : '' }))}${p.module ? `, ${w(message('report.column.module'))} ${code(p.module)}` : ''}.` : w(message('report.recognised.not')), '');
  }
  if (d.modules.length > 0) {
    lines.push(`### ${w(message('report.modules-examined'))}`, '', `| ${w(message('report.column.module'))} | ${w(message('report.column.package'))} | ${w(message('report.column.import'))} |`, '|---|---|---|');
    for (const m of d.modules) lines.push(`| ${codeCell(m.module)} | ${t(m.package ?? '—')} | ${m.ok ? w(message('report.works')) : t(m.message !== null ? localText({ ...m, message: m.message }, 'message', language) : formatMessage(message('report.fails'), language))} |`);
    lines.push('');
  }
  lines.push(`### ${w(message('report.causes'))}`, '');
  if (d.causes.length === 0) lines.push(d.status === 'healthy' ? w(message('report.causes.healthy')) : w(message('report.causes.none')), '');
  d.causes.forEach((c, i) => lines.push(...causeMd(c, i + 1, f, language)));
  if ((d.unchecked ?? []).length > 0) {
    lines.push(`### ${w(message('report.not-checked'))}`, '');
    for (const u of d.unchecked ?? []) lines.push(`- **${t(localText(u, 'what', language))}**: ${t(localText(u, 'why', language))} ${w(message('report.how-to-check'))} ${t(localText(u, 'howToCheck', language))}`);
    lines.push('');
  }
  if (d.host) {
    lines.push(`### ${w(message('report.this-computer'))}`, '');
    for (const row of hostFactRows(d.host)) lines.push(`- **${t(localText(row, 'label', language))}**: ${t(localText(row, 'text', language))}${row.source ? ` ${w(message('report.read-from', { source: row.source }))}` : ''}`);
    lines.push('');
  }
  lines.push(`<details><summary>${w(message('report.what-was-checked'))}</summary>`, '', `| ${w(message('report.column.check'))} | ${w(message('report.column.result'))} | ${w(message('report.column.detail'))} |`, '|---|---|---|');
  for (const c of d.checks) lines.push(`| ${t(localText(c, 'title', language))} | ${w(checkStatusWord(c.status))} | ${t(localText(c, 'detail', language)) || ' '} |`);
  lines.push('', '</details>', '', `### ${w(message('report.actions'))}`, '');
  if (report.actions.length === 0) lines.push(w(message('report.none')), '');
  for (const a of report.actions) {
    const when = `${date(a.startedAt)}${a.finishedAt ? ` → ${date(a.finishedAt)}` : ''}`;
    lines.push(`- **${t(localText(a, 'title', language))}**: ${w(actionStatusWord(a.status))}, ${when}${a.command ? ` (${code(a.command.join(' '))})` : ''}`, '', `<details><summary>${w(message('report.action.log'))}</summary>`, '', fence(a.log, 'text'), '', '</details>', '');
  }
  if (report.fixElsewhere) {
    lines.push(`### ${w(message('report.fix-elsewhere'))}`, '', `**${t(localText(report.fixElsewhere, 'remedy', language))}**. ${t(localText(report.fixElsewhere, 'where', language))}`, '', fence(report.fixElsewhere.commands.join('\n'), 'bat'), '');
  }
  if (report.repair) lines.push(`### ${w(message('report.repair-result'))}`, '', `**${w(repairStatusWord(report.repair.status))}**: ${t(localText(report.repair, 'summary', language))}`, '');
  lines.push(`### ${w(message('report.verification'))}`, '');
  lines.push(report.verification ? `**${w(verificationWord(report.verification.status))}**: ${t(localText(report.verification, 'detail', language))}` : w(message('report.not-run')), '');
  if (report.logFile) lines.push(`### ${w(message('report.log-file'))}`, '', `${w(message('report.log-file.text'))} ${code(report.logFile)}`, '');
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document (schema in docs/report-schema.md); redacted unless `redact: false`. */
export function renderJson(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  return `${JSON.stringify(report, null, 2)}\n`;
}
