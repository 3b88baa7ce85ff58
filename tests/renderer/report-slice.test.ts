import { describe, expect, it } from 'vitest';
import type { AppInfo, DoctorApi, RequestOf } from '../../app/contract/contract';
import { parseErrorText } from '../../app/diagnosis/error-text/error-text';
import type { RepairOutcome } from '../../app/repair/types';
import type { RenderedReport, SavedReport } from '../../app/report/saved-report';
import { createDoctorStore, type DoctorStore } from '../../renderer/store/doctor-store';
import { sampleDiagnosis } from '../report/sample-diagnosis';

const pasted = 'ImportError: DLL load failed while importing _imaging: The specified procedure could not be found.';
const rendered: RenderedReport = { fileName: 'python-dll-doctor-report-2026-11-24T10-00-05-000Z.html', mediaType: 'text/html;charset=utf-8', content: '<!DOCTYPE html>…', redacted: true };
const fixed: RepairOutcome = { status: 'fixed', summary: 'Pillow 4.0.0 is installed and PIL._imaging imports.', snapshotId: 'snap-1', actions: [], importWorks: true };

interface Calls {
  render: RequestOf<'renderReport'>[];
  saveAs: RequestOf<'saveReportAs'>[];
  reveal: string[];
}

function api(calls: Calls, saveAnswer: SavedReport | null = { path: '/home/alice/Documents/report.html', redacted: true }): DoctorApi {
  return {
    renderReport: async (request: RequestOf<'renderReport'>) => {
      calls.render.push(request);
      return rendered;
    },
    saveReportAs: async (request: RequestOf<'saveReportAs'>) => {
      calls.saveAs.push(request);
      return saveAnswer;
    },
    revealInFolder: async ({ path }: { path: string }) => {
      calls.reveal.push(path);
      return null;
    },
    on: () => () => undefined,
  } as unknown as DoctorApi;
}

/** The wizard after a pasted error, a diagnosis of the module it names, a repair and its verification. */
async function afterRepair(store: DoctorStore, host: AppInfo['host']): Promise<void> {
  const diagnosis = { ...(await sampleDiagnosis({ home: '/home/alice', errorText: pasted })), target: { kind: 'module' as const, module: 'PIL._imaging' }, error: null, id: 'diagnosis-1', fixed: false };
  const after = { ...diagnosis, id: 'diagnosis-2', fixed: true, status: 'healthy' as const, causes: [], modules: [{ module: 'PIL._imaging', ok: true, message: null, package: 'Pillow' }] };
  store.setState({
    appInfo: { status: 'ready', value: { name: 'Python DLL Doctor', version: '0.1.0', platform: 'linux', arch: 'x64', host } },
    symptom: { kind: 'error', text: pasted, parsed: parseErrorText(pasted) },
    diagnosis: { status: 'ready', value: diagnosis, python: diagnosis.environment.python },
    apply: { status: 'finished', jobId: 'job-apply-1', outcome: fixed, rolledBack: null, rollbackJobId: null },
    verification: { status: 'ready', value: after },
  });
}

function emptyCalls(): Calls {
  return { render: [], saveAs: [], reveal: [] };
}

describe('report slice', () => {
  it('in browser mode, names the diagnosis, verification and repair by id with the pasted error, and hands the report to the download', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls));
    await afterRepair(store, 'browser');
    const downloads: RenderedReport[] = [];
    await store.getState().saveReport('html', (report) => downloads.push(report));
    expect(calls.saveAs).toEqual([]);
    expect(calls.render).toHaveLength(1);
    expect(calls.render[0]).toMatchObject({ format: 'html', redact: true, diagnosisId: 'diagnosis-1', errorText: pasted, verificationId: 'diagnosis-2', repairJobId: 'job-apply-1', rollbackJobId: null });
    // The page sends back no result the engine made, and no verdict sentence of its own.
    for (const result of ['diagnosis', 'verification', 'repair', 'actions']) expect(calls.render[0]).not.toHaveProperty(result);
    expect(JSON.stringify(calls.render[0])).not.toContain(fixed.summary);
    expect(downloads).toEqual([rendered]);
    expect(store.getState().savedReport).toEqual({ status: 'ready', value: { kind: 'downloaded', fileName: rendered.fileName, redacted: true } });
  });

  it('in the desktop app, saves with the system dialog, and shows only that file in its folder', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls));
    await afterRepair(store, 'electron');
    store.getState().setRedactReport(false);
    await store.getState().saveReport('markdown', () => expect.unreachable('no download in the desktop app'));
    expect(calls.saveAs[0]).toMatchObject({ format: 'markdown', redact: false });
    expect(store.getState().savedReport).toMatchObject({ status: 'ready', value: { kind: 'saved', path: '/home/alice/Documents/report.html' } });
    await store.getState().revealReport();
    expect(calls.reveal).toEqual(['/home/alice/Documents/report.html']);
  });

  it('changes nothing when the save dialog is cancelled', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls, null));
    await afterRepair(store, 'electron');
    await store.getState().saveReport('json', () => undefined);
    expect(store.getState().savedReport).toEqual({ status: 'idle' });
    await store.getState().revealReport();
    expect(calls.reveal).toEqual([]);
  });

  it('sends the end of a pasted log over 1 MB, from a whole line, and how much was left out', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls));
    await afterRepair(store, 'browser');
    const log = `${'INFO starting the batch job, nothing to see here\n'.repeat(25_000)}Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n${pasted}\n`;
    expect(log.length).toBeGreaterThan(1024 * 1024);
    store.setState({ symptom: { kind: 'error', text: log, parsed: parseErrorText(pasted) } });
    await store.getState().saveReport('html', () => undefined);
    const sent = calls.render[0]!;
    expect(sent.errorText!.length).toBeLessThanOrEqual(64 * 1024);
    expect(sent.errorText!.startsWith('INFO starting')).toBe(true);
    expect(sent.errorText!.endsWith(`${pasted}\n`)).toBe(true);
    expect(sent.errorOmitted! + sent.errorText!.length).toBe(log.length);
  });

  it('names the rollback that undid the repair', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls));
    await afterRepair(store, 'browser');
    store.setState({ apply: { status: 'finished', jobId: 'job-apply-1', outcome: fixed, rolledBack: { ...fixed, status: 'not-fixed', summary: 'Put back as it was before.' }, rollbackJobId: 'job-rollback-1' } });
    await store.getState().saveReport('html', () => undefined);
    expect(calls.render[0]).toMatchObject({ repairJobId: 'job-apply-1', rollbackJobId: 'job-rollback-1' });
  });

  it('copies the Markdown without saving a file, and never offers "Show in folder" for it', async () => {
    const calls = emptyCalls();
    const store = createDoctorStore(api(calls));
    await afterRepair(store, 'electron');
    const clipboard: string[] = [];
    await store.getState().copyMarkdown(async (text) => void clipboard.push(text));
    expect(calls.saveAs).toEqual([]);
    expect(calls.render[0]?.format).toBe('markdown');
    expect(clipboard).toEqual([rendered.content]);
    expect(store.getState().savedReport).toEqual({ status: 'ready', value: { kind: 'copied', redacted: true } });
    await store.getState().revealReport();
    expect(calls.reveal).toEqual([]);
  });
});
