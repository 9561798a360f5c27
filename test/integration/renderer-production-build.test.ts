/**
 * The editor build is a production build whatever NODE_ENV the caller's environment
 * carries: vitest sets "test" (its setup and the e2e tests build out/renderer), a shell may
 * set "development". With it, Vite used to pick React's development bundle and the
 * development JSX transform (jsxDEV calls), so the editor the tests drive and the one
 * `trimdesk serve` then served were several times slower than a production build.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../..');
const outDirs: string[] = [];

afterAll(async () => {
  await Promise.all(outDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Builds the editor as `vite build --config vite.renderer.config.ts` does, with this NODE_ENV; returns its scripts' text. */
async function builtScripts(nodeEnv: string): Promise<string> {
  const outDir = await mkdtemp(path.join(repo, 'out', `renderer-${nodeEnv}-`));
  outDirs.push(outDir);
  const vite = path.join(repo, 'node_modules/vite/bin/vite.js');
  await run(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: repo,
    env: { ...process.env, NODE_ENV: nodeEnv },
  });
  const assets = path.join(outDir, 'assets');
  const scripts = (await readdir(assets)).filter((name) => name.endsWith('.js'));
  expect(scripts.length).toBeGreaterThan(0);
  return (await Promise.all(scripts.map((name) => readFile(path.join(assets, name), 'utf8')))).join('\n');
}

describe('the editor build', () => {
  it("is a production build (React production bundle, no jsxDEV) under vitest's NODE_ENV=test", { timeout: 180_000 }, async () => {
    const text = await builtScripts('test');
    expect(text.match(/jsxDEV/g) ?? []).toEqual([]);
    // React's production bundle replaces its error messages with this pointer; the development bundle spells them out.
    expect(text).toContain('Minified React error');
    expect(text).not.toContain('react-dom.development');
  });
});
