import { marked, type Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import { dispatch } from '../../app/contract/dispatch';
import type { Diagnosis } from '../../app/diagnosis/types';
import { buildReport, type ReportInput } from '../../app/report/build-report';
import { reportOutcome } from '../../app/report/outcome';
import { renderHtml } from '../../app/report/render-html';
import { renderJson, renderMarkdown } from '../../app/report/render-markdown';
import { renderReport } from '../../app/report/render-report';
import type { RepairResult, Verification } from '../../app/report/schema';
import { sampleDeps, sampleDiagnosis } from './sample-diagnosis';

const identity = { user: 'alice', home: '/home/alice', host: 'alice-laptop' };
const pasted = ['Traceback (most recent call last):', '  File "C:\\py36\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>', '    from . import _imaging as core', 'ImportError: DLL load failed: The specified procedure could not be found.'].join('\n');
const fixedRepair: RepairResult = { status: 'fixed', summary: 'Pillow 4.0.0 is installed and PIL._imaging imports.' };
const passed: Verification = { status: 'passed', detail: 'PIL._imaging imports again.', modules: [{ module: 'PIL._imaging', ok: true, message: null }] };
const stillFails: Verification = { status: 'failed', detail: 'PIL._imaging still fails to import.', modules: [{ module: 'PIL._imaging', ok: false, message: 'DLL load failed' }] };

/** The diagnosis as the wizard gets it: it asks for the module the pasted error names, so `error` is null. */
async function wizardDiagnosis(): Promise<Diagnosis> {
  const diagnosis = await sampleDiagnosis({ home: '/home/alice', errorText: pasted });
  return { ...diagnosis, target: { kind: 'module', module: 'PIL._imaging' }, error: null };
}

function input(diagnosis: Diagnosis, extra: Partial<ReportInput> = {}): ReportInput {
  return { diagnosis, appVersion: '0.1.0', os: { platform: 'linux', release: '6.1', arch: 'x64' }, now: () => new Date('2026-11-24T10:00:05Z'), ...extra };
}

function context() {
  return { emit: () => undefined, signal: new AbortController().signal };
}

/** The engine handlers diagnosing the sample environment (a copied Pillow 4.1.0 under /home/alice). */
function engineWithSample(log?: { file: string; write: () => undefined }) {
  return createEngineHandlers({ appVersion: '0.1.0', host: 'browser', platform: 'linux', arch: 'x64', env: {}, dataDir: '/nonexistent', diagnosisDeps: () => sampleDeps('/home/alice'), ...(log ? { log } : {}) });
}

/** The id of a diagnosis the engine made and kept, of the module the pasted error names (as the wizard asks). */
async function diagnosed(handlers: ReturnType<typeof createEngineHandlers>, jobId: string): Promise<string> {
  const result = await dispatch(handlers, 'diagnose', { jobId, python: '/home/alice/py36/python.exe', target: { kind: 'module', module: 'PIL._imaging' } }, context());
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { id: string }).id;
}

function h1(html: string): string {
  return /<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
}

describe('the outcome headline', () => {
  it('says Fixed after a verified repair, in every format, and never "A problem was found"', async () => {
    const report = buildReport(input(await wizardDiagnosis(), { repair: fixedRepair, verification: passed }));
    expect(report.outcome).toEqual({ status: 'fixed', headline: 'PIL._imaging imports again.', from: 'verification' });
    const html = renderHtml(report, { identity });
    expect(h1(html)).toBe('Fixed');
    expect(html).toMatch(/<title>Fixed — /);
    expect(html).not.toMatch(/problem was found|Problem found/);
    expect(renderMarkdown(report, { identity }).split('\n')[0]).toBe('## Fixed — Python DLL Doctor report');
    expect(JSON.parse(renderJson(report, { identity })).outcome.status).toBe('fixed');
  });

  it('follows the verification it is given over the repair, and the repair over the diagnosis', async () => {
    const diagnosis = await wizardDiagnosis();
    expect(reportOutcome({ diagnosis, repair: fixedRepair, verification: stillFails })).toMatchObject({ status: 'not-fixed', from: 'verification' });
    expect(reportOutcome({ diagnosis, repair: fixedRepair, verification: null })).toMatchObject({ status: 'fixed', from: 'repair', headline: fixedRepair.summary });
    expect(reportOutcome({ diagnosis, repair: fixedRepair, verification: { ...passed, status: 'not-run' } })).toMatchObject({ status: 'fixed', from: 'repair' });
    for (const status of ['not-fixed', 'failed-and-rolled-back', 'failed', 'cancelled'] as const) {
      expect(reportOutcome({ diagnosis, repair: { status, summary: 'Rolled back.' }, verification: null })).toMatchObject({ status: 'not-fixed', headline: 'Rolled back.' });
    }
    expect(reportOutcome({ diagnosis, repair: { status: 'undone', summary: 'Back to the snapshot.' }, verification: passed })).toMatchObject({ status: 'not-fixed', from: 'repair' });
  });

  it('reports the diagnosis when nothing was repaired: problem found, inconclusive, no problem found', async () => {
    const diagnosis = await wizardDiagnosis();
    expect(h1(renderHtml(buildReport(input(diagnosis)), { identity }))).toBe('Problem found');
    // A verification without a repair fixed nothing.
    expect(reportOutcome({ diagnosis, repair: null, verification: passed }).status).toBe('problem-found');
    expect(h1(renderHtml(buildReport(input({ ...diagnosis, status: 'unexplained', causes: [] })), { identity }))).toBe('Inconclusive');
    expect(h1(renderHtml(buildReport(input({ ...diagnosis, status: 'healthy', causes: [] })), { identity }))).toBe('No problem found');
  });
});

