import { bundledRendererDir, startBrowserMode } from './start-web';

/** `npm run web`: browser mode only. */
await startBrowserMode(bundledRendererDir(import.meta.dirname));
