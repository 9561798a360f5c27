/**
 * `npm run bench [-- NAME...]`: runs each benchmark module and prints its figures.
 * Figures are recorded in BENCHMARKS.md. Modules: selection, playback, export, rough, editor, verify, serving, cli, nodes, preview, chat.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const MODULES = ['selection', 'playback', 'export', 'rough', 'editor', 'verify', 'serving', 'cli', 'nodes', 'preview', 'chat'];

const wanted = process.argv.slice(2);
for (const name of MODULES) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const file = path.join(import.meta.dirname, `${name}.ts`);
  if (!existsSync(file)) {
    console.log(`\n== ${name}: not present, skipped`);
    continue;
  }
  console.log(`\n== ${name}`);
  const module = (await import(file)) as { run(): Promise<void> };
  await module.run();
}
