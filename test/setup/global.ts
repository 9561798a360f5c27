/**
 * Runs once before all test files: makes the demo archive under test/.cache (reused
 * while the generator's source and parameters are unchanged) and hands its path to the
 * tests as `inject('demoArchive')`.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CLI_BUILD, RENDERER_BUILD, ensureBuilt } from '../../scripts/build-if-stale.cjs';
import { DemoTargetError, generateDemoArchive } from '../../electron/node/demo/generate';
import { MANIFEST_FILE } from '../../electron/node/demo/manifest';
import type {} from '../fixtures/demo-archive';
import { TEST_DEMO_OPTIONS } from '../fixtures/demo-options';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CACHE_DIR = path.join(ROOT, 'test', '.cache');
const GENERATOR_DIR = path.join(ROOT, 'electron', 'node', 'demo');
const ARCHIVE_PREFIX = 'demo-archive-';
const STAGING_ABANDONED_MS = 30 * 60_000;

/** Changes whenever the generator's code or the test parameters change. */
async function generatorKey(): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(TEST_DEMO_OPTIONS));
  for (const name of (await readdir(GENERATOR_DIR)).sort()) {
    hash.update(name).update(await readFile(path.join(GENERATOR_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function isComplete(archive: string): Promise<boolean> {
  return (await stat(path.join(archive, MANIFEST_FILE)).catch(() => undefined)) !== undefined;
}

/**
 * Archives of older generator versions, and staging leftovers of interrupted runs (old
 * enough not to belong to a test run generating right now in the same checkout).
 */
async function removeStale(keep: string): Promise<void> {
  const names = (await readdir(CACHE_DIR).catch(() => [] as string[])).filter((name) => name.includes(ARCHIVE_PREFIX));
  for (const name of names.filter((name) => name !== keep)) {
    const info = await stat(path.join(CACHE_DIR, name)).catch(() => undefined);
    const abandoned = info !== undefined && Date.now() - info.mtimeMs > STAGING_ABANDONED_MS;
    if (!name.startsWith('.') || abandoned) await rm(path.join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

function buildCurrent(): void {
  for (const target of [CLI_BUILD, RENDERER_BUILD]) {
    if (!ensureBuilt(target)) throw new Error(`Could not build ${target.label}: see the build errors above`);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  // Tests run the built command (node bin/trimdesk.js) and serve the built editor: build
  // them once here, before test files start many commands at once.
  buildCurrent();
  // Watch mode runs this setup once: a rerun after an edit builds what the edit made stale.
  project.onTestsRerun(buildCurrent);
  const name = ARCHIVE_PREFIX + (await generatorKey());
  const archive = path.join(CACHE_DIR, name);
  if (!(await isComplete(archive))) {
    await removeStale(name);
    const startedMs = Date.now();
    try {
      await generateDemoArchive(archive, TEST_DEMO_OPTIONS);
    } catch (error) {
      // Another test run in this checkout finished the same archive first: use it.
      if (!(error instanceof DemoTargetError && (await isComplete(archive)))) throw error;
    }
    console.log(`test setup: generated the demo archive in ${Date.now() - startedMs} ms: ${archive}`);
  }
  project.provide('demoArchive', archive);
}
