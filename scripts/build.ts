import { build, type BuildOptions } from 'esbuild';
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { build as viteBuild } from 'vite';
import { buildWindowsWatchdog } from './build-windows-watchdog';

/**
 * Builds everything into dist/: the Electron main process and preload (CommonJS: a sandboxed
 * preload cannot be an ES module), the CLI, the launcher and the browser-mode host (ES modules),
 * the renderer (vite), and the Windows app's native watchdog where mingw-w64 is installed.
 */
// The CommonJS bundles (Electron main) have no import.meta.url: give modules that locate files
// next to themselves (the environment probe script) the bundle's own file URL instead.
const cjsImportMeta: BuildOptions = {
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const node: BuildOptions = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', legalComments: 'none' };
// ES module bundles still meet CommonJS dependencies (ws) that call require on built-ins.
const esmRequireShim = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

await Promise.all([
  build({ ...node, ...cjsImportMeta, entryPoints: ['main/main.ts'], outfile: 'dist/main.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...node, entryPoints: ['main/preload.ts'], outfile: 'dist/preload.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...node, entryPoints: ['app/cli/main.ts'], outfile: 'dist/cli.mjs', format: 'esm', banner: { js: `#!/usr/bin/env node\n${esmRequireShim}` } }),
  build({ ...node, entryPoints: ['main/launch.ts'], outfile: 'dist/launch.mjs', format: 'esm', banner: { js: esmRequireShim } }),
  build({ ...node, entryPoints: ['main/web/web-entry.ts'], outfile: 'dist/web.mjs', format: 'esm', banner: { js: esmRequireShim } }),
  viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' }),
  buildWindowsWatchdog(),
]);
await chmod('dist/cli.mjs', 0o755);
// The probe runs inside each Python; it is read from next to the bundle that starts it.
await mkdir('dist', { recursive: true });
await copyFile('app/envs/probe.py', 'dist/probe.py');
console.log('Built dist/.');
