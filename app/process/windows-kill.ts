import { spawn } from 'node:child_process';

/**
 * Ends a Windows process and everything it started: `taskkill /T /F` walks the tree by parent PID
 * (a job object would need native code). Where taskkill cannot, the process itself is still ended
 * (Node's process.kill is TerminateProcess on Windows): Wine's taskkill has no /T and refuses the
 * whole command, and a locked-down machine may block taskkill.exe; a doctor must never wait forever
 * on a child it meant to stop.
 * https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/taskkill
 */
export function windowsKillTree(pid: number, env: NodeJS.ProcessEnv = process.env): void {
  const systemRoot = Object.entries(env).find(([k]) => k.toLowerCase() === 'systemroot')?.[1] ?? 'C:\\Windows';
  let done = false;
  const terminate = (): void => {
    if (done) return;
    done = true;
    try {
      process.kill(pid);
    } catch {
      // Already gone.
    }
  };
  const tree = spawn(`${systemRoot}\\System32\\taskkill.exe`, ['/T', '/F', '/PID', String(pid)], { windowsHide: true, stdio: 'ignore' });
  tree.on('error', terminate);
  tree.on('exit', (code) => {
    if (code === 0) done = true;
    else terminate();
  });
}

/**
 * Asks a Windows process tree to close, the way it can clean up: `taskkill /T /PID` without /F
 * posts WM_CLOSE to the tree's windows. Resolves true when taskkill accepted (the caller then
 * waits the grace period before the hard kill), false when it refused: a console program with no
 * window of its own (pip) "can only be terminated forcefully", Wine's taskkill refuses /T, a
 * locked-down machine blocks taskkill.exe. Then waiting would only delay the hard kill.
 * Node has no console control event (CTRL_BREAK_EVENT) for another process group without native
 * code, and a detached child has no console to receive one.
 */
export function windowsAskTreeToClose(pid: number, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const systemRoot = Object.entries(env).find(([k]) => k.toLowerCase() === 'systemroot')?.[1] ?? 'C:\\Windows';
  return new Promise((resolve) => {
    const ask = spawn(`${systemRoot}\\System32\\taskkill.exe`, ['/T', '/PID', String(pid)], { windowsHide: true, stdio: 'ignore' });
    ask.on('error', () => resolve(false));
    ask.on('exit', (code) => resolve(code === 0));
  });
}
