import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its own files (snapshots, locks, reports, logs) when no host says otherwise:
 * the platform's usual per-user data folder. Electron passes app.getPath('userData') instead.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCTOR_DATA_DIR) return env.DOCTOR_DATA_DIR;
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Python DLL Doctor');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Python DLL Doctor');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'python-dll-doctor');
}
