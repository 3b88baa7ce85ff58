import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import type { DiagnosisDeps } from '../../app/diagnosis/facts/facts';
import { defaultDeps } from '../../app/diagnosis/facts/default-deps';
import { diagnosisSchema, type Diagnosis } from '../../app/diagnosis/types';
import { english } from '../../app/messages';
import { buildReport } from '../../app/report/build-report';
import { renderHtml } from '../../app/report/render-html';
import { renderMarkdown } from '../../app/report/render-markdown';
import { buildTorchPreloadScenario } from '../scenarios/support/context-windows-scenarios';
import { TORCH_ERROR, TORCH_SITE, torchEnvironment } from '../support/torch-after-pyqt';
import { cleanHealthReport } from '../support/health-report';
import { englishSentencesIn, engineSentences } from './engine-sentences';

// The context checks' details and the import timeline in a German report: what a package's own code
// was read to load (pytorch/pytorch#131662, a copied Windows torch read from its files), the program's
// imports and their replay (pytorch/pytorch#166628: torch fails only after PyQt5 loaded its own
// msvcp140.dll), and the timeline's clauses naming the copy loaded first.

function replayedDeps(): DiagnosisDeps {
  const env = torchEnvironment();
  const qt = `${TORCH_SITE}/PyQt5/Qt5/lib/libstdc++.so.6`;
  // After PyQt5 the import of torch fails, as in the program; on its own it works.
  const step = (module: string, ok: boolean) => ({ module, ok, exceptionType: ok ? null : 'ImportError', message: ok ? null : 'undefined symbol: _ZN3c104cuda9SetDeviceEi', traceback: null, loaded: module === 'PyQt5.QtCore' ? [qt] : [], events: [], pathAdded: [] });
  return {
    describeEnvironment: async () => env,
    importModule: async () => ({ status: 'ok' }),
    simulateLoad: async (_e, ext) => ({ root: ext.path, resolved: [], findings: [] }),
    healthChecks: async () => cleanHealthReport(),
    replayImports: async (_e, modules) => ({ baseline: [], auditHooks: true, steps: modules.map((m, i) => step(m, modules.length === 1 || i < modules.length - 1)), notReached: [] }),
    programImports: async () => [{ module: 'PyQt5.QtCore', line: 1 }, { module: 'torch', line: 3 }],
  };
}

function german(diagnosis: Diagnosis): { html: string; markdown: string } {
  const report = buildReport({ diagnosis, appVersion: '0.1.0', os: { platform: 'linux', release: '6.1', arch: 'x64' }, now: () => new Date('2026-12-07T10:00:00Z') });
  return { html: renderHtml(report, { redact: false, language: 'de' }), markdown: renderMarkdown(report, { redact: false, language: 'de' }) };
}

describe('a German report of the context checks', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor context de '));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes what torch\'s own code was read to load in German', async () => {
    const s = await buildTorchPreloadScenario(dir);
    const d = await diagnose({ python: s.python, module: 'torch._C' }, defaultDeps(s.python, process.env, 'linux'));
    const check = d.checks.find((c) => c.id === 'package-loading-code');
    expect(check?.messages?.detail && english(check.messages.detail)).toBe(check?.detail);
    const { html, markdown } = german(d);
    expect(englishSentencesIn(html), 'HTML').toEqual([]);
    expect(englishSentencesIn(markdown), 'Markdown').toEqual([]);
    expect(markdown).toMatch(/lädt vorab die 3 DLL\(s\) aus/);
  });

  it('writes the program\'s imports, their replay and the timeline\'s clauses in German', async () => {
    const d = diagnosisSchema.parse(await diagnose({ python: 'py', errorText: TORCH_ERROR }, replayedDeps()));
    for (const id of ['program-imports', 'context-replay']) {
      const check = d.checks.find((c) => c.id === id);
      expect(check?.messages?.detail && english(check.messages.detail), id).toBe(check?.detail);
    }
    expect(engineSentences(d).filter((s) => !s.ref || english(s.ref) !== s.text).map((s) => `${s.field}: ${s.text}`)).toEqual([]);
    // The timeline names the copy PyQt5 loaded first and what torch's own copy would have been (conflict.ts's finding).
    const cause = d.causes.find((c) => c.kind === 'context-dependent')!;
    const timeline = cause.evidence.find((e) => e.kind === 'import-timeline');
    expect(timeline).toBeDefined();
    if (timeline?.kind === 'import-timeline') {
      Object.assign(timeline, { conflict: { library: 'libstdc++.so.6', step: 0, earlierCopy: `${TORCH_SITE}/PyQt5/Qt5/lib/libstdc++.so.6`, ownCopy: '/usr/lib/x86_64-linux-gnu/libstdc++.so.6', missing: ['GLIBCXX_3.4.30'] } });
    }
    const { html, markdown } = german(d);
    expect(englishSentencesIn(html), 'HTML').toEqual([]);
    expect(englishSentencesIn(markdown), 'Markdown').toEqual([]);
    expect(markdown).toContain('(Zeile 1)');
    expect(html).toContain('hat die Kopie von <strong>libstdc++.so.6</strong> geladen, die später verwendet wird');
    expect(markdown).toContain('brauchte `libstdc++.so.6`, was dieser Kopie fehlt: `GLIBCXX_3.4.30`');
  });
});
