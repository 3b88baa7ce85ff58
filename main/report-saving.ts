import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '../app/base/errors';
import { reportWriteError } from '../app/report/report-write-error';
import type { RenderedReport, SavedReport } from '../app/report/saved-report';

/** The parts of Electron's dialog and shell that saving a report uses (tests pass their own). */
export interface ReportSavingShell {
  readonly showSaveDialog: (options: {
    title: string;
    defaultPath: string;
    filters: { name: string; extensions: string[] }[];
  }) => Promise<{ canceled: boolean; filePath?: string }>;
  readonly showItemInFolder: (file: string) => void;
  readonly writeFile?: (file: string, content: string) => Promise<void>;
}

const FILTERS: Readonly<Record<string, { name: string; extensions: string[] }>> = {
  '.html': { name: 'Web page', extensions: ['html'] },
  '.md': { name: 'Markdown', extensions: ['md'] },
  '.json': { name: 'JSON', extensions: ['json'] },
};

/**
 * The desktop app's side of saving a report: the system save dialog chooses the file, and "Show in
 * folder" opens only a file saved that way in this session (the request comes from the page, which
 * must not be able to open anything else).
 * https://www.electronjs.org/docs/latest/api/dialog#dialogshowsavedialogwindow-options
 */
export function createReportSaving(shell: ReportSavingShell, defaultDir: string) {
  const saved = new Set<string>();
  const write = shell.writeFile ?? ((file: string, content: string) => writeFile(file, content, 'utf8'));
  return {
    saveAs: async (report: RenderedReport): Promise<SavedReport | null> => {
      const filter = FILTERS[path.extname(report.fileName)];
      const choice = await shell.showSaveDialog({
        title: 'Save the report',
        defaultPath: path.join(defaultDir, report.fileName),
        filters: filter ? [filter] : [],
      });
      if (choice.canceled || !choice.filePath) return null;
      const file = path.resolve(choice.filePath);
      await write(file, report.content).catch((error: unknown) => {
        throw reportWriteError(error, file);
      });
      saved.add(file);
      return { path: file, redacted: report.redacted };
    },
    reveal: (file: string): void => {
      const resolved = path.resolve(file);
      if (!saved.has(resolved)) throw new DoctorError('not-a-report', 'Only a report saved from this window can be shown in its folder.', 'Open the folder you saved it in yourself.');
      shell.showItemInFolder(resolved);
    },
  };
}
