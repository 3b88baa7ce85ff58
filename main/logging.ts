import type { App, Details, RenderProcessGoneDetails, WebContents } from 'electron';
import nodeLog from 'electron-log/node';
import path from 'node:path';

/** The parts of Electron's app that logging reads. */
export type LoggingApp = Pick<App, 'getPath' | 'isPackaged'> & {
  on(event: 'render-process-gone', listener: (event: unknown, contents: Pick<WebContents, 'id'>, details: RenderProcessGoneDetails) => void): unknown;
  on(event: 'child-process-gone', listener: (event: unknown, details: Details) => void): unknown;
};

/** A logger with electron-log's transports (electron-log/node's default, or one made with create()). */
export type FileLogger = typeof nodeLog;

export interface FileLogging {
  /** Where the log goes: <userData>/logs/main.log (the previous one is kept as main.old.log). */
  readonly logFile: string;
  readonly logger: FileLogger;
}

/** Bigger than this, electron-log moves main.log to main.old.log and starts again. */
export const MAX_LOG_BYTES = 1024 * 1024;

/** The log file inside the user-data folder (%APPDATA%\Python DLL Doctor on Windows). */
export function logFilePath(userDataDir: string): string {
  return path.join(userDataDir, 'logs', 'main.log');
}

/**
 * Sends the main process's log to a file in the user-data folder, and records renderer and child
 * process crashes there.
 *
 * electron-log's Node flavour is used on purpose: electron-log/main registers IPC handlers of its
 * own (`__ELECTRON_LOG__`) that no sender check guards; our only IPC is the contract's. The console
 * transport stays on in development only. https://github.com/megahertz/electron-log/blob/master/docs/transports/file.md
 */
export function setUpFileLogging(app: LoggingApp, logger: FileLogger = nodeLog): FileLogging {
  const logFile = logFilePath(app.getPath('userData'));
  const file = logger.transports.file;
  file.resolvePathFn = () => logFile;
  file.level = 'info';
  file.maxSize = MAX_LOG_BYTES;
  file.format = '[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}] {text}';
  logger.transports.console.level = app.isPackaged ? false : 'info';
  // Present only inside Electron; it would copy the log to renderer consoles in development.
  if (logger.transports.ipc) logger.transports.ipc.level = false;
  if (logger.transports.remote) logger.transports.remote.level = false;
  app.on('render-process-gone', (_event, contents, details) => {
    logger.error(`The window's page stopped (webContents ${contents.id}): ${details.reason}, exit code ${details.exitCode}.`);
  });
  app.on('child-process-gone', (_event, details) => {
    logger.error(`A ${details.type} process stopped: ${details.reason}, exit code ${details.exitCode}.`);
  });
  return { logFile, logger };
}
