/**
 * The report as one self-contained HTML page: inline CSS, no script, no external resource, every
 * value escaped, laid out to print well.
 *
 * A Content-Security-Policy meta tag forbids everything but the inline style, so even a value that
 * slipped through escaping could not load or run anything.
 */
import type { Cause, Evidence, Remedy } from '../diagnosis/types';
import { shareableReport } from './build-report';
import type { Identity } from './redact';
import type { Report } from './schema';

export interface RenderOptions {
  /** Redact user name, home folder and host name (default true: rendering is for sharing). */
  readonly redact?: boolean;
  readonly identity?: Identity;
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
.status{padding:.75rem 1rem;border-radius:6px;border:1px solid var(--line);font-weight:600}
.status.healthy{border-color:var(--ok);color:var(--ok)}.status.problem-found,.status.unexplained{border-color:var(--bad);color:var(--bad)}
.cause{border:1px solid var(--line);border-radius:6px;padding:1rem;margin:1rem 0;break-inside:avoid}
.badge{display:inline-block;font-size:.8rem;padding:0 .5rem;border-radius:1rem;border:1px solid currentColor;margin-left:.5rem}
.high{color:var(--bad)}.medium{color:var(--warn)}.low{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--bg2)}
pre{background:var(--bg2);padding:.75rem;border-radius:6px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere;font-size:.85rem}
code{font-family:ui-monospace,SFMono-Regular,Consolas,monospace}
ol.remedies li{margin:.25rem 0}
.note{font-size:.85rem;border-left:3px solid var(--warn);padding-left:.5rem}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}pre{white-space:pre-wrap}details{display:block}details>summary{list-style:none}h2{break-after:avoid}}
`;

function kv(rows: [string, string | null | undefined][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td>${e(v ?? '—')}</td></tr>`).join('')}</table>`;
}

function evidenceHtml(ev: Evidence): string {
  const head = `<p>${e(ev.summary)}</p>`;
  switch (ev.kind) {
    case 'dependency-chain':
      return `${head}<table><thead><tr><th>File</th><th>Needs</th><th>Resolved to</th><th>Found by</th><th>Owner</th></tr></thead><tbody>${ev.links
        .map(
          (l) =>
            `<tr><td><code>${e(l.file)}</code></td><td><code>${e(l.needs)}</code></td><td>${l.resolvedPath ? `<code>${e(l.resolvedPath)}</code>` : '<strong>not found</strong>'}</td><td>${e(l.foundBy ?? '—')}</td><td>${e(l.owner ? `${l.owner.package ?? 'no package'}${l.owner.version ? ` ${l.owner.version}` : ''} (${l.owner.manager})` : '—')}</td></tr>`,
        )
        .join('')}</tbody></table>`;
    case 'search-path':
      return `${head}<ol>${ev.directories.map((d) => `<li><code>${e(d.path)}</code> <span class="muted">(${e(d.step)})</span>${d.contains ? ' — <strong>has it</strong>' : ''}</li>`).join('')}</ol>`;
    case 'missing-symbols':
      return `${head}<ul>${[...ev.symbols, ...ev.ordinals.map((o) => `ordinal ${o}`), ...ev.versions].map((s) => `<li><code>${e(String(s))}</code></li>`).join('')}</ul>`;
    case 'import-test':
      return `${head}${ev.message ? `<pre>${e(`${ev.exceptionType ?? ''}${ev.exceptionType ? ': ' : ''}${ev.message}`)}</pre>` : ''}`;
    case 'known-issue':
      return `${head}<ul>${ev.sources.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`;
    case 'health-check':
      return `${head}${ev.details.length > 1 ? `<ul>${ev.details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : ''}`;
    case 'file-owner':
      return `${head}<p class="muted"><code>${e(ev.owner.path)}</code></p>`;
    case 'error-text':
      return head;
    default:
      return head;
  }
}

function remedyData(r: Remedy): string {
  const { id: _id, title: _t, explanation: _x, ...data } = r;
  return Object.entries(data)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : String(v)}`)
    .join(' · ');
}

function causeHtml(c: Cause, rank: number): string {
  return `<section class="cause"><h3>${rank}. ${e(c.title)}<span class="badge ${e(c.confidence.level)}">${e(c.confidence.level)} confidence (${e(c.confidence.score.toFixed(2))})</span></h3>
