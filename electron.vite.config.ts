/**
 * `electron-vite build`: the main process (electron/main/main.ts -> out/main/main.js), the
 * preload (electron/preload/preload.ts -> out/preload/preload.cjs) and the editor (renderer/ ->
 * out/renderer, with the renderer's own vite.renderer.config.ts, so both builds agree).
 */
import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import rendererConfig from './vite.renderer.config';

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      lib: { entry: fromRoot('./electron/main/main.ts'), formats: ['es'], fileName: () => 'main.js' },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      // A sandboxed preload can require only `electron`: everything else is bundled in,
      // and it must be CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: fromRoot('./electron/preload/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rolldownOptions: { input: fromRoot('./renderer/index.html') } },
  },
});
