import { spawn } from 'node:child_process';
import path from 'node:path';
import { DoctorError } from '../contract/errors';

/**
 * Shows a file the app wrote in the system's file manager. Only files inside `allowedDir` (the
 * app's reports folder): the request comes from the page, and must not open anything else.
 */
export function revealInFolder(file: string, allowedDir: string, platform: NodeJS.Platform = process.platform): void {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(path.resolve(allowedDir) + path.sep)) {
    throw new DoctorError('not-a-report', 'Only files in the reports folder can be shown.', `Open ${allowedDir} yourself.`);
  }
  const [command, args] =
    platform === 'win32' ? ['explorer.exe', [`/select,${resolved}`]] : platform === 'darwin' ? ['open', ['-R', resolved]] : ['xdg-open', [path.dirname(resolved)]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: false });
  child.on('error', () => undefined); // no file manager (a server, a test machine): the path is on screen anyway
  child.unref();
}
