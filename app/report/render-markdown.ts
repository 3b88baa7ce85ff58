/**
 * The report as Markdown ready to paste into a bug report (GitHub-flavoured: tables, details).
 *
 * User text (paths, messages, the pasted error) goes into code spans or fenced blocks whose fence
 * is longer than any backtick run inside, so nothing in it can turn into markup or links.
 */
import type { Cause, Evidence } from '../diagnosis/types';
import { shareableReport } from './build-report';
import type { RenderOptions } from './render-html';
import type { Report } from './schema';

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

function evidenceMd(ev: Evidence): string[] {
  const lines = [`- ${t(ev.summary)}`];
  switch (ev.kind) {
    case 'dependency-chain':
      lines.push('', '  | File | Needs | Resolved to | Found by | Owner |', '  |---|---|---|---|---|');
      for (const l of ev.links) {
        const owner = l.owner ? `${l.owner.package ?? 'no package'}${l.owner.version ? ` ${l.owner.version}` : ''} (${l.owner.manager})` : '—';
        lines.push(`  | ${code(l.file)} | ${code(l.needs)} | ${l.resolvedPath ? code(l.resolvedPath) : '**not found**'} | ${t(l.foundBy ?? '—')} | ${t(owner)} |`);
      }
      lines.push('');
      break;
    case 'search-path':
      ev.directories.forEach((d, i) => lines.push(`  ${i + 1}. ${code(d.path)} (${t(d.step)})${d.contains ? ' — **has it**' : ''}`));
      break;
    case 'missing-symbols':
      lines.push(`  - ${[...ev.symbols, ...ev.ordinals.map((o) => `ordinal ${o}`), ...ev.versions].map((s) => code(String(s))).join(', ')}`);
      break;
    case 'known-issue':
      for (const s of ev.sources) lines.push(`  - <${s.replace(/[<>\s]/g, '')}>`);
      break;
    default:
      break;
  }
  return lines;
}

function causeMd(c: Cause, rank: number): string[] {
  const lines = [`### ${rank}. ${t(c.title)}`, '', `**Confidence:** ${c.confidence.level} (${c.confidence.score.toFixed(2)}; ${t(c.confidence.signals.join(', '))})`, '', t(c.explanation), '', '**Evidence**', ''];
  for (const ev of c.evidence) lines.push(...evidenceMd(ev));
  lines.push('', '**What fixes it**', '');
  if (c.remedies.length === 0) lines.push('No safe automatic fix; see the explanation.');
  c.remedies.forEach((r, i) => lines.push(`${i + 1}. **${t(r.title)}**${r.automatic ? '' : ' (by hand)'}: ${t(r.explanation)}`));
  lines.push('');
  return lines;
}

const STATUS_TEXT: Readonly<Record<Report['diagnosis']['status'], string>> = {
  healthy: 'No problem found.',
  'problem-found': 'A problem was found.',
  unexplained: 'An import fails, but no cause could be shown with evidence.',
  partial: 'Cancelled: only part of the environment was examined.',
};

/** The report as Markdown; redacted unless `redact: false`. */
export function renderMarkdown(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  const d = report.diagnosis;
  const env = report.environment;
  const lines: string[] = [
    '## Python DLL Doctor report',
    '',
    `${t(`${report.app.name} ${report.app.version}`)} · ${t(`${report.os.platform} ${report.os.release} (${report.os.arch})`)} · ${t(report.generatedAt)} · schema v${report.schemaVersion}`,
    '',
    report.redaction.applied
      ? `> Redacted for sharing: ${t(report.redaction.replaced.join(', '))}. The full report stays on the machine that made it.`
      : '> Not redacted: this report shows user name, home folder and host name.',
    '',
    `**Result:** ${STATUS_TEXT[d.status]}`,
    '',
    '### Environment',
    '',
    '| | |',
    '|---|---|',
    `| Python | ${code(env.python)} |`,
    `| Prefix | ${code(env.prefix)} |`,
    `| Version | ${t(env.pythonVersion ?? 'unknown')} (${t(env.implementation ?? '?')}) |`,
    `| Platform | ${t(`${env.platform}${env.architecture ? ` ${env.architecture}` : ''}`)} |`,
    `| Kind | ${t(env.kind)}, ${env.packageCount} packages |`,
    '',
  ];
  if (report.error) {
    const p = report.error.parsed;
    lines.push('### The error as given', '', fence(report.error.text, 'text'), '');
    lines.push(p.recognized ? `Recognised: ${t(p.failureClass)}${p.errorCode !== null ? ` (Win32 error ${p.errorCode})` : ''}${p.module ? `, module ${code(p.module)}` : ''}.` : 'Not a load failure this tool recognises.', '');
  }
  lines.push('### Causes', '');
  if (d.causes.length === 0) lines.push(d.status === 'healthy' ? 'No problem found in what was checked (listed below).' : 'None could be shown with evidence.', '');
  d.causes.forEach((c, i) => lines.push(...causeMd(c, i + 1)));
  lines.push('<details><summary>What was checked</summary>', '', '| Check | Result | Detail |', '|---|---|---|');
  for (const c of d.checks) lines.push(`| ${t(c.title)} | ${t(c.status)} | ${t(c.detail)} |`);
  lines.push('', '</details>', '', '### Actions taken', '');
  if (report.actions.length === 0) lines.push('None.', '');
  for (const a of report.actions) {
    lines.push(`- **${t(a.title)}**: ${t(a.status)}${a.command ? ` (${code(a.command.join(' '))})` : ''}`, '', '<details><summary>Log</summary>', '', fence(a.log, 'text'), '', '</details>', '');
  }
  lines.push('### Verification', '');
  lines.push(report.verification ? `**${t(report.verification.status)}**: ${t(report.verification.detail)}` : 'Not run.', '');
  return `${lines.join('\n')}\n`;
}

/** The report as one JSON document (schema in docs/report-schema.md); redacted unless `redact: false`. */
export function renderJson(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  return `${JSON.stringify(report, null, 2)}\n`;
}
