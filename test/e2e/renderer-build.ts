/**
 * A private build of the editor for a test file that must not see out/renderer rebuilt
 * by another run meanwhile. The shared out/renderer is kept current by the test setup
 * (test/setup/global.ts, before any file runs and on every watch-mode rerun).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Builds into a new folder under out/; the caller removes the folder afterwards. */
export async function buildPrivateRenderer(prefix: string): Promise<string> {
  await mkdir(join(repo, 'out'), { recursive: true });
  const dir = await mkdtemp(join(repo, 'out', prefix));
  execFileSync(
    join(repo, 'node_modules/.bin/vite'),
    ['build', '--config', 'vite.renderer.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'],
    { cwd: repo, stdio: 'inherit' },
  );
  return dir;
}
