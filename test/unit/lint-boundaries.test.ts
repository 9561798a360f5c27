/**
 * The import boundaries in biome.jsonc fire: each folder gets a probe file that imports what
 * the folder may not (each must be reported) and what it may (none may be). The real biome
 * binary lints a temporary copy holding the repo's biome.jsonc and one probe in every folder
 * the repo has under each layer, so a new, deeper folder that the config's per-depth patterns
 * miss fails here instead of going unchecked.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const biome = path.join(repo, 'node_modules', '.bin', 'biome');
const BOUNDARY_RULES = new Set(['lint/style/noRestrictedImports', 'lint/correctness/noNodejsModules']);

/** What a probe imports: a repo path (made relative to the probe) or a bare package name. */
type Target = { repoPath: string } | { bare: string };

interface Layer {
  folder: string;
  forbidden: Target[];
  allowed: Target[];
}

const LAYERS: Layer[] = [
  {
    folder: 'shared',
    forbidden: [
      { repoPath: 'electron/node/archive/archive' },
      { repoPath: 'renderer/stores/edit' },
      { repoPath: 'test/fixtures/demo-archive' },
      { bare: 'node:fs' },
      { bare: 'path' },
      { bare: 'electron' },
      { bare: 'react' },
      { bare: 'react-dom/client' },
      { bare: 'hls.js' },
      { bare: 'zustand' },
    ],
    allowed: [{ repoPath: 'shared/time' }, { repoPath: 'shared/api/contract' }, { bare: 'zod' }],
  },
  {
    folder: 'renderer',
    forbidden: [
      { repoPath: 'electron/node/archive/archive' },
      { repoPath: 'electron/main/ipc' },
      { repoPath: 'electron/preload/preload' },
      { bare: 'electron' },
      { bare: 'node:path' },
      { bare: 'fs' },
    ],
    allowed: [{ repoPath: 'shared/time' }, { repoPath: 'renderer/stores/edit' }, { bare: 'react' }, { bare: 'hls.js' }],
  },
  {
    folder: 'electron/node',
    forbidden: [
      { bare: 'electron' },
      { repoPath: 'electron/main/ipc' },
      { repoPath: 'electron/main/window/scheme' },
      { repoPath: 'electron/preload/ipc-preload' },
      { repoPath: 'electron/cli/main' },
      { repoPath: 'electron/serve/server' },
    ],
    allowed: [{ repoPath: 'shared/time' }, { repoPath: 'electron/node/archive/archive' }, { bare: 'node:fs' }, { bare: 'zod' }],
  },
  {
    folder: 'electron/node/export',
    forbidden: [
      { bare: 'electron' },
      { repoPath: 'electron/main/ipc' },
      { repoPath: 'electron/cli/main' },
      { repoPath: 'electron/node/protocol/http-error' },
      { repoPath: 'electron/node/protocol/path-guard' },
    ],
    allowed: [{ repoPath: 'shared/cutplan' }, { repoPath: 'electron/node/export/runner' }, { repoPath: 'electron/node/ffmpeg/run' }, { bare: 'node:stream' }],
  },
  {
    folder: 'electron/preload',
    forbidden: [
      { bare: 'zod' },
      { bare: 'node:fs' },
      { repoPath: 'electron/node/api/dispatch' },
      { repoPath: 'electron/main/ipc' },
      { repoPath: 'renderer/bridge/bridge' },
    ],
    allowed: [{ bare: 'electron' }, { repoPath: 'shared/api/preload' }, { repoPath: 'electron/preload/ipc-preload' }],
  },
  {
    folder: 'electron/cli',
    forbidden: [{ bare: 'electron' }, { repoPath: 'electron/main/main' }, { repoPath: 'electron/main/window/session' }],
    allowed: [{ repoPath: 'electron/node/archive/archive' }, { repoPath: 'electron/serve/server' }, { repoPath: 'shared/time' }, { bare: 'node:path' }],
  },
  {
    folder: 'electron/serve',
    forbidden: [{ bare: 'electron' }, { repoPath: 'electron/main/main' }, { repoPath: 'electron/main/ipc' }],
    allowed: [{ repoPath: 'electron/node/protocol/handler' }, { repoPath: 'shared/api' }, { bare: 'node:http' }],
  },
];