<p>${e(c.explanation)}</p>
<h4>Evidence</h4>${c.evidence.map(evidenceHtml).join('')}
<h4>What fixes it</h4>${c.remedies.length === 0 ? '<p class="muted">No safe automatic fix; see the explanation.</p>' : `<ol class="remedies">${c.remedies.map((r) => `<li><strong>${e(r.title)}</strong>${r.automatic ? '' : ' <span class="muted">(by hand)</span>'}<br>${e(r.explanation)}<br><span class="muted"><code>${e(remedyData(r))}</code></span></li>`).join('')}</ol>`}
<p class="muted">Signals: ${e(c.confidence.signals.join(', '))}</p></section>`;
}

const STATUS_TEXT: Readonly<Record<Report['diagnosis']['status'], string>> = {
  healthy: 'No problem found.',
  'problem-found': 'A problem was found.',
  unexplained: 'An import fails, but no cause could be shown with evidence.',
  partial: 'Cancelled: only part of the environment was examined.',
};

/** The report as a standalone HTML document; redacted unless `redact: false`. */
export function renderHtml(input: Report, options: RenderOptions = {}): string {
  const report = options.redact === false ? input : shareableReport(input, options.identity);
  const d = report.diagnosis;
  const env = report.environment;
  const parts: string[] = [];
  parts.push(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${e(`Python DLL Doctor report — ${STATUS_TEXT[d.status]}`)}</title><style>${CSS}</style></head><body>`);
  parts.push(`<header><h1>Python DLL Doctor report</h1><p class="meta">${e(`${report.app.name} ${report.app.version} · ${report.os.platform} ${report.os.release} (${report.os.arch}) · generated ${report.generatedAt} · report schema v${report.schemaVersion}`)}</p>
<p class="note">${report.redaction.applied ? e(`Redacted for sharing: ${report.redaction.replaced.join(', ')}. The full report stays on the machine that made it.`) : 'Not redacted: this report shows user name, home folder and host name. Do not share it as it is.'}</p></header>`);
  parts.push(`<div class="status ${e(d.status)}">${e(STATUS_TEXT[d.status])}${d.causes.length > 0 ? e(` Most likely: ${d.causes[0]?.title ?? ''}`) : ''}</div>`);
  parts.push(`<h2>Environment</h2>${kv([
    ['Python', env.python],
    ['Prefix', env.prefix],
    ['Version', env.pythonVersion],
    ['Implementation', env.implementation],
    ['Platform', `${env.platform}${env.architecture ? ` (${env.architecture})` : ''}`],
    ['Kind', env.kind],
    ['Packages', String(env.packageCount)],
  ])}`);
  if (report.error) {
    const p = report.error.parsed;
    parts.push(`<h2>The error as given</h2><pre>${e(report.error.text)}</pre>${kv([
      ['Recognised', p.recognized ? `${p.failureClass}${p.errorCode !== null ? ` (Win32 error ${p.errorCode})` : ''}` : 'not a load failure this tool knows'],
      ['Module', p.module ? `${p.module} (from ${p.moduleSource ?? '?'})` : null],
      ['Message language', p.language],
    ])}`);
  }
  parts.push(`<h2>Modules examined</h2>${d.modules.length === 0 ? '<p class="muted">None.</p>' : `<table><thead><tr><th>Module</th><th>Package</th><th>Import</th></tr></thead><tbody>${d.modules.map((m) => `<tr><td><code>${e(m.module)}</code></td><td>${e(m.package ?? '—')}</td><td>${m.ok ? 'works' : e(m.message ?? 'fails')}</td></tr>`).join('')}</tbody></table>`}`);
  parts.push(`<h2>Causes</h2>${d.causes.length === 0 ? `<p>${e(d.status === 'healthy' ? 'No problem found in what was checked (listed below).' : 'None could be shown with evidence.')}</p>` : d.causes.map((c, i) => causeHtml(c, i + 1)).join('')}`);
  parts.push(`<h2>What was checked</h2><table><thead><tr><th>Check</th><th>Result</th><th>Detail</th></tr></thead><tbody>${d.checks.map((c) => `<tr><td>${e(c.title)}</td><td>${e(c.status)}</td><td>${e(c.detail)}</td></tr>`).join('')}</tbody></table>`);
  parts.push(`<h2>Actions taken</h2>${report.actions.length === 0 ? '<p class="muted">None.</p>' : report.actions.map((a) => `<section class="cause"><h3>${e(a.title)} <span class="badge">${e(a.status)}</span></h3><p class="muted">${e(`${a.startedAt}${a.finishedAt ? ` → ${a.finishedAt}` : ''}`)}</p>${a.command ? `<pre>${e(a.command.join(' '))}</pre>` : ''}<details open><summary>Log</summary><pre>${e(a.log)}</pre></details></section>`).join('')}`);
  parts.push(`<h2>Verification</h2>${report.verification ? `<p><strong>${e(report.verification.status)}</strong> — ${e(report.verification.detail)}</p>${report.verification.modules.length > 0 ? `<ul>${report.verification.modules.map((m) => `<li><code>${e(m.module)}</code>: ${m.ok ? 'imports' : e(m.message ?? 'fails')}</li>`).join('')}</ul>` : ''}` : '<p class="muted">Not run.</p>'}`);
  parts.push('</body></html>\n');
  return parts.join('\n');
}
