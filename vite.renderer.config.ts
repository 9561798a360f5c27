/**
 * Builds the editor window (renderer/) into out/renderer. The base is relative so the
 * same build loads from archive:// in Electron and from `trimdesk serve` over HTTP.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The editor is only ever built, never served by a dev server, and ships as a production
// build. Vite takes the React bundle and the JSX transform from NODE_ENV when it is set,
// and callers do set it: vitest sets "test" for the builds its setup and the e2e tests
// run, which then made out/renderer a development build (React's dev bundle, jsxDEV),
// several times slower than the app users run. Vite's documented place to set it is here.
process.env.NODE_ENV = 'production';

export default defineConfig({
  mode: 'production',
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One window, loaded from disk or localhost: hls.js, React and zod in one chunk is fine.
    chunkSizeWarningLimit: 1500,
  },
});
