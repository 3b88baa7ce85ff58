import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { bundledRendererDir, startBrowserMode } from './web/start-web';

/**
 * `npm start`: the Electron window where Electron's binary can be had, browser mode otherwise.
 *
 * Electron downloads its binary at first launch; on a machine that cannot reach the download the
 * require below fails fast. We ask in a child process so its own messages do not reach the user,
 * and say what happened in one line.
 */
async function launch(): Promise<void> {
  const entryDir = import.meta.dirname;
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: path.dirname(entryDir),
    encoding: 'utf8',
    timeout: 300_000,
  });
  const electronPath = probe.status === 0 ? probe.stdout.trim() : '';
  if (!electronPath || process.env.DOCTOR_BROWSER_MODE === '1') {
    const why = electronPath ? 'DOCTOR_BROWSER_MODE=1 is set' : "Electron's binary could not be had (it downloads at first launch and this machine cannot reach the download)";
    console.log(`${why}: starting the browser mode instead.`);
    await startBrowserMode(bundledRendererDir(entryDir));
    return;
  }
  const child = spawn(electronPath, [path.join(entryDir, 'main.cjs')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

await launch();
