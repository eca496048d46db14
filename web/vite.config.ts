import { defineConfig } from 'vite';

// The web inbox, built into web/dist by `npm ci` (the `prepare` script) and served by the
// server at /app. Everything it loads comes from the server: no CDN.
export default defineConfig({
  base: '/app/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
