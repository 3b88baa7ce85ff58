import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { Diagnosis } from '../../app/diagnosis/types';
import { checkHealth } from '../../app/envs';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { renderJson, renderMarkdown } from '../../app/report/render-markdown';
import { english, formatMessage } from '../../app/messages';
import { englishSentencesIn, engineSentences as sentences } from './engine-sentences';
import { sampleDeps, sampleDiagnosis } from './sample-diagnosis';
import { distributionRecord } from '../support/distribution';

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
    // No catalog sentence in English, whether its message went untranslated or its words were put together in English.
    expect(englishSentencesIn(html), 'HTML').toEqual([]);
    expect(englishSentencesIn(markdown), 'Markdown').toEqual([]);
    // The loader's search step and the file's installer in words, never their codes.
    expect(markdown).toContain('| Ordner von python.exe | kein Paket (Installationsprogramm unbekannt) |');
    expect(`${html}\n${markdown}`).not.toMatch(/application-dir|\(unknown\)/);
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

  it('writes the health checks\' findings in German: a file Pillow\'s RECORD lists that is not there', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'doctor health de '));
    try {
      // Pillow 4.1.0 installed by pip, its extension module gone (app/envs reads the real RECORD on disk).
      const site = path.join(home, 'py36', 'Lib', 'site-packages');
      const info = path.join(site, 'Pillow-4.1.0.dist-info');
      await mkdir(path.join(site, 'PIL'), { recursive: true });
      await mkdir(info, { recursive: true });
      await writeFile(path.join(site, 'PIL', '__init__.py'), 'VERSION = "4.1.0"\n');
      await writeFile(path.join(info, 'INSTALLER'), 'pip\n');
      await writeFile(path.join(info, 'RECORD'), ['PIL/__init__.py,sha256=AAAA,18', 'PIL/_imaging.cp36-win_amd64.pyd,sha256=BBBB,2350592', 'Pillow-4.1.0.dist-info/RECORD,,'].join('\n'));
      const deps = sampleDeps(home);
      const withRecord = { ...deps, healthChecks: async () => checkHealth({ ...(await deps.describeEnvironment('')).description, distributions: [distributionRecord('Pillow', '4.1.0', site, { recordEntries: 3 })] }, { verifyHashes: 'none' }) };
      const diagnosis = await diagnose({ python: `${home}/py36/python.exe`, errorText: pasted }, withRecord, () => {}, { now: () => new Date('2026-11-24T10:00:00Z') });
      const check = diagnosis.checks.find((c) => c.id === 'health:missing-file');
      expect(check?.detail).toContain('PIL/_imaging.cp36-win_amd64.pyd is listed but missing.');
      const r = buildReport({ diagnosis, appVersion: '0.1.0', os: { platform: 'linux', release: '6.1', arch: 'x64' }, now: () => new Date('2026-11-24T10:00:05Z') });
      const html = renderHtml(r, { redact: false, language: 'de' });
      const markdown = renderMarkdown(r, { redact: false, language: 'de' });
      expect(englishSentencesIn(html), 'HTML').toEqual([]);
      expect(englishSentencesIn(markdown), 'Markdown').toEqual([]);
      expect(markdown).toContain('ist verzeichnet, fehlt aber.');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
