/**
 * hls.js in real Chromium plays a playlist from browser mode: the page and hls.js come
 * from the server's renderer folder, the playlist and segments from the archive routes.
 * The fragments hls.js parsed carry the archive's wall-clock times, hole included.
 */
import { copyFile, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Archive } from '../../electron/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { MEDIA_CHANNEL, MEDIA_HOUR, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

let root: string;
let rendererDir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-hls-'));
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-hls-page-'));
  await writeMediaArchive(root, 6);
  // A hole from 00:06 to 00:08: the playlist gets a discontinuity there.
  const hourDir = path.join(root, MEDIA_CHANNEL, MEDIA_QUALITY, MEDIA_HOUR);
  await unlink(path.join(hourDir, (await readdir(hourDir)).sort()[3]!));
  await copyFile(createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js'), path.join(rendererDir, 'hls.min.js'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><video muted playsinline></video><script src="/hls.min.js"></script>');
  server = await startServer({ archive: new Archive(root), rendererDir, log: () => undefined });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(root, { recursive: true, force: true });
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
  const playlistUrl = `playlist/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.m3u8?start=2026-11-14T03:00:00Z&end=2026-11-14T03:00:12Z`;
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
  const at = (clock: string) => Date.parse(`2026-11-14T03:${clock}Z`);
  expect(result.programDateTimes).toEqual([at('00:00'), at('00:02'), at('00:04'), at('00:08'), at('00:10')]);
  expect(result.discontinuities).toEqual([0, 0, 0, 1, 1]);
});
