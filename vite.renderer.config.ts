/**
 * Builds the editor window (renderer/) into out/renderer. The base is relative so the
 * same build loads from archive:// in Electron and from `trimdesk serve` over HTTP.
 */
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// The editor is only ever built, never served by a dev server, and ships as a production
// build. Vite takes the React bundle and the JSX transform from NODE_ENV when it is set,
// and callers do set it: vitest sets "test" for the builds its setup and the e2e tests
// run, which then made out/renderer a development build (React's dev bundle, jsxDEV),
// several times slower than the app users run. Vite's documented place to set it is here.
process.env.NODE_ENV = 'production';

const ICON_PNG = fileURLToPath(new URL('./build/icon.png', import.meta.url));

/** An ICO file holding one PNG image: ICONDIR, one ICONDIRENTRY (a size of 0 means 256 px or more), the PNG. */
function icoOfPng(png: Buffer): Buffer {
  const header = Buffer.alloc(22);
  const side = (pixels: number) => (pixels >= 256 ? 0 : pixels);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(side(png.readUInt32BE(16)), 6);
  header.writeUInt8(side(png.readUInt32BE(20)), 7);
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(png.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, png]);
}

/**
 * Browsers ask for /favicon.ico on their own whatever the page links (a tab showing a
 * frame PNG or a playlist, a bookmark), and got a 404: the app icon under that name too.
 */
function faviconIco(): Plugin {
  return {
    name: 'trimdesk-favicon-ico',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'favicon.ico', source: icoOfPng(readFileSync(ICON_PNG)) });
    },
  };
}

export default defineConfig({
  mode: 'production',
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), faviconIco()],
  build: {
    outDir: fileURLToPath(new URL('./out/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // One window, loaded from disk or localhost: hls.js, React and zod in one chunk is fine.
    chunkSizeWarningLimit: 1500,
  },
});
