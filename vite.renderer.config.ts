/**
 * Builds the editor window (renderer/) into out/renderer. The base is relative so the
 * same build loads from archive:// in Electron and from `trimdesk serve` over HTTP.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
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
