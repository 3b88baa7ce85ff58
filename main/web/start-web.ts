import path from 'node:path';
import { createEngineHandlers } from '../../app/api/engine-handlers';
import { defaultDataDir } from '../../app/api/data-dir';
import { logError } from '../../app/log/file-log';
import { appVersion } from '../../app/version';
import { startWebHost, type WebHost } from './web-host';

/**
 * Starts browser mode: the engine behind a token-guarded host on 127.0.0.1, and prints the
 * address to open. Used by `npm run web`, and by `npm start` where Electron cannot run.
 */
export async function startBrowserMode(rendererDir: string, log: (line: string) => void = console.log): Promise<WebHost> {
  const host = await startWebHost({
    rendererDir,
    handlers: () =>
      createEngineHandlers({ appVersion, host: 'browser', platform: process.platform, arch: process.arch, env: process.env, dataDir: defaultDataDir() }),
    onRefused: (reason) => log(`Refused a request: ${reason}.`),
    onSocketError: (error) => logError('browser-mode socket', error),
  });
  log(`Python DLL Doctor is running in browser mode. Open this address (it is secret to you): ${host.url}`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return host;
}

/** The folder of the built renderer next to the bundled entry point. */
export function bundledRendererDir(entryDir: string): string {
  return path.join(entryDir, 'renderer');
}
