import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import type { DiagnosisResult } from '../../app/contract/contract';
import { dispatch } from '../../app/contract/dispatch';
import type { Diagnosis } from '../../app/diagnosis/types';
import { localText } from '../../app/messages';
import type { RepairPlan } from '../../app/repair/types';
import { buildPillowProcedureScenario, type WindowsScenario } from '../scenarios/support/windows-scenarios';

// Issue 26, finding 5: the "how to check" of a copied Windows environment (Pillow 4.1.0 on Python 3.6.0,
// python-pillow/Pillow#2479) names that machine's python.exe once its folder is known, quoted as the
// Fix step quotes its commands; the placeholder stays only while it is not known.

const TRACEBACK_HOME = 'C:\\Users\\Ana Lee\\AppData\\Local\\Programs\\Python\\Python36';
const PLACEHOLDER = '--python <the python.exe of that environment>';

describe.skipIf(process.platform === 'win32')('how to check a copied Windows environment on its own machine', () => {
  let dir: string;
  let scenario: WindowsScenario;
  const context = { emit: () => undefined, signal: new AbortController().signal };
  const handlers = () => createEngineHandlers({ appVersion: 't', host: 'browser', platform: 'linux', arch: 'x64', env: process.env, dataDir: path.join(dir, 'data') });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'doctor that machine '));
    scenario = await buildPillowProcedureScenario(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Every "how to check" of a diagnosis: the unchecked list's and each machine fact's that is not known here. */
  const howToCheck = (d: Diagnosis, language = 'en'): string[] => [
    ...(d.unchecked ?? []).map((u) => localText(u, 'howToCheck', language)),
    ...Object.values(d.host ?? {}).flatMap((f) => (typeof f === 'object' && f !== null && 'status' in f && f.status === 'absent' ? [localText(f, 'howToCheck', language)] : [])),
  ].filter((t) => t.includes('diagnose --python'));

  async function diagnosed(engine: ReturnType<typeof handlers>, request: Record<string, unknown>): Promise<DiagnosisResult> {
    const answer = await dispatch(engine, 'diagnose', { jobId: `job-${Math.random().toString(36).slice(2, 10)}`, python: scenario.python, ...request }, context);
    expect(answer.ok, JSON.stringify(answer)).toBe(true);
    return (answer as { value: DiagnosisResult }).value;
  }

  it('keeps the placeholder while that machine\'s folder is not known', async () => {
    const d = await diagnosed(handlers(), { target: { kind: 'module', module: scenario.module } });
    const said = howToCheck(d);
    expect(said.length).toBeGreaterThan(1);
    expect(said.every((t) => t.includes(PLACEHOLDER))).toBe(true);
  });

  it('names the python.exe of the folder the traceback gives, quoted, in English and German', async () => {
    const d = await diagnosed(handlers(), { target: { kind: 'error-text', text: scenario.errorText.replace(scenario.prefix, TRACEBACK_HOME) } });
    const exe = `--python "${TRACEBACK_HOME}\\python.exe"`;
    for (const language of ['en', 'de']) {
      const said = howToCheck(d, language);
      expect(said.length, language).toBeGreaterThan(1);
      expect(said.every((t) => t.includes(exe)), said.join('\n')).toBe(true);
    }
    // This machine's copy is never named for that machine.
    expect(howToCheck(d).some((t) => t.includes(scenario.prefix))).toBe(false);
  });

  it('names the folder the wizard sends (the traceback\'s or the user\'s, one contract field), and refuses one no command line can hold', async () => {
    const d = await diagnosed(handlers(), { target: { kind: 'module', module: scenario.module }, home: 'D:\\Envs\\Py36' });
    expect(howToCheck(d).every((t) => t.includes('--python "D:\\Envs\\Py36\\python.exe"'))).toBe(true);
    const refused = await dispatch(handlers(), 'diagnose', { jobId: 'job-bad-home', python: scenario.python, target: { kind: 'module', module: scenario.module }, home: 'D:\\100%\\Py36' }, context);
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('reports the folder the user confirmed on the Fix step, in Markdown and HTML, though the diagnosis named the traceback\'s', async () => {
    const engine = handlers();
    const errorText = scenario.errorText.replace(scenario.prefix, TRACEBACK_HOME);
    const d = await diagnosed(engine, { target: { kind: 'module', module: scenario.module }, home: TRACEBACK_HOME });
    const remedy = d.causes[0]!.remedies.find((r) => r.recommended)!;
    const planned = await dispatch(engine, 'planRepair', { diagnosisId: d.id, remedyId: remedy.id, home: 'E:\\Ana\\Python36' }, context);
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    const plan = (planned as { value: RepairPlan }).value;
    for (const [format, language] of [['markdown', 'en'], ['html', 'de']] as const) {
      const rendered = await dispatch(engine, 'renderReport', { format, redact: false, language, diagnosisId: d.id, errorText, verificationId: null, repairJobId: null, planId: plan.id }, context);
      // As a reader sees it: HTML's entities and Markdown's escapes taken off.
      const content = (rendered as { value: { content: string } }).value.content.replace(/&quot;/g, '"').replace(/\\([\\_])/g, '$1');
      expect(content, format).toContain('diagnose --python "E:\\Ana\\Python36\\python.exe"');
      expect(content, format).not.toContain(`--python "${TRACEBACK_HOME}`);
      expect(content, format).not.toContain('<the python.exe');
    }
  });
});