describe('the headline for a copied environment', () => {
  it('says nothing was changed when a Windows environment was examined from its files elsewhere, and not on its own system', async () => {
    const diagnosis = await wizardDiagnosis();
    expect(diagnosis.environment.platform).toBe('windows');
    const elsewhere = buildReport(input(diagnosis));
    expect(elsewhere.outcome?.status).toBe('problem-found');
    expect(elsewhere.outcome?.headline).toMatch(/^Most likely cause: .+\. Nothing was changed: this environment was examined from its files on another system/);
    expect(renderMarkdown(elsewhere, { identity })).toContain('Nothing was changed: this environment was examined from its files');
    const onItsOwnSystem = buildReport(input(diagnosis, { os: { platform: 'win32', release: '10.0.19045', arch: 'x64' } }));
    expect(onItsOwnSystem.outcome?.headline).not.toContain('Nothing was changed');
    // A repair that ran is the headline, whatever the system.
    expect(buildReport(input(diagnosis, { repair: fixedRepair })).outcome?.headline).toBe(fixedRepair.summary);
  });
});

describe('the error as given', () => {
  it('is in the report when the diagnosis was made for the module the error names', async () => {
    const report = buildReport(input(await wizardDiagnosis(), { errorText: pasted }));
    expect(report.error?.text).toBe(pasted);
    expect(report.error?.parsed).toMatchObject({ recognized: true, failureClass: 'procedure-not-found', module: 'PIL._imaging' });
    expect(renderHtml(report, { identity })).toContain('ImportError: DLL load failed: The specified procedure could not be found.');
  });

  it('says when it is the last part of a longer log', async () => {
    const report = buildReport(input(await wizardDiagnosis(), { errorText: pasted, errorOmitted: 1_234_567 }));
    expect(report.error?.omittedBefore).toBe(1_234_567);
    expect(renderHtml(report, { identity, locale: 'en-US' })).toContain('The last part of a longer log; 1,234,567 characters before it are left out.');
    expect(renderMarkdown(report, { identity, locale: 'de-DE' })).toContain('The last part of a longer log; 1.234.567 characters before it are left out.');
    expect(buildReport(input(await wizardDiagnosis(), { errorText: pasted })).error).not.toHaveProperty('omittedBefore');
  });

  it('is kept even when the reader recognises nothing in it', async () => {
    const report = buildReport(input(await wizardDiagnosis(), { errorText: 'Segmentation fault (core dumped)' }));
    expect(report.error).toMatchObject({ text: 'Segmentation fault (core dumped)', parsed: { recognized: false } });
  });

  it('reaches the report through the contract exactly as the wizard sends it: the diagnosis and its verification by id', async () => {
    const handlers = engineWithSample({ file: '/home/alice/.local/share/python-dll-doctor/logs/doctor.log', write: () => undefined });
    const diagnosisId = await diagnosed(handlers, 'job-diagnose-1');
    const verificationId = await diagnosed(handlers, 'job-diagnose-2');
    const request = { format: 'json', redact: true, diagnosisId, errorText: pasted, verificationId, repairJobId: null, locale: 'de-DE' };
    const result = await dispatch(handlers, 'renderReport', JSON.parse(JSON.stringify(request)), context());
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const rendered = (result as { value: { content: string; fileName: string; mediaType: string; redacted: boolean } }).value;
    expect(rendered).toMatchObject({ mediaType: 'application/json;charset=utf-8', redacted: true });
    expect(rendered.fileName).toMatch(/^python-dll-doctor-report-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
    const json = JSON.parse(rendered.content);
    expect(json.error.text).toBe(pasted);
    expect(json.diagnosis.target).toEqual({ kind: 'module', module: 'PIL._imaging' });
    // The engine's own verdict on the diagnosis made again: the module still fails, in its words.
    expect(json.verification).toMatchObject({ status: 'failed', detail: '1 module still fails to import.' });
    // No repair ran, so the verification fixed nothing: the headline stays the diagnosis'.
    expect(json.outcome.status).toBe('problem-found');
    expect(json.repair).toBeNull();
    expect(json.logFile).toMatch(/\/logs\/doctor\.log$/);
    expect(json.generatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('refuses results the page sends instead of ids, and says so', async () => {
    const handlers = engineWithSample();
    const request = { format: 'json', redact: true, diagnosis: await wizardDiagnosis(), errorText: pasted, actions: [], verification: passed, repair: fixedRepair };
    const result = await dispatch(handlers, 'renderReport', JSON.parse(JSON.stringify(request)), context());
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('says what to do when the diagnosis, the verification or the repair is one the engine does not know', async () => {
    const handlers = engineWithSample();
    const diagnosisId = await diagnosed(handlers, 'job-diagnose-3');
    const unknown = '00000000-0000-0000-0000-000000000000';
    const base = { format: 'markdown', redact: true, diagnosisId, errorText: null, verificationId: null, repairJobId: null };
    expect(await dispatch(handlers, 'renderReport', { ...base, diagnosisId: unknown }, context())).toMatchObject({ ok: false, error: { code: 'unknown-diagnosis', whatToDo: expect.stringContaining('diagnosis again') } });
    expect(await dispatch(handlers, 'renderReport', { ...base, verificationId: unknown }, context())).toMatchObject({ ok: false, error: { code: 'unknown-diagnosis' } });
    expect(await dispatch(handlers, 'renderReport', { ...base, repairJobId: 'job-never-ran' }, context())).toMatchObject({ ok: false, error: { code: 'unknown-repair', message: expect.stringContaining('no longer known'), whatToDo: expect.stringContaining('Diagnose again') } });
    expect(await dispatch(handlers, 'renderReport', { ...base, rollbackJobId: 'job-never-ran' }, context())).toMatchObject({ ok: false, error: { code: 'unknown-repair' } });
    expect(await dispatch(handlers, 'renderReport', base, context())).toMatchObject({ ok: true });
  });

  it('is refused with a clear message when the locale is not a language tag', async () => {
    const handlers = engineWithSample();
    const request = { format: 'html', redact: true, diagnosisId: await diagnosed(handlers, 'job-diagnose-4'), errorText: null, verificationId: null, repairJobId: null, locale: 'de"><script>' };
    const result = await dispatch(handlers, 'renderReport', JSON.parse(JSON.stringify(request)), context());
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('the complete report', () => {
  it('is rendered complete, without a redaction note, when redact is false', async () => {
    const full = renderReport(input(await wizardDiagnosis(), { errorText: pasted }), 'html', { redact: false, identity });
    expect(full.redacted).toBe(false);
    expect(full.fileName).toMatch(/-full\.html$/);
    expect(full.content).toContain('/home/alice/py36');
    expect(full.content).not.toMatch(/redacted/i);
    const shared = renderReport(input(await wizardDiagnosis(), { errorText: pasted }), 'html', { redact: true, identity });
    expect(shared.content).not.toContain('/home/alice');
    expect(shared.content).toContain('Redacted for sharing');
  });
});

describe('dates and numbers', () => {
  it('follow the locale in HTML and Markdown; JSON keeps ISO 8601', async () => {
    const diagnosis = await wizardDiagnosis();
    const report = buildReport(input({ ...diagnosis, environment: { ...diagnosis.environment, packageCount: 1234 } }));
    const de = { identity, locale: 'de-DE', timeZone: 'UTC' };
    const html = renderHtml(report, de);
    expect(html).toContain('<time datetime="2026-11-24T10:00:05.000Z">24. November 2026 um 10:00:05</time>');
    expect(html).toContain('1.234');
    expect(html).toMatch(/high confidence \(0,\d\d\)/);
    const md = renderMarkdown(report, de);
    expect(md).toContain('24. November 2026 um 10:00:05');
    expect(md).toContain('1.234 packages');
    expect(renderHtml(report, { identity, locale: 'en-US', timeZone: 'UTC' })).toContain('November 24, 2026 at 10:00:05 AM');
    expect(JSON.parse(renderJson(report, de)).generatedAt).toBe('2026-11-24T10:00:05.000Z');
  });

  it('fall back to English for a locale Intl does not know', async () => {
    const report = buildReport(input(await wizardDiagnosis()));
    expect(renderHtml(report, { identity, locale: 'x-not-a-locale!', timeZone: 'UTC' })).toContain('November 24, 2026');
  });
});

describe('the log file', () => {
  it('is named in every format, and redacted like every path', async () => {
    const report = buildReport(input(await wizardDiagnosis(), { logFile: '/home/alice/.config/Python DLL Doctor/logs/main.log' }));
    expect(renderHtml(report, { identity })).toMatch(/worth attaching as well: <code>~\/<wbr>\.config\/<wbr>Python DLL Doctor\/<wbr>logs\/<wbr>main\.log<\/code>/);
    expect(renderMarkdown(report, { identity })).toContain("The app's log, worth attaching as well: `~/.config/Python DLL Doctor/logs/main.log`");
    expect(JSON.parse(renderJson(report, { redact: false })).logFile).toBe('/home/alice/.config/Python DLL Doctor/logs/main.log');
    // A host that keeps no log (logFile null) gets no such section.
    expect(renderHtml(buildReport(input(await wizardDiagnosis(), { logFile: null })), { identity })).not.toContain('Log file');
  });
});

describe('Markdown tables', () => {
  it('keep every row whole when paths, messages and details hold pipes, backticks and newlines', async () => {
    const diagnosis = await wizardDiagnosis();
    const odd: Diagnosis = {
      ...diagnosis,
      environment: { ...diagnosis.environment, python: 'C:\\odd|dir\\python.exe', prefix: 'C:\\odd|dir' },
      modules: [{ module: 'PIL._imaging', ok: false, message: 'failed | with `a pipe`\nand a second line', package: 'Pil|low' }],
      checks: [...diagnosis.checks, { ...diagnosis.checks[0]!, title: 'A | B', detail: 'x || y\n| z |' }],
      causes: diagnosis.causes.map((c) => ({
        ...c,
        evidence: c.evidence.map((ev) => (ev.kind === 'dependency-chain' ? { ...ev, links: ev.links.map((l) => ({ ...l, file: 'C:\\a|b\\_imaging.pyd', needs: 'py|thon36.dll' })) } : ev)),
      })),
    };
    const md = renderMarkdown(buildReport(input(odd)), { redact: false });
    const tables = marked.lexer(md).flatMap(function collect(token): Tokens.Table[] {
      if (token.type === 'table') return [token as Tokens.Table];
      const children = (token as { tokens?: unknown[]; items?: unknown[] }).tokens ?? (token as { items?: unknown[] }).items ?? [];
      return (children as Parameters<typeof collect>[0][]).flatMap(collect);
    });
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    const cells = tables.flatMap((table) => table.rows.flat().map((cell) => cell.text));
    expect(cells).toContain('`C:\\odd|dir`');
    expect(cells).toContain('`C:\\a|b\\_imaging.pyd`');
    expect(cells.some((c) => c.includes('failed | with') && c.includes('and a second line'))).toBe(true);
    expect(cells).toContain('x || y | z |');
  });
});

describe('reports written for people (issue 26, finding 6)', () => {
  const internal = /\bkind:|\bautomatic:|recommendedBecause|procedure-not-found|static-simulation|Message language|Signals:|\b1 packages\b|Kind \| system/;

  it('the HTML and Markdown show no field names or codes, the JSON keeps them', async () => {
    const report = buildReport(input(await sampleDiagnosis({ home: '/home/alice', errorText: pasted })));
    const html = renderHtml(report, { identity });
    const md = renderMarkdown(report, { identity });
    expect(html).not.toMatch(internal);
    expect(md).not.toMatch(internal);
    expect(md).toContain('Python installation, 1 package |');
    expect(md).toContain('Recognised: a function the module needs is missing from a DLL (Win32 error 127)');
    expect(renderJson(report)).toContain('"recommendedBecause"');
    expect(renderJson(report)).toContain('"procedure-not-found"');
  });

  it('marks the recommended fix, the upstream release 4.1.1, in both', async () => {
    const report = buildReport(input(await sampleDiagnosis({ home: '/home/alice', errorText: pasted })));
    expect(renderMarkdown(report, { identity })).toMatch(/^1\. \*\*Recommended:\*\* \*\*Install pillow 4\.1\.1 with pip\*\*/m);
    expect(renderHtml(report, { identity })).toMatch(/<li><span class="badge high">Recommended<\/span> <strong>Install pillow 4\.1\.1 with pip<\/strong>/);
  });
});
