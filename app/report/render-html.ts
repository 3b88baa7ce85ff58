/**
 * The report as one self-contained HTML page: inline CSS, no script, no external resource, every
 * value escaped, laid out to print well.
 *
 * A Content-Security-Policy meta tag forbids everything but the inline style, so even a value that
 * slipped through escaping could not load or run anything.
 */
import { hostFactRows } from './host-facts-text';
import type { Cause, Evidence, Remedy } from '../diagnosis/types';
import { shareableReport } from './build-report';
import { localeFormat, type LocaleFormat } from './locale-format';
import { OUTCOME_TITLE_MESSAGE, reportOutcome } from './outcome';
import { actionStatusWord, checkStatusWord, confidenceWord, environmentWords, failureClassMessage, markedUp, remedyCommand, repairStatusWord, verificationWord } from './report-words';
import type { Identity } from './redact';
import type { Report } from './schema';
import { formatMessage, localList, localText, managerWords, message, searchStepWords } from '../messages';
import type { MessageRef } from '../messages';

export interface RenderOptions {
  /** Redact user name, home folder and host name (default true: rendering is for sharing). */
  readonly redact?: boolean;
  readonly identity?: Identity;
  /** BCP 47 locale for dates and numbers (default: the system's). */
  readonly locale?: string;
  /** IANA time zone for dates (default: the system's). */
  readonly timeZone?: string;
  /** The language of the report's sentences ('en', 'de'): the user's, or English for an upstream bug tracker (default English). */
  readonly language?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const e = escapeHtml;

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bad:#b42318;--ok:#1a7f37;--warn:#9a6700;--bg2:#f6f8fa}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);max-width:980px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;border-bottom:1px solid var(--line);padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1.05rem;margin:.25rem 0}
.meta,.muted{color:var(--muted)}
.kicker{margin:0;color:var(--muted);font-size:.9rem;text-transform:uppercase;letter-spacing:.04em}
.outcome{padding:.75rem 1rem;border-radius:6px;border:2px solid var(--line);margin:.75rem 0}
.outcome h1{margin:0}.outcome p{margin:.25rem 0 0;font-weight:600}
.outcome.fixed,.outcome.no-problem-found{border-color:var(--ok)}.outcome.fixed h1,.outcome.no-problem-found h1{color:var(--ok)}
.outcome.not-fixed,.outcome.problem-found{border-color:var(--bad)}.outcome.not-fixed h1,.outcome.problem-found h1{color:var(--bad)}
.outcome.inconclusive{border-color:var(--warn)}.outcome.inconclusive h1{color:var(--warn)}
.cause{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:1rem 0;break-inside:avoid}
.badge{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;border:1px solid currentColor;margin-left:.5rem;white-space:nowrap}
.high{color:var(--bad)}.medium{color:var(--warn)}.low{color:var(--muted)}
.table{overflow-x:auto;margin:.5rem 0}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word;word-break:normal;hyphens:manual}
th{background:var(--bg2)}
table.kv th{width:10rem}
pre{background:var(--bg2);padding:.75rem;border-radius:6px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:break-word;font-size:.85rem}
code{font-family:ui-monospace,SFMono-Regular,Consolas,monospace;font-size:.95em}
ol.remedies li{margin:.25rem 0}
.note{font-size:.85rem;border-left:3px solid var(--warn);padding-left:.5rem}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}pre{white-space:pre-wrap}details{display:block}details>summary{list-style:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;

/** Escaped code whose paths may wrap after a separator rather than anywhere in a name. */
function pathCode(text: string): string {
  return `<code>${e(text).replace(/([\\/=,])(?=.)/g, '$1<wbr>')}</code>`;
}

/** A table with fixed column widths (percentages), so cells wrap between words, never inside "Package". */
function table(columns: readonly [string, number][], rows: readonly string[][]): string {
  const cols = columns.map(([, width]) => `<col style="width:${width}%">`).join('');
  const head = columns.map(([title]) => `<th scope="col">${e(title)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="table"><table><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A two-column table of names and already-escaped values. */
function kv(rows: readonly [string, string | null][]): string {
  return `<div class="table"><table class="kv">${rows.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${v ?? '—'}</td></tr>`).join('')}</table></div>`;
}

function evidenceHtml(ev: Evidence, language: string): string {
  const head = `<p>${e(localText(ev, 'summary', language))}</p>`;
  switch (ev.kind) {
    case 'dependency-chain':
      return `${head}${table(
        [[formatMessage(message('report.chain.file'), language), 24], [formatMessage(message('report.chain.needs'), language), 16], [formatMessage(message('report.chain.resolved'), language), 28], [formatMessage(message('report.chain.found-by'), language), 14], [formatMessage(message('report.chain.owner'), language), 18]],
        ev.links.map((l) => [
          pathCode(l.file),
          pathCode(l.needs),
          l.resolvedPath ? pathCode(l.resolvedPath) : `<strong>${e(formatMessage(message('report.chain.not-found'), language))}</strong>`,
          l.foundBy ? e(formatMessage(searchStepWords(l.foundBy), language)) : '—',
          e(l.owner ? `${l.owner.package ?? formatMessage(message('report.chain.no-package'), language)}${l.owner.version ? ` ${l.owner.version}` : ''} (${formatMessage(managerWords(l.owner.manager), language)})` : '—'),
        ]),
      )}`;
    case 'search-path':
      return `${head}<ol>${ev.directories.map((d) => `<li>${pathCode(d.path)} <span class="muted">(${e(formatMessage(searchStepWords(d.step), language))})</span>${d.contains ? ` — <strong>${e(formatMessage(message('report.has-it'), language))}</strong>` : ''}</li>`).join('')}</ol>`;
    case 'missing-symbols':
      return `${head}<ul>${[...ev.symbols, ...ev.ordinals.map((o) => formatMessage(message('report.ordinal', { ordinal: o }), language)), ...ev.versions].map((s) => `<li><code>${e(String(s))}</code></li>`).join('')}</ul>`;
    case 'import-test':
      return `${head}${ev.message ? `<pre>${e(`${ev.exceptionType ?? ''}${ev.exceptionType ? ': ' : ''}${ev.message}`)}</pre>` : ''}`;
    case 'known-issue':
      return `${head}<ul>${ev.sources.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`;
    case 'health-check': {
      // The summary's own sentence is written above in the reader's language: only the other details are listed.
      const details = ev.details.filter((d) => d !== ev.summary);
      return `${head}${ev.details.length > 1 && details.length > 0 ? `<ul>${details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : ''}`;
    }
    case 'file-owner':
      return `${head}<p class="muted">${pathCode(ev.owner.path)}</p>`;
    case 'error-text':
      return head;
    case 'import-timeline':
      return `${head}<ol>${ev.steps
        .map((s, i) => {
          const copy = ev.conflict && ev.conflict.step === i ? ` — ${markedUp('report.timeline.earlier-copy', { library: `<strong>${e(ev.conflict.library)}</strong>`, copy: pathCode(ev.conflict.earlierCopy) }, language, e)}` : '';
          const needed = ev.conflict && i === ev.steps.length - 1 && !s.ok ? `<br>${markedUp('report.timeline.needed', { library: e(ev.conflict.library), missing: ev.conflict.missing.map((m) => `<code>${e(m)}</code>`).join(', '), ownCopy: pathCode(ev.conflict.ownCopy) }, language, e)}` : '';
          return `<li><code>import ${e(s.module)}</code> ${s.ok ? e(formatMessage(message('report.works'), language)) : `<strong>${e(formatMessage(message('report.fails'), language))}</strong>`}${copy}${needed}</li>`;
        })
        .join('')}</ol>`;
    default:
      return head;
  }
}

/** One fix: the recommended one marked with why, the command it states, never the remedy's field names. */
function remedyHtml(r: Remedy, language: string): string {
  const command = remedyCommand(r, language);
  const w = (ref: MessageRef) => e(formatMessage(ref, language));
  const mark = r.recommended ? `<span class="badge high">${w(message('report.recommended'))}</span> ` : '';
  const because = r.recommendedBecause ? `<br><em>${e(localText({ ...r, recommendedBecause: r.recommendedBecause }, 'recommendedBecause', language))}</em>` : '';
  return `<li>${mark}<strong>${e(localText(r, 'title', language))}</strong>${r.automatic ? '' : ` <span class="muted">(${w(message('report.by-hand'))})</span>`}<br>${e(localText(r, 'explanation', language))}${because}${command ? `<br>${pathCode(command)}` : ''}</li>`;
}

function causeHtml(c: Cause, rank: number, f: LocaleFormat, language: string): string {
  const w = (ref: MessageRef) => e(formatMessage(ref, language));
  return `<section class="cause"><h3>${rank}. ${e(localText(c, 'title', language))}<span class="badge ${e(c.confidence.level)}">${w(message('report.confidence', { level: confidenceWord(c.confidence.level), score: f.decimal(c.confidence.score) }))}</span></h3>
<p>${e(localText(c, 'explanation', language))}</p>
<h4>${w(message('report.evidence'))}</h4>${c.evidence.map((ev) => evidenceHtml(ev, language)).join('')}
<h4>${w(message('report.what-fixes-it'))}</h4>${c.remedies.length === 0 ? `<p class="muted">${w(message('report.no-safe-fix'))}</p>` : `<ol class="remedies">${c.remedies.map((r) => remedyHtml(r, language)).join('')}</ol>`}</section>`;
}

function time(iso: string, f: LocaleFormat): string {
  return `<time datetime="${e(iso)}">${e(f.date(iso))}</time>`;
}

/** The report as a standalone HTML document; redacted unless `redact: false`. */
export function renderHtml(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  const f = localeFormat(options.locale, options.timeZone);
  const d = report.diagnosis;
  const env = report.environment;
  const outcome = report.outcome ?? reportOutcome({ diagnosis: d, repair: report.repair ?? null, verification: report.verification });
  const parts: string[] = [];
  const language = options.language ?? 'en';
  const w = (ref: MessageRef) => e(formatMessage(ref, language));
  const title = OUTCOME_TITLE_MESSAGE[outcome.status];
  parts.push(`<!DOCTYPE html><html lang="${e(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${w(message('report.document-title', { outcome: title }))}</title><style>${CSS}</style></head><body>`);
  parts.push(`<header><p class="kicker">${w(message('report.kicker'))}</p>
<div class="outcome ${e(outcome.status)}"><h1>${w(title)}</h1><p>${e(localText(outcome, 'headline', language))}</p></div>
<p class="meta">${e(`${report.app.name} ${report.app.version} · ${report.os.platform} ${report.os.release} (${report.os.arch}) · `)}${time(report.generatedAt, f)}${e(' · ')}${w(message('report.schema-version', { version: report.schemaVersion }))}${report.redaction.applied ? '' : w(message('report.complete'))}</p>
${report.redaction.applied ? `<p class="note">${w(message('report.redacted', { replaced: localList(report.redaction.replaced, report.redaction.replacedMessages, language).join(', ') }))}</p>` : ''}</header>`);
  parts.push(`<h2>${w(message('report.environment'))}</h2>${kv([
    [formatMessage(message('report.env.python'), language), pathCode(env.python)],
    [formatMessage(message('report.env.prefix'), language), pathCode(env.prefix)],
    [formatMessage(message('report.env.version'), language), env.pythonVersion ? e(env.pythonVersion) : null],
    [formatMessage(message('report.env.implementation'), language), env.implementation ? e(env.implementation) : null],
    [formatMessage(message('report.env.platform'), language), e(`${env.platform}${env.architecture ? ` (${env.architecture})` : ''}`)],
    [formatMessage(message('report.env.type'), language), w(environmentWords(env, f.integer))],
  ])}`);
  if (report.error) {
    const p = report.error.parsed;
    const omitted = report.error.omittedBefore ? `<p class="muted">${w(message('report.omitted', { count: f.integer(report.error.omittedBefore) }))}</p>` : '';
    parts.push(`<h2>${w(message('report.error-as-given'))}</h2>${omitted}<pre>${e(report.error.text)}</pre>${kv([
      [formatMessage(message('report.recognised'), language), p.recognized ? w(message('report.recognised.as', { failure: failureClassMessage(p.failureClass), code: p.errorCode !== null ? message('report.win32-error', { code: p.errorCode }) : '' })) : w(message('report.recognised.not'))],
      [formatMessage(message('report.column.module'), language), p.module ? pathCode(p.module) : null],
    ])}`);
  }
  parts.push(
    `<h2>${w(message('report.modules-examined'))}</h2>${d.modules.length === 0 ? `<p class="muted">${w(message('report.none'))}</p>` : table([[formatMessage(message('report.column.module'), language), 30], [formatMessage(message('report.column.package'), language), 20], [formatMessage(message('report.column.import'), language), 50]], d.modules.map((m) => [pathCode(m.module), e(m.package ?? '—'), m.ok ? w(message('report.works')) : e(m.message !== null ? localText({ ...m, message: m.message }, 'message', language) : formatMessage(message('report.fails'), language))]))}`,
  );
  parts.push(`<h2>${w(message('report.causes'))}</h2>${d.causes.length === 0 ? `<p>${d.status === 'healthy' ? w(message('report.causes.healthy')) : w(message('report.causes.none'))}</p>` : d.causes.map((c, i) => causeHtml(c, i + 1, f, language)).join('')}`);
  if ((d.unchecked ?? []).length > 0) parts.push(`<h2>${w(message('report.not-checked'))}</h2><ul>${(d.unchecked ?? []).map((u) => `<li><strong>${e(localText(u, 'what', language))}</strong>: ${e(localText(u, 'why', language))} ${w(message('report.how-to-check'))} ${e(localText(u, 'howToCheck', language))}</li>`).join('')}</ul>`);
  if (d.host) parts.push(`<h2>${w(message('report.this-computer'))}</h2><ul>${hostFactRows(d.host).map((r) => `<li><strong>${e(localText(r, 'label', language))}</strong>: ${e(localText(r, 'text', language))}${r.source ? ` <span class="muted">${w(message('report.read-from', { source: r.source }))}</span>` : ''}</li>`).join('')}</ul>`);
  parts.push(`<h2>${w(message('report.what-was-checked'))}</h2>${table([[formatMessage(message('report.column.check'), language), 30], [formatMessage(message('report.column.result'), language), 14], [formatMessage(message('report.column.detail'), language), 56]], d.checks.map((c) => [e(localText(c, 'title', language)), w(checkStatusWord(c.status)), e(localText(c, 'detail', language))]))}`);
  parts.push(
    `<h2>${w(message('report.actions'))}</h2>${report.actions.length === 0 ? `<p class="muted">${w(message('report.none'))}</p>` : report.actions.map((a) => `<section class="cause"><h3>${e(localText(a, 'title', language))} <span class="badge">${w(actionStatusWord(a.status))}</span></h3><p class="muted">${time(a.startedAt, f)}${a.finishedAt ? ` → ${time(a.finishedAt, f)}` : ''}</p>${a.command ? `<pre>${e(a.command.join(' '))}</pre>` : ''}<details open><summary>${w(message('report.action.log'))}</summary><pre>${e(a.log)}</pre></details></section>`).join('')}`,
  );
  if (report.fixElsewhere) {
    parts.push(`<h2>${w(message('report.fix-elsewhere'))}</h2><p><strong>${e(localText(report.fixElsewhere, 'remedy', language))}</strong>. ${e(localText(report.fixElsewhere, 'where', language))}</p><pre>${e(report.fixElsewhere.commands.join('\n'))}</pre>`);
  }
  if (report.repair) parts.push(`<h2>${w(message('report.repair-result'))}</h2><p><strong>${w(repairStatusWord(report.repair.status))}</strong> — ${e(localText(report.repair, 'summary', language))}</p>`);
  parts.push(`<h2>${w(message('report.verification'))}</h2>${report.verification ? `<p><strong>${w(verificationWord(report.verification.status))}</strong> — ${e(localText(report.verification, 'detail', language))}</p>${report.verification.modules.length > 0 ? `<ul>${report.verification.modules.map((m) => `<li><code>${e(m.module)}</code>: ${m.ok ? w(message('report.imports')) : e(m.message ?? formatMessage(message('report.fails'), language))}</li>`).join('')}</ul>` : ''}` : `<p class="muted">${w(message('report.not-run'))}</p>`}`);
  if (report.logFile) parts.push(`<h2>${w(message('report.log-file'))}</h2><p>${w(message('report.log-file.text'))} ${pathCode(report.logFile)}</p>`);
  parts.push('</body></html>\n');
  return parts.join('\n');
}
