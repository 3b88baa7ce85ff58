import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderedReport } from '../../app/report/saved-report';
import { createReportSaving, type ReportSavingShell } from '../../main/report-saving';

const report: RenderedReport = { fileName: 'python-dll-doctor-report-2026-11-24T10-00-05-000Z-full.md', mediaType: 'text/markdown;charset=utf-8', content: '## Fixed — Python DLL Doctor report\n', redacted: false };

function shell(answer: (defaultPath: string) => { canceled: boolean; filePath?: string }) {
  const dialogs: Parameters<ReportSavingShell['showSaveDialog']>[0][] = [];
  const shown: string[] = [];
  const fake: ReportSavingShell = {
    showSaveDialog: async (options) => {
      dialogs.push(options);
      return answer(options.defaultPath);
    },
    showItemInFolder: (file) => void shown.push(file),
  };
  return { fake, dialogs, shown };
}

describe('saving a report in the desktop app', () => {
  it('asks with the system save dialog, offering the report name in Documents, and writes where the user chose', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'report-save-'));
    const chosen = path.join(dir, 'my bug report.md');
    const { fake, dialogs } = shell(() => ({ canceled: false, filePath: chosen }));
    const saved = await createReportSaving(fake, '/home/alice/Documents').saveAs(report);
    expect(dialogs).toEqual([{ title: 'Save the report', defaultPath: `/home/alice/Documents/${report.fileName}`, filters: [{ name: 'Markdown', extensions: ['md'] }] }]);
    expect(saved).toEqual({ path: chosen, redacted: false });
    expect(await readFile(chosen, 'utf8')).toBe(report.content);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'report-save-'));
    const { fake } = shell(() => ({ canceled: true, filePath: '' }));
    expect(await createReportSaving(fake, dir).saveAs(report)).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('says which file could not be written and why, and does not offer to show it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'report-save-'));
    const chosen = path.join(dir, 'report.md');
    const { fake } = shell(() => ({ canceled: false, filePath: chosen }));
    const saving = createReportSaving({ ...fake, writeFile: async () => { throw Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }); } }, dir);
    await expect(saving.saveAs(report)).rejects.toMatchObject({ code: 'report-unwritable', message: `The report could not be saved to ${chosen}: it is on a read-only file system (EROFS).` });
    expect(() => saving.reveal(chosen)).toThrow(/Only a report saved from this window/);
  });

  it('shows in its folder only a file saved from this window', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'report-save-'));
    const chosen = path.join(dir, 'report.md');
    const { fake, shown } = shell(() => ({ canceled: false, filePath: chosen }));
    const saving = createReportSaving(fake, dir);
    expect(() => saving.reveal(chosen)).toThrow(/Only a report saved from this window/);
    await saving.saveAs(report);
    saving.reveal(chosen);
    expect(() => saving.reveal('/etc/passwd')).toThrow(/Only a report saved from this window/);
    expect(shown).toEqual([chosen]);
  });
});
