import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Electron binary if it is already on this machine, without triggering its download
 * (requiring the electron package would try to download it).
 */
export function electronBinary(): { path: string } | { missing: string } {
  const packageDir = path.resolve('node_modules/electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const binary = override ? path.join(override, relative) : path.join(packageDir, 'dist', relative);
  if (existsSync(binary)) return { path: binary };
  return { missing: `the Electron binary is not on this machine (${binary}); it downloads at first launch, which needs access to Electron's release downloads` };
}
