#!/usr/bin/env node
// The `trimdesk` command. It runs the JavaScript build in out/cli, which `npm install`
// makes (the `prepare` script). In a checkout whose sources changed since, it rebuilds
// first (a second or two), and `serve` does the same for the editor it serves. Its
// chunks are compiled with V8's code cache (scripts/code-cache.js).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CLI_BUILD, RENDERER_BUILD, ensureBuilt } from '../scripts/build-if-stale.js';
import { codeCacheDir, compileWithCodeCache } from '../scripts/code-cache.js';

const args = process.argv.slice(2);
if (!ensureBuilt(CLI_BUILD)) {
  process.stderr.write('trimdesk: the command could not be built from its sources (see above).\n');
  process.exit(1);
}
if (args[0] === 'serve' && !args.includes('--help') && !args.includes('-h')) ensureBuilt(RENDERER_BUILD);
// `trimdesk segments ... | head` closes the pipe before we are done: stop quietly, as
// other command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const cacheDir = codeCacheDir();
if (cacheDir !== undefined) compileWithCodeCache(fileURLToPath(new URL('../out/cli', import.meta.url)), cacheDir, args[0]);
const { main } = createRequire(import.meta.url)('../out/cli/main.cjs');
process.exitCode = await main(args);
