#!/usr/bin/env node
// The `trimdesk` command. It runs the JavaScript build in out/cli, which `npm install`
// makes (the `prepare` script). In a checkout whose sources changed since, it rebuilds
// first (a second or two), and `serve` does the same for the editor it serves. Its
// chunks are compiled with V8's code cache (scripts/code-cache.cjs). CommonJS
// (bin/package.json), like the scripts it loads: a one-off command does not start Node's
// ES module loader.
const { CLI_BUILD, RENDERER_BUILD, ensureBuilt } = require('../scripts/build-if-stale.cjs');
const { codeCacheDir, compileWithCodeCache } = require('../scripts/code-cache.cjs');
const path = require('node:path');

const args = process.argv.slice(2);
if (!ensureBuilt(CLI_BUILD)) {
  process.stderr.write('trimdesk: the command could not be built from its sources (see above).\n');
  process.exit(1);
}
if (args[0] === 'serve' && !args.includes('--help') && !args.includes('-h')) ensureBuilt(RENDERER_BUILD);
// `trimdesk segments ... | head` closes the pipe before we are done: stop quietly, as
// other command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
// Hooked when process.stdout is first made, not made here: on a pipe, making it loads
// node:net and turns fd 1 non-blocking, which `segments --json`, writing to fd 1 itself,
// does without (electron/cli/write-now.ts).
const quietOnEpipe = (stream) =>
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
const makeStdout = Object.getOwnPropertyDescriptor(process, 'stdout')?.get;
if (makeStdout === undefined) quietOnEpipe(process.stdout);
else {
  let stdoutHooked = false;
  Object.defineProperty(process, 'stdout', {
    configurable: true,
    enumerable: true,
    get() {
      const stream = makeStdout.call(process);
      if (!stdoutHooked) {
        stdoutHooked = true;
        quietOnEpipe(stream);
      }
      return stream;
    },
  });
}
// The chunks' folder as require finds them: with symlinks resolved or kept as Node's flags
// say (`--preserve-symlinks-main` alone left this script's folder unresolved, and no chunk
// was under it, so none had a cache).
const mainChunk = require.resolve('../out/cli/main.cjs');
const cacheDir = codeCacheDir();
if (cacheDir !== undefined) compileWithCodeCache(path.dirname(mainChunk), cacheDir, args[0]);
require(mainChunk)
  .main(args)
  .then((status) => {
    process.exitCode = status;
  });
