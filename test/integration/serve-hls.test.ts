/**
 * hls.js in real Chromium plays a playlist of the demo archive from browser mode: the
 * page and hls.js come from the server's renderer folder, the playlist and segments from
 * the archive routes. The fragments hls.js parsed carry the archive's wall-clock times,
 * and the demo's 52 s hole starts a new discontinuity.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import type { SegmentInfo } from '../../shared/segment';
import { US_PER_SECOND, formatInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';

let rendererDir: string;
let manifest: DemoManifest;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-hls-page-'));
  await copyFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), path.join(rendererDir, 'hls.min.js'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><video muted playsinline></video><script src="/hls.min.js"></script>');
  server = await startServer({ archive: new Archive(demoArchivePath(), { warn: () => undefined }), rendererDir, log: () => undefined });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(rendererDir, { recursive: true, force: true });
});

interface PlayResult {
  error?: string;
  currentTime: number;
  programDateTimes: number[];
  discontinuities: number[];
  live: boolean;
}

it('plays the playlist in Chromium and reports each fragment at its recorded time', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  // The last 10 s before the 52 s hole and the first 10 s after it.
  const startUs = manifest.shortHole.startUs - 10 * US_PER_SECOND;
  const endUs = manifest.shortHole.endUs + 10 * US_PER_SECOND;
  const playlistUrl = `playlist/${manifest.channel}/source.m3u8?start=${formatInstant(startUs)}&end=${formatInstant(endUs)}`;
  const result = await page.evaluate(async (url) => {
    type HlsLike = {
      loadSource(url: string): void;
      attachMedia(video: HTMLVideoElement): void;
      on(event: string, listener: (event: string, data: unknown) => void): void;
      levels: { details?: { live: boolean; fragments: { programDateTime: number | null; cc: number }[] } }[];
    };
    const Hls = (window as unknown as { Hls: { new (config: object): HlsLike; Events: Record<string, string> } }).Hls;
    const video = document.querySelector('video')!;
    const hls = new Hls({ startPosition: 0 });
    return new Promise<PlayResult>((resolve) => {
      const finish = (error?: string) => {
        const details = hls.levels[0]?.details;
        resolve({
          error,
          currentTime: video.currentTime,
          programDateTimes: details?.fragments.map((fragment) => fragment.programDateTime ?? NaN) ?? [],
          discontinuities: details?.fragments.map((fragment) => fragment.cc) ?? [],
          live: details?.live ?? true,
        });
      };
      hls.on(Hls.Events.ERROR!, (_, data) => {
        const { fatal, details } = data as { fatal: boolean; details: string };
        if (fatal) finish(details);
      });
      video.addEventListener('timeupdate', () => {
        if (video.currentTime >= 1.5) finish();
      });
      setTimeout(() => finish('timed out'), 30_000);
      hls.loadSource(url);
      hls.attachMedia(video);
      void video.play();
    });
  }, playlistUrl);
  expect(result.error).toBeUndefined();
  expect(result.currentTime).toBeGreaterThanOrEqual(1.5);
  expect(result.live).toBe(false);
  const selection = await new Archive(demoArchivePath(), { warn: () => undefined }).select(manifest.channel, 'source', startUs, endUs);
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  expect(result.programDateTimes).toEqual(segments.map((segment) => Date.parse(formatInstant(segment.startUs))));
  expect(result.discontinuities).toEqual(segments.map((segment) => (segment.startUs < manifest.shortHole.endUs ? 0 : 1)));
});
