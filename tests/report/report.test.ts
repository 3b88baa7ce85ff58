import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildReport, shareableReport } from '../../app/report/build-report';
import { redactor } from '../../app/report/redact';
import { renderHtml } from '../../app/report/render-html';
import { fence, renderJson, renderMarkdown } from '../../app/report/render-markdown';
import { reportJsonSchema, reportSchema } from '../../app/report/schema';
import { sampleDiagnosis } from './sample-diagnosis';

const identity = { user: 'alice', home: '/home/alice', host: 'alice-laptop' };
const hostile = [
  'Traceback (most recent call last):',
  '  File "/home/alice/py36/Lib/site-packages/PIL/Image.py", line 56, in <module>',
  '    from . import _imaging as core',
  'ImportError: DLL load failed: The specified procedure could not be found. <script>alert(1)</script> ``` **bold** on alice-laptop',
].join('\n');

async function sampleReport() {
  const diagnosis = await sampleDiagnosis({ home: '/home/alice', errorText: hostile });
  return buildReport({
    diagnosis,
    appVersion: '0.1.0',
    os: { platform: 'linux', release: '6.1', arch: 'x64' },
    now: () => new Date('2026-11-24T10:00:05Z'),
    actions: [{ remedyId: 'r1', kind: 'pip-install-version', title: 'Install pillow 4.0.0 with pip', startedAt: '2026-11-24T10:00:01Z', finishedAt: '2026-11-24T10:00:04Z', status: 'succeeded', command: ['/home/alice/py36/python.exe', '-m', 'pip', 'install', 'pillow==4.0.0'], log: 'Successfully installed pillow-4.0.0\n</pre><img src=x onerror=alert(1)>' }],
    verification: { status: 'passed', detail: 'PIL._imaging imports', modules: [{ module: 'PIL._imaging', ok: true, message: null }] },
  });
}

describe('buildReport', () => {
  it('holds app version, OS, environment, the error as given, causes, actions and verification', async () => {
    const report = await sampleReport();
    expect(reportSchema.parse(report)).toBeTruthy();
    expect(report.error?.text).toBe(hostile);
    // The upstream fix release is recommended and first (issue 26, finding 6).
    expect(report.diagnosis.causes[0]?.remedies[0]).toMatchObject({ kind: 'pip-install-version', version: '4.1.1', recommended: true });
    expect(report.redaction.applied).toBe(false);
  });

  it('validates against the published JSON schema, which is up to date', async () => {
    const committed: unknown = JSON.parse(readFileSync(new URL('../../app/report/report-schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
    const validate = new Ajv2020({ strict: false }).compile(committed as object);
    const json: unknown = JSON.parse(renderJson(await sampleReport(), { identity }));
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...(json as object), schemaVersion: 2 })).toBe(false);
  });
});

describe('redaction', () => {
  it('replaces home, user and host by default and says so', async () => {
    const report = await sampleReport();
    for (const out of [renderHtml(report, { identity }), renderMarkdown(report, { identity }), renderJson(report, { identity })]) {
      expect(out).not.toMatch(/alice/);
      expect(out).toContain('~/py36');
      expect(out).toMatch(/Redacted for sharing|"applied": true/);
    }
  });

  it('keeps everything with redact: false, with no redaction banner', async () => {
    const report = await sampleReport();
    for (const out of [renderHtml(report, { redact: false, identity }), renderMarkdown(report, { redact: false, identity })]) {
      expect(out).toContain('/home/alice/py36');
      expect(out).toContain('alice-laptop');
      expect(out).toContain('complete report, with user name, home folder and host name');
      expect(out).not.toMatch(/redacted/i);
    }
    expect(JSON.parse(renderJson(report, { redact: false, identity }))).toMatchObject({ redaction: { applied: false, replaced: [] } });
    expect(shareableReport(report, identity).redaction.applied).toBe(true);
  });

  it('redacts Windows and Unix user folders of other machines too', () => {
    const r = redactor({ user: null, home: null, host: null });
    expect(r('C:\\Users\\Bob Smith\\AppData\\x.dll')).toBe('C:\\Users\\<user>\\AppData\\x.dll');
    expect(r('/home/carol/.venv/bin/python')).toBe('/home/<user>/.venv/bin/python');
  });
});

describe('renderHtml', () => {
  it('is self-contained: inline CSS, no script, no external resource', async () => {
    const html = renderHtml(await sampleReport(), { identity });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<style>');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|img|link|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)|@import|url\(/i);
    expect(html).toContain('@media print');
  });

  it('escapes everything that came from outside', async () => {
    const html = renderHtml(await sampleReport(), { identity });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('PySlice_AdjustIndices');
    expect(html).toContain('Install pillow 4.0.0 with pip');
  });
});

describe('renderMarkdown', () => {
  it('fences the error so backticks inside cannot close it', async () => {
    const md = renderMarkdown(await sampleReport(), { identity });
    expect(md).toContain('````text\nTraceback');
    expect(md).toContain('### 1. ');
    expect(md).toContain('**What fixes it**');
    const outsideFences = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    expect(outsideFences).not.toContain('<script>');
    expect(outsideFences).not.toContain('<img');
    expect(fence('a ```` b')).toMatch(/^`{5}/);
  });
});
