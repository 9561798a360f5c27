#!/usr/bin/env node
// The `trimdesk` command. The CLI is TypeScript run through tsx, so the command works
// straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
