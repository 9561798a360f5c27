#!/usr/bin/env node
// The `trimdesk` command. The CLI is TypeScript run through tsx, so the command works
// straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// `trimdesk segments ... | head` closes the pipe before we are done: stop quietly, as
// other command-line tools do, instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
