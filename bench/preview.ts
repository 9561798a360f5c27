/**
 * Preview mode (issue 11) in browser mode: Debian Chromium driven by playwright-core
 * against a `trimdesk serve` process on a small demo archive (made once under
 * bench/.data: 1 hour, 60 s of footage, the test suite's parameters). The edit has three
 * ranges: a 1 s fade between the first two, a hard cut into footage after a stream
 * restart, on the 360p-bframes quality.
 *
 * - Preview to first frame: from the P keydown's timestamp to the first frame presented
 *   from the preview's new source (requestVideoFrameCallback). Cold: an edit whose edges
 *   the server has never rendered (each run moves the ranges by 0.2 s); warm: the same
 *   edit again (its parts cached).
 * - Stall at each cut: the preview played through at 1x from its start; every presented
 *   frame's wall time is recorded, and at each join of the plan's parts the longest gap
 *   between two presented frames within 0.5 s of it, minus one frame (33 ms), is the stall.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { generateDemoArchive } from '../electron/node/demo/generate';
import { MANIFEST_FILE, type DemoManifest } from '../electron/node/demo/manifest';
import { DEFAULT_CHANNEL, DEFAULT_START, DEMO_GENERATOR_VERSION } from '../electron/node/demo/plan';
import { parsePreviewPlaylist } from '../shared/preview-playlist';
import { serializeProject } from '../shared/project';
import { US_PER_SECOND, formatInstant, parseInstant } from '../shared/time';
import { CLI_BUILD, RENDERER_BUILD, ensureBuilt } from '../scripts/build-if-stale.cjs';
import { median, report } from './stats';

const REPO = path.resolve(import.meta.dirname, '..');
const ARCHIVE_DIR = path.join(import.meta.dirname, '.data', `demo-1h-60s-g${DEMO_GENERATOR_VERSION}`);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const QUALITY = '360p-bframes';
const COLD_RUNS = 3;
const FRAME_MS = 1000 / 30;

const PAGE_INSTRUMENTS = `(() => {
  const bench = { keyMs: undefined, frames: [] };
  Object.defineProperty(window, 'trimdeskBench', { value: bench });
  addEventListener('keydown', (event) => { if (event.key === 'p') bench.keyMs = event.timeStamp; }, true);
  /** Resolves with ms from the next P to the first frame presented from a new source. */
  bench.armFirstFrame = () => {
    const beforeSrc = document.querySelector('video').src;
    let registered = '';
    let done = false;
    bench.keyMs = undefined;
    bench.firstFrame = new Promise((resolve, reject) => {
      const timer = setTimeout(() => { done = true; reject(new Error('no preview frame within 30 s')); }, 30000);
      const onFrame = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(performance.now() - bench.keyMs);
      };
      const poll = () => {
        const video = document.querySelector('video');
        if (video.src !== beforeSrc && video.src !== '' && registered !== video.src) {
          registered = video.src;
          video.requestVideoFrameCallback(onFrame);
        }
        if (!done) requestAnimationFrame(poll);
      };
      poll();
    });
  };
  /** Records every presented frame (wall ms, media time) from now on. */
  bench.follow = () => {
    bench.frames = [];
    const video = document.querySelector('video');
    const onFrame = (_now, metadata) => {
      bench.frames.push({ atMs: performance.now(), mediaTime: metadata.mediaTime });
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
})();`;

interface Bench {
  firstFrame: Promise<number>;
  frames: { atMs: number; mediaTime: number }[];
  armFirstFrame(): void;
  follow(): void;
}

function inPage<T>(page: Page, read: (bench: Bench) => T | Promise<T>): Promise<T> {
  return page.evaluate(`(${read.toString()})(window.trimdeskBench)`) as Promise<T>;
}

async function demoArchive(): Promise<DemoManifest> {
  if (!existsSync(path.join(ARCHIVE_DIR, MANIFEST_FILE))) {
    console.log(`preview bench: generating a 1-hour demo archive into ${path.relative(REPO, ARCHIVE_DIR)} (once)...`);
    await rm(ARCHIVE_DIR, { recursive: true, force: true });
    await generateDemoArchive(ARCHIVE_DIR, { startUs: parseInstant(DEFAULT_START), hours: 1, channel: DEFAULT_CHANNEL, footageSeconds: 60 });
  }
  return JSON.parse(await readFile(path.join(ARCHIVE_DIR, MANIFEST_FILE), 'utf8')) as DemoManifest;
}

async function startServe(root: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'trimdesk.js'), 'serve', '--archive', root, '--port', '0'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.split('\n')[0]!.trim());
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** The bench's edit, moved by `shiftUs`: a fade, then a hard cut after the restart. */
function benchEdit(manifest: DemoManifest, shiftUs: number) {
  const runStart = (label: string) => manifest.runs.find((run) => run.label === label)!.startUs + shiftUs;
  const at = (startUs: number, fromSeconds: number, toSeconds: number) => ({
    startUs: startUs + Math.round(fromSeconds * US_PER_SECOND),
    endUs: startUs + Math.round(toSeconds * US_PER_SECOND),
    label: '',
  });
  return {
    archive: undefined,
    channel: manifest.channel,
    quality: QUALITY,
    window: { startUs: runStart('jitter') - 2 * US_PER_SECOND - shiftUs, endUs: runStart('restart') + 20 * US_PER_SECOND - shiftUs },
    ranges: [at(runStart('jitter'), 1.1, 6.3), at(runStart('jitter'), 13.4, 18.7), at(runStart('restart'), 4.7, 10.4)],
    transitions: [{ kind: 'named' as const, name: 'fade', durationUs: US_PER_SECOND }, { kind: 'cut' as const }],
  };
}

async function openProject(page: Page, url: string, project: ReturnType<typeof benchEdit>): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  await page.goto(url);
  await page.locator('.overview [data-hour]').first().waitFor();
  await page.keyboard.press('Control+Shift+O');
  await (await chooser).setFiles({ name: 'bench.trimdesk.json', mimeType: 'application/json', buffer: Buffer.from(serializeProject(project)) });
  await page.locator('.notice', { hasText: 'Opened bench.trimdesk.json' }).waitFor();
  await page.locator('output.clock[data-instant]').first().waitFor();
  await page.waitForTimeout(500);
}

async function previewFirstFrame(page: Page): Promise<number> {
  await inPage(page, (bench) => bench.armFirstFrame());
  await page.keyboard.press('p');
  return inPage(page, (bench) => bench.firstFrame);
}

/** The edit times (ms) where one part of the preview's plan meets the next, and what each join is. */
async function joins(url: string, project: ReturnType<typeof benchEdit>): Promise<{ what: string; atMs: number }[]> {
  const query = new URLSearchParams({ allow_holes: 'true' });
  for (const range of project.ranges) query.append('range', `${formatInstant(range.startUs)},${formatInstant(range.endUs)}`);
  query.append('transition', 'fade,1');
  query.append('transition', '');
  const entries = parsePreviewPlaylist(await (await fetch(`${url}preview/${project.channel}/${QUALITY}.m3u8?${query}`)).text());
  return entries.slice(1).map((entry, index) => {
    const before = entries[index]!;
    const lastRange = before.sources[before.sources.length - 1]!.rangeIndex;
    const what = entry.fade ? 'into the fade' : before.fade ? 'out of the fade' : entry.sources[0]!.rangeIndex !== lastRange ? 'hard cut' : 'edge/copy join';
    return { what: `${what} at ${(entry.editStartUs / US_PER_SECOND).toFixed(2)} s`, atMs: entry.editStartUs / 1000 };
  });
}

function stallAt(frames: { atMs: number; mediaTime: number }[], atMs: number): number {
  let longest = 0;
  for (let index = 1; index < frames.length; index++) {
    const mediaMs = frames[index]!.mediaTime * 1000;
    if (Math.abs(mediaMs - atMs) > 500) continue;
    longest = Math.max(longest, frames[index]!.atMs - frames[index - 1]!.atMs);
  }
  return Math.max(0, longest - FRAME_MS);
}

export async function run(): Promise<void> {
  const manifest = await demoArchive();
  if (!ensureBuilt(RENDERER_BUILD) || !ensureBuilt(CLI_BUILD)) throw new Error('Could not build the renderer or the CLI: see the build errors above');
  const serve = await startServe(ARCHIVE_DIR);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const cold: number[] = [];
    let warm = 0;
    for (let runIndex = 0; runIndex < COLD_RUNS; runIndex++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      await context.addInitScript(PAGE_INSTRUMENTS);
      const page = await context.newPage();
      await openProject(page, serve.url, benchEdit(manifest, runIndex * 200_000));
      cold.push(await previewFirstFrame(page));
      if (runIndex === 0) {
        await page.keyboard.press('p');
        await page.locator('output.clock:not(.preview-clock)').waitFor();
        await page.waitForTimeout(500);
        warm = await previewFirstFrame(page);
        const project = benchEdit(manifest, 0);
        const cuts = await joins(serve.url, project);
        await page.waitForTimeout(1000);
        await inPage(page, (bench) => bench.follow());
        await page.keyboard.press('Space');
        await page.waitForTimeout(17_000);
        const frames = await inPage(page, (bench) => bench.frames);
        report('Frames presented playing the 15.3 s preview through', frames.length, 'frames');
        for (const cut of cuts) report(`Stall at the ${cut.what}`, stallAt(frames, cut.atMs), 'ms');
      }
      await context.close();
    }
    report('Preview to first frame, cold (edges never rendered), median', median(cold), 'ms', `of ${COLD_RUNS}: ${cold.map((ms) => ms.toFixed(0)).join(', ')}`);
    report('Preview to first frame, warm (parts cached)', warm, 'ms');
  } finally {
    await browser.close();
    await serve.stop();
  }
}
