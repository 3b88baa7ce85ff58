import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../app/diagnosis/diagnose';
import { createLiveDeps } from '../../app/diagnosis/facts/live-deps';
import { isFixed } from '../../app/diagnosis/is-fixed';
import type { Diagnosis } from '../../app/diagnosis/types';
import { english, formatMessage, message, texts } from '../../app/messages';
import { applyPlan, planRepair, rollback } from '../../app/repair';
import type { RepairOutcome, RepairPlan } from '../../app/repair/types';
import { buildReport } from '../../app/report/build-report';
import { repairOf, verificationOf } from '../../app/report/engine-results';
import { renderHtml } from '../../app/report/render-html';
import { renderMarkdown } from '../../app/report/render-markdown';
import { buildImagelibScenario, type LinuxScenario } from '../scenarios/support/linux-scenarios';
import { startPackageIndex, type PackageIndex } from '../support/package-index';
import { englishSentencesIn, engineSentences, type Sentence } from './engine-sentences';

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const markdown = (text: string) => text.replace(/([\\`*_[\]|~])/g, '\\$1');

/** The step titles of a plan and every sentence a repair outcome holds (its summary, each action's title). */
function repairSentences(plan: RepairPlan | null, outcomes: readonly RepairOutcome[]): Sentence[] {
  return [
    ...(plan?.steps ?? []).map((s) => ({ field: `plan step ${s.id}`, text: s.title, ref: s.messages?.title })),
    ...outcomes.flatMap((o) => [{ field: `summary (${o.status})`, text: o.summary, ref: o.messages?.summary }, ...o.actions.map((a) => ({ field: `action ${a.kind}`, text: a.title, ref: a.messages?.title }))]),
  ];
}

/** The sentences whose German differs, and that therefore must not appear in English in a German report. */
function untranslated(report: string, sentences: readonly Sentence[], escape: (s: string) => string): string[] {
  return sentences.filter((s) => s.ref && formatMessage(s.ref, 'de') !== s.text && report.includes(escape(s.text))).map((s) => `${s.field}: ${s.text}`);
}

// A real undefined-symbol failure (imagelib 4.1.0 needs a function its companion 1.0 lacks), repaired
// with real pip from a local index, rolled back, and a repair whose second step fails and is rolled back.
describe('a German report of a real repair', () => {
  let dir: string;
  let scenario: LinuxScenario;
  let index: PackageIndex;
  let env: NodeJS.ProcessEnv;
  let diagnosis: Diagnosis;
  let plan: RepairPlan;
  let fixed: RepairOutcome;
  let undone: RepairOutcome;
  let failed: RepairOutcome;
  let after: Diagnosis;
  const quiet = { onLine: () => undefined, onProgress: () => undefined };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor report de '));
    const dataDir = path.join(dir, 'data');
    scenario = await buildImagelibScenario(dir);
    index = await startPackageIndex(scenario.wheelDir);
    const { PIP_NO_INDEX: _n, PIP_FIND_LINKS: _f, ...rest } = scenario.env;
    env = { ...rest, PIP_INDEX_URL: index.url, PIP_NO_CACHE_DIR: '1' };
    diagnosis = await diagnose({ python: scenario.python, errorText: scenario.errorText }, createLiveDeps({ env }));
    const remedy = diagnosis.causes.flatMap((c) => c.remedies).find((r) => r.kind === 'pip-install-version');
    if (!remedy) throw new Error(`the diagnosis offers no version to install: ${diagnosis.causes.map((c) => c.title).join('; ')}`);
    plan = await planRepair({ python: scenario.python, remedy }, { env, dataDir });
    // Fixed means what the wizard's verification means: the module diagnosed again, and isFixed of that.
    const verify = async () => isFixed(await diagnose({ python: scenario.python, module: scenario.module }, createLiveDeps({ env })));
    fixed = await applyPlan(plan, { ...quiet, dataDir, env, signal: new AbortController().signal, verify });
    after = await diagnose({ python: scenario.python, module: scenario.module }, createLiveDeps({ env }));
    undone = await rollback(scenario.python, fixed.snapshotId ?? '', { ...quiet, dataDir, env });
    // A step that cannot succeed (no such version): the repair is rolled back, and says so.
    const impossible = { id: 'step-2', kind: 'command' as const, ...texts({ title: message('action.install-pip', { package: 'companion', version: ' 99.0' }) }), argv: [scenario.python, '-m', 'pip', 'install', 'companion==99.0'] };
    const environment = await realpath(path.dirname(path.dirname(scenario.python)));
    failed = await applyPlan({ ...plan, id: 'failing', environment, steps: [...plan.steps.map((s) => ({ ...s, expect: undefined })), impossible] }, { ...quiet, dataDir, env, signal: new AbortController().signal, verify });
  }, 300_000);
  afterAll(async () => {
    await index?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every step title, action title and repair sentence a message whose English is the sentence', () => {
    expect(fixed.status).toBe('fixed');
    expect(undone.summary).toMatch(/^Put back as it was before: /);
    expect(failed.status).toBe('failed-and-rolled-back');
    const said = repairSentences(plan, [fixed, undone, failed]);
    expect(said.length).toBeGreaterThan(6);
    expect(said.filter((s) => !s.ref || english(s.ref) !== s.text).map((s) => `${s.field}: ${s.text}`)).toEqual([]);
  });

  it('writes no English sentence of the repair, its rollback or the diagnosis into the German HTML and Markdown', () => {
    const sentences = [...engineSentences(diagnosis), ...repairSentences(plan, [fixed, undone, failed])];
    for (const [outcome, rolledBack] of [[fixed, null], [fixed, undone], [failed, null]] as const) {
      const report = buildReport({ diagnosis, appVersion: '0.1.0', actions: [...outcome.actions], verification: rolledBack ? null : verificationOf(after), repair: repairOf(outcome, rolledBack) });
      const german = { html: renderHtml(report, { redact: false, language: 'de' }), markdown: renderMarkdown(report, { redact: false, language: 'de' }) };
      expect(untranslated(german.html, sentences, html), `${outcome.status} (HTML)`).toEqual([]);
      expect(untranslated(german.markdown, sentences, markdown), `${outcome.status} (Markdown)`).toEqual([]);
      expect(englishSentencesIn(german.html), `${outcome.status} (HTML)`).toEqual([]);
      expect(englishSentencesIn(german.markdown), `${outcome.status} (Markdown)`).toEqual([]);
      // Each action's result in words, never its code ("succeeded", "rolled-back"), and its log under a German label.
      expect(`${german.html}\n${german.markdown}`).not.toMatch(/\b(succeeded|rolled-back)\b|<summary>Log</);
      expect(german.markdown).toContain('<details><summary>Protokoll</summary>');
      const summary = formatMessage((rolledBack ?? outcome).messages!.summary, 'de');
      expect(german.markdown).toContain(summary.slice(0, 30));
    }
  });

  it('writes the same report in English for an upstream bug tracker, byte for byte the engine\'s sentences', () => {
    const report = buildReport({ diagnosis, appVersion: '0.1.0', actions: [...fixed.actions], verification: null, repair: repairOf(fixed, undone) });
    const written = renderMarkdown(report, { redact: false, language: 'en' });
    expect(written).toContain(`The repair was undone. ${undone.summary.slice(0, 40)}`);
    for (const a of fixed.actions) expect(written).toContain(a.title);
  });
});