function specifier(target: Target, probeDir: string): string {
  if ('bare' in target) return target.bare;
  const relative = path.posix.relative(probeDir, target.repoPath);
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** The folder and every folder below it in the repo, as repo-relative posix paths. */
async function foldersOf(folder: string): Promise<string[]> {
  const entries = await readdir(path.join(repo, folder), { withFileTypes: true, recursive: true });
  const below = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.relative(repo, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return [folder, ...below];
}

interface Probe {
  layer: string;
  file: string;
  /** 1-based line of each import, with whether the rules must report it. */
  lines: { line: number; specifier: string; forbidden: boolean }[];
}

/** One import per line, each used in an export so no unused-import rule interferes. */
function probeSource(dir: string, layer: Layer): { source: string; lines: Probe['lines'] } {
  const imports = [...layer.forbidden.map((target) => ({ target, forbidden: true })), ...layer.allowed.map((target) => ({ target, forbidden: false }))];
  const lines = imports.map(({ target, forbidden }, index) => ({ line: index + 1, specifier: specifier(target, dir), forbidden }));
  const source = [
    ...lines.map(({ specifier }, index) => `import * as probe${index} from '${specifier}';`),
    `export { ${lines.map((_, index) => `probe${index}`).join(', ')} };`,
    '',
  ].join('\n');
  return { source, lines };
}

interface Diagnostic {
  category: string;
  location: { path: string; start: { line: number } };
}

let copy: string;
const probes: Probe[] = [];
const reported = new Map<string, Set<number>>();

beforeAll(async () => {
  copy = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-lint-'));
  await copyFile(path.join(repo, 'biome.jsonc'), path.join(copy, 'biome.jsonc'));
  await copyFile(path.join(repo, '.gitignore'), path.join(copy, '.gitignore'));
  for (const [index, layer] of LAYERS.entries()) {
    for (const dir of await foldersOf(layer.folder)) {
      // A dynamic import (lazy-loaded commands) is an import too.
      const file = `${dir}/lint-probe-${index}.ts`;
      const { source, lines } = probeSource(dir, layer);
      const dynamic = specifier(layer.forbidden[0]!, dir);
      await mkdir(path.join(copy, dir), { recursive: true });
      await writeFile(path.join(copy, file), `${source}export const lazy = () => import('${dynamic}');\n`);
      probes.push({ layer: layer.folder, file, lines: [...lines, { line: lines.length + 2, specifier: dynamic, forbidden: true }] });
    }
  }
  const { stdout } = await promisify(execFile)(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: copy,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const diagnostics = (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics;
  for (const diagnostic of diagnostics) {
    if (!BOUNDARY_RULES.has(diagnostic.category)) continue;
    const lines = reported.get(diagnostic.location.path) ?? new Set<number>();
    lines.add(diagnostic.location.start.line);
    reported.set(diagnostic.location.path, lines);
  }
}, 60_000);

afterAll(async () => {
  if (copy) await rm(copy, { recursive: true, force: true });
});

describe('import boundaries (biome.jsonc)', () => {
  it('probes every folder of every layer', () => {
    for (const layer of LAYERS) expect(probes.filter((probe) => probe.layer === layer.folder).length).toBeGreaterThan(0);
    expect(probes.filter((probe) => probe.file.startsWith('electron/node/export/retime/')).map((probe) => probe.layer)).toEqual([
      'electron/node',
      'electron/node/export',
    ]);
  });

  it.each(LAYERS.map((layer) => [layer.folder]))('%s: every forbidden import is reported, no allowed one is', (folder) => {
    for (const probe of probes.filter((candidate) => candidate.layer === folder)) {
      const lines = reported.get(probe.file) ?? new Set<number>();
      const missed = probe.lines.filter((line) => line.forbidden && !lines.has(line.line)).map((line) => `${probe.file}: ${line.specifier}`);
      const wrongly = probe.lines.filter((line) => !line.forbidden && lines.has(line.line)).map((line) => `${probe.file}: ${line.specifier}`);
      expect({ missed, wrongly }).toEqual({ missed: [], wrongly: [] });
    }
  });
});
