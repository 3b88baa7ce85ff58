import type { DiagnosisDeps } from './facts';
import { createLiveDeps } from './live-deps';
import { createOfflineWindowsDeps } from './offline/offline-deps';

/**
 * Where the facts come from for an interpreter path: the real interpreter, or, for a Windows
 * python.exe named on another system (a copied or mounted environment), its files read offline.
 * The CLI and the app's handlers both use this, so they always agree.
 */
export function defaultDeps(python: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DiagnosisDeps {
  if (platform !== 'win32' && /\.exe$/i.test(python)) return createOfflineWindowsDeps({});
  return createLiveDeps({ env });
}
