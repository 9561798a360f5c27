/**
 * End-to-end tests drive the built renderer (out/renderer) as `trimdesk serve` serves
 * it. This builds it once when it is missing or older than any renderer/shared source.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const builtIndex = join(repo, 'out/renderer/index.html');
const SOURCES = ['renderer', 'shared', 'vite.renderer.config.ts'];

function newestMtimeMs(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtimeMs(join(path, name))), stat.mtimeMs);
}

function builtMtimeMs(): number {
  try {
    return statSync(builtIndex).mtimeMs;
  } catch {
    return 0;
  }
}

export function ensureRendererBuilt(): void {
  const sourcesMs = Math.max(...SOURCES.map((source) => newestMtimeMs(join(repo, source))));
  if (builtMtimeMs() >= sourcesMs) return;
  execFileSync(join(repo, 'node_modules/.bin/vite'), ['build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
}

/**
 * A private build for a test file that must not see out/renderer emptied by another
 * file's rebuild meanwhile; the caller removes the folder afterwards.
 */
export async function buildPrivateRenderer(prefix: string): Promise<string> {
  await mkdir(join(repo, 'out'), { recursive: true });
  const dir = await mkdtemp(join(repo, 'out', prefix));
  execFileSync(join(repo, 'node_modules/.bin/vite'), ['build', '--config', 'vite.renderer.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: repo, stdio: 'inherit' });
  return dir;
}
