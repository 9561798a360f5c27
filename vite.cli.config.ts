/**
 * Builds the `trimdesk` command (electron/cli, which includes browser mode) into out/cli as
 * plain JavaScript for Node, so the command starts without a TypeScript loader. Each
 * command is its own chunk, loaded only when that command runs. Packages (zod) and Node's
 * modules stay imports; everything of ours is bundled. CommonJS, not ES modules: Node 20
 * compiles a CommonJS chunk through vm.Script, which takes V8's code cache
 * (scripts/code-cache.cjs), and has no code cache for ES modules.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    ssr: true,
    target: 'node20',
    outDir: fileURLToPath(new URL('./out/cli', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      input: { main: fileURLToPath(new URL('./electron/cli/main.ts', import.meta.url)) },
      external: [...builtinModules, /^node:/, /^zod(\/|$)/],
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs' },
    },
  },
});
