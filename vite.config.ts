import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the wizard into dist/renderer with relative asset paths (served under app:// and /TOKEN/). */
export const viteConfig = defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, target: 'chrome130' },
});

export default viteConfig;
