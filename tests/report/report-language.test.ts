import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../app/diagnosis/types';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { renderJson, renderMarkdown } from '../../app/report/render-markdown';
import { english, formatMessage } from '../../app/messages';
import { engineSentences as sentences } from './engine-sentences';
import { sampleDiagnosis } from './sample-diagnosis';

// The seed's Windows case: Pillow 4.1.0 on CPython 3.6.0, "The specified procedure could not be found."
// (https://github.com/python-pillow/Pillow/issues/2479).
const pasted = ['Traceback (most recent call last):', '  File "C:\\py36\\lib\\site-packages\\PIL\\Image.py", line 56, in <module>', '    from . import _imaging as core', 'ImportError: DLL load failed: The specified procedure could not be found.'].join('\n');

async function report() {
  const diagnosis = await sampleDiagnosis({ home: '/home/alice', errorText: pasted });
  return { diagnosis, report: buildReport({ diagnosis, appVersion: '0.1.0', os: { platform: 'linux', release: '6.1', arch: 'x64' }, now: () => new Date('2026-11-24T10:00:05Z') }) };
}

describe('the report in the reader\'s language', () => {
  it('gives every cause, evidence, fix and check sentence of a real diagnosis a message id whose English is the sentence', async () => {
    const { diagnosis } = await report();
    const said = sentences(diagnosis);
    expect(said.length).toBeGreaterThan(10);
    expect(said.filter((s) => !s.ref || english(s.ref) !== s.text).map((s) => `${s.field}: ${s.text}`)).toEqual([]);
  });

  it('writes no English engine sentence into the German HTML and Markdown', async () => {
    const { diagnosis, report: r } = await report();
    const html = renderHtml(r, { redact: false, language: 'de' });
    const markdown = renderMarkdown(r, { redact: false, language: 'de' });
    expect(html).toContain('<html lang="de">');
    for (const s of sentences(diagnosis)) {
      if (!s.ref) continue;
      const german = formatMessage(s.ref, 'de');
      if (german === s.text) continue;
      expect(html, s.field).not.toContain(s.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
      expect(markdown.includes(s.text), `${s.field}: "${s.text}"`).toBe(false);
    }
    expect(html).toContain(formatMessage(diagnosis.causes[0]!.messages!.title!, 'de').split(' ')[0]);
    expect(html).toContain('Was geprüft wurde');
    expect(markdown).toContain('In Ordnung');
  });

  it('stays English when asked, for an upstream bug tracker, and the JSON keeps ids and English', async () => {
    const { diagnosis, report: r } = await report();
    const markdown = renderMarkdown(r, { redact: false, language: 'en' });
    expect(markdown).toContain(diagnosis.causes[0]!.title.replace(/([\\`*_[\]|~])/g, '\\$1').split(' ')[0]);
    expect(markdown).not.toContain('Was geprüft wurde');
    const json = JSON.parse(renderJson(r, { redact: false })) as { diagnosis: Diagnosis };
    expect(json.diagnosis.causes[0]!.title).toBe(diagnosis.causes[0]!.title);
    expect(json.diagnosis.causes[0]!.messages?.title?.id).toMatch(/^cause\./);
  });
});
