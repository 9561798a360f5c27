/**
 * biome.jsonc refuses import cycles (lint/suspicious/noImportCycles; type-only imports
 * do not count, they are gone at run time): the real biome binary lints a temporary copy
 * holding the repo's config, two modules in electron/node that import each other (both
 * reported) and two that share a third instead (neither).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const biome = path.join(repo, 'node_modules', '.bin', 'biome');
const DIR = 'electron/node/preview';
const FILES: Record<string, string> = {
  'cache.ts': "import { Fades } from './fades';\nexport const CACHE_BYTES = 1;\nexport class Cache {\n  fades = new Fades();\n}\n",
  'fades.ts': "import { CACHE_BYTES } from './cache';\nexport class Fades {\n  bytes = CACHE_BYTES;\n}\n",
  'part.ts': 'export const PART_BYTES = 1;\n',
  'renders.ts': "import { PART_BYTES } from './part';\nexport const renders = [PART_BYTES];\n",
  'joins.ts': "import { PART_BYTES } from './part';\nexport const joins = [PART_BYTES];\n",
};

let copy: string;
let cyclic: string[];

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cycles-'));
  await copyFile(path.join(repo, 'biome.jsonc'), path.join(copy, 'biome.jsonc'));
  await copyFile(path.join(repo, '.gitignore'), path.join(copy, '.gitignore'));
  await mkdir(path.join(copy, DIR), { recursive: true });
  for (const [name, source] of Object.entries(FILES)) await writeFile(path.join(copy, DIR, name), source);
  const { stdout } = await promisify(execFile)(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], { cwd: copy }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const diagnostics = (JSON.parse(stdout) as { diagnostics: { category: string; location: { path: string } }[] }).diagnostics;
  cyclic = diagnostics.filter((diagnostic) => diagnostic.category === 'lint/suspicious/noImportCycles').map((diagnostic) => diagnostic.location.path);
}, 60_000);

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe('import cycles (biome.jsonc)', () => {
  it('reports both modules of a cycle and none that share a third module', () => {
    expect(cyclic.sort()).toEqual([`${DIR}/cache.ts`, `${DIR}/fades.ts`]);
  });
});
