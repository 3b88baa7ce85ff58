import { app, BrowserWindow, dialog, nativeTheme, session, shell } from 'electron';
import path from 'node:path';
import { createEngineHandlers } from '../app/api/engine-handlers';
import { appVersion } from '../app/version';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpcHandlers } from './ipc';
import { setUpFileLogging } from './logging';
import { createReportSaving } from './report-saving';
import { mainWindowOptions } from './window-options';

/**
 * The Electron main process: one window showing the wizard, the engine behind IPC.
 * Security settings follow https://www.electronjs.org/docs/latest/tutorial/security, each written
 * out even where it is Electron's default, so readers and scanners see it.
 */
registerAppScheme();
app.enableSandbox();
const logging = setUpFileLogging(app);

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    ...mainWindowOptions(path.join(__dirname, 'preload.cjs')),
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#f7f7f8',
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  // Navigation and new windows are refused; links the wizard offers open in the user's browser.
  contents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== APP_ORIGIN) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer(path.join(__dirname, 'renderer'));
  const window = createWindow();
  const reports = createReportSaving(
    { showSaveDialog: (options) => dialog.showSaveDialog(window, options), showItemInFolder: (file) => shell.showItemInFolder(file) },
    app.getPath('documents'),
  );
  registerIpcHandlers(window, () => {
    const engine = createEngineHandlers({
      appVersion,
      host: 'electron',
      platform: process.platform,
      arch: process.arch,
      env: process.env,
      dataDir: app.getPath('userData'),
      // The engine's commands and errors go to electron-log's main.log, in the same format as browser mode and the CLI.
      log: { file: logging.logFile, write: (level, text) => logging.logger[level](text) },
    });
    return {
      ...engine,
      // The desktop app has the system's dialogs and file manager; browser mode downloads instead.
      saveReportAs: async (request, context) => reports.saveAs(await engine.renderReport(request, context)),
      revealInFolder: async ({ path: file }) => {
        reports.reveal(file);
        return null;
      },
      // Browser mode asks for a typed path instead of the folder dialog.
      pickFolder: async () => {
        const picked = await dialog.showOpenDialog(window, { title: 'Choose a Python environment folder', properties: ['openDirectory'] });
        return picked.canceled ? null : (picked.filePaths[0] ?? null);
      },
    };
  });
});
