/**
 * Exports played in a real Chromium, as people will watch them: a smart cut of two
 * ranges (each edge -> copied segment -> edge, and a hard cut between them) as MPEG-TS
 * through hls.js (a one-segment playlist) and as the MP4 the export remuxes, on the demo's
 * footage with B-frames (360p-bframes) and without (source). Each must play to its end
 * without an error or a stall, last its frames' length, and show each picture on the
 * frame grid: requestVideoFrameCallback's mediaTime of every presented frame lies a
 * whole number of frame durations from the first picture (a picture held at a join shifts
 * every later one off the grid), and every frame is decoded.
 *
 * Every length is measured from where the video's pictures start on the player's
 * timeline: through hls.js the start of its video buffer, in a plain <video> the picture
 * it shows once loaded (played only after that). Not from the first picture presented
 * while playing: on a loaded machine hls.js's start-hole skip (below) and frame callbacks
 * missed at the start of playback put that one 0.1-0.3 s later.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import type { OutputFormat } from '../../shared/cutplan';
import { HARD_CUT } from '../../shared/edit';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';
import { findFootage } from '../integration/export-media';

const FPS = 30;
const HLS_JS = path.resolve('node_modules/hls.js/dist/hls.min.js');
const queue = new ExportQueue();
let outDir: string;
let server: Server;
let baseUrl: string;
let browser: Browser;
let page: Page;

/** What the page reports after playing a video to its end (or giving up). */
interface Playback {
  ended: boolean;
  errors: string[];
  /** 'waiting' events after playback had started: stalls. */
  stalls: number;
  durationSeconds: number;
  currentSeconds: number;
  /** Where the video's pictures start: hls.js's video buffer, or the picture a plain <video> shows once loaded. */
  videoStartSeconds: number;
  mediaTimes: number[];
  presentedFrames: number;
  /** getVideoPlaybackQuality().totalVideoFrames at the end: frames decoded, shown or dropped. */
  decodedFrames: number;
}

const PAGE = `<!doctype html><meta charset="utf-8"><script src="/hls.js"></script><body><script>
window.play = (src, useHls, skipStartHole, timeoutMs) => new Promise((resolve) => {
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const result = { ended: false, errors: [], stalls: 0, durationSeconds: NaN, currentSeconds: NaN, videoStartSeconds: NaN, mediaTimes: [], presentedFrames: 0, decodedFrames: 0 };
  let playing = false;
  let started = false;
  const start = (firstPictureSeconds) => {
    started = true;
    if (!useHls) result.videoStartSeconds = firstPictureSeconds;
    video.play().catch((error) => result.errors.push('play: ' + error.message));
  };
  const finish = () => {
    result.durationSeconds = video.duration;
    result.currentSeconds = video.currentTime;
    result.decodedFrames = video.getVideoPlaybackQuality().totalVideoFrames;
    resolve(result);
  };
  let lastFrameMs = performance.now();
  const onFrame = (_now, meta) => {
    lastFrameMs = performance.now();
    result.mediaTimes.push(meta.mediaTime);
    result.presentedFrames = meta.presentedFrames;
    if (!started) start(meta.mediaTime);
    video.requestVideoFrameCallback(onFrame);
  };
  video.requestVideoFrameCallback(onFrame);
  video.addEventListener('playing', () => { playing = true; });
  video.addEventListener('waiting', () => { if (playing) result.stalls++; });
  video.addEventListener('error', () => { result.errors.push('video: ' + (video.error && video.error.message)); finish(); });
  // Finished once frame callbacks have gone quiet: on a loaded machine the last pictures' callbacks come well after 'ended'.
  const finishWhenQuiet = () => (performance.now() - lastFrameMs >= 500 ? finish() : setTimeout(finishWhenQuiet, 100));
  video.addEventListener('ended', () => { result.ended = true; finishWhenQuiet(); });
  setTimeout(finish, timeoutMs);
  if (useHls) {
    const hls = new Hls({ enableWorker: false });
    hls.on(Hls.Events.BUFFER_APPENDED, (_event, data) => {
      const ranges = data.timeRanges && data.timeRanges.video;
      if (!ranges || ranges.length === 0 || !Number.isNaN(result.videoStartSeconds)) return;
      result.videoStartSeconds = ranges.start(0);
      // Before any picture is shown: where hls.js's gap controller seeks when the browser has not started on its own.
      if (skipStartHole) video.currentTime = ranges.start(0) + hls.config.skipBufferHolePadding;
    });
    hls.on(Hls.Events.ERROR, (_event, data) => result.errors.push('hls.js: ' + data.details + (data.fatal ? ' (fatal)' : '') + (data.reason ? ': ' + data.reason : '')));
    hls.loadSource(src);
    hls.attachMedia(video);
  } else {
    video.src = src;
  }
});
</script>`;

function playlist(durationSeconds: number): string {
  return `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:${Math.ceil(durationSeconds)}\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:${durationSeconds.toFixed(6)},\nexport.ts\n#EXT-X-ENDLIST\n`;
}

/** Serves the page, hls.js, and per quality its exports and a playlist of the TS one. */
function startFileServer(files: Map<string, { body: () => Promise<Buffer | string>; type: string }>): Promise<string> {
  server = createServer((request, response) => {
    const file = files.get(request.url ?? '');
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    file.body().then(
      (body) => response.writeHead(200, { 'content-type': file.type, 'content-length': Buffer.byteLength(body) }).end(body),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`)));
}

const files = new Map<string, { body: () => Promise<Buffer | string>; type: string }>([
  ['/', { body: async () => PAGE, type: 'text/html' }],
  ['/hls.js', { body: () => readFile(HLS_JS), type: 'text/javascript' }],
]);

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-playback-'));
  baseUrl = await startFileServer(files);
  browser = await launchChromium([AUTOPLAY_ARG]);
  page = await browser.newPage();
  await page.goto(`${baseUrl}/`);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(outDir, { recursive: true, force: true });
});

describe.each(['360p-bframes', 'source'])('a smart export of the demo %s quality', (quality) => {
  let frameCount: number;

  beforeAll(async () => {
    const footage = await findFootage(inject('demoArchive'), quality);
    const t0 = footage.segments[0]!.startUs;
    // Frame-exact instants: 30 fps from each segment's whole-millisecond start.
    const ranges = [
      { startUs: t0 + 2_500_000, endUs: t0 + 5_500_000 },
      { startUs: t0 + 9_000_000, endUs: t0 + 12_500_000 },
    ];
    frameCount = ranges.reduce((total, range) => total + Math.round(((range.endUs - range.startUs) * FPS) / 1_000_000), 0);
    for (const format of ['ts', 'mp4'] as OutputFormat[]) {
      const output = path.join(outDir, `${quality}.${format}`);
      const prepared = await prepareExport(footage.archive, {
        channel: footage.channel,
        quality,
        edit: { ranges, transitions: [HARD_CUT] },
        cutType: 'smart',
        format,
        allowHoles: false,
        outputPath: output,
        overwrite: false,
      });
      const job = await queue.settled(queue.add(prepared).id);
      expect(job.error).toBeNull();
      files.set(`/${quality}/export.${format}`, { body: () => readFile(output), type: format === 'ts' ? 'video/mp2t' : 'video/mp4' });
    }
    files.set(`/${quality}/export.m3u8`, { body: async () => playlist(frameCount / FPS), type: 'application/vnd.apple.mpegurl' });
  });

  // hls.js starts B-frame footage's timeline at its first decode time, so the first
  // picture (its PTS one reorder delay later: 2 frames) leaves a hole at 0. The browser
  // starts at that picture by itself, but when it has not moved within two of hls.js's
  // 100 ms polls (a loaded machine) hls.js seeks over the hole to 0.1 s
  // (skipBufferHolePadding) past it, and 3 frames are never shown: measured from the
  // first picture shown, such a playback lasted 0.1 s too long (CI, twice). The export
  // is the same bytes either way. The second case seeks there before any picture is
  // shown, as hls.js does. Footage without B-frames has no such hole.
  const skipCases: [string, string, boolean, boolean][] =
    quality === '360p-bframes' ? [['MPEG-TS through hls.js, skipping the start hole before the first picture,', 'export.m3u8', true, true]] : [];
  it.each<[string, string, boolean, boolean]>([
    ['MPEG-TS through hls.js', 'export.m3u8', true, false],
    ...skipCases,
    ['MP4 in a plain <video>', 'export.mp4', false, false],
  ])('%s plays to its end without an error or stall, every picture on the frame grid', async (_how, file, useHls, skipStartHole) => {
    const expectedSeconds = frameCount / FPS;
    const playback = (await page.evaluate(
      ([src, hls, skip, timeoutMs]) => (window as unknown as { play: (...args: unknown[]) => Promise<unknown> }).play(src, hls, skip, timeoutMs),
      [`${baseUrl}/${quality}/${file}`, useHls, skipStartHole, expectedSeconds * 1000 + 20_000] as const,
    )) as Playback;
    // hls.js reports its own skip of that hole as a non-fatal error, as for any B-frame stream.
    const startHole = /^hls\.js: bufferSeekOverHole: fragment loaded with buffer holes, seeking from 0 to 0\.1[0-9]*$/;
    expect(playback.errors.filter((error) => !(useHls && quality === '360p-bframes' && startHole.test(error)))).toEqual([]);
    expect(playback.ended).toBe(true);
    expect(playback.stalls).toBe(0);
    const distinct = [...new Set(playback.mediaTimes)].sort((a, b) => a - b);
    // From the first picture (through hls.js one reorder delay in, as above) to the end.
    const firstSeconds = playback.videoStartSeconds;
    expect(Math.abs(playback.durationSeconds - firstSeconds - expectedSeconds), `duration ${playback.durationSeconds} s for ${frameCount} frames`).toBeLessThan(
      1.5 / FPS,
    );
    expect(Math.abs(playback.currentSeconds - firstSeconds - expectedSeconds)).toBeLessThan(1.5 / FPS);
    const offGrid = distinct
      .map((seconds) => ({ seconds, frames: (seconds - firstSeconds) * FPS }))
      .filter(({ frames }) => Math.abs(frames - Math.round(frames)) > 0.03);
    expect(offGrid, 'pictures presented between frame starts (a picture held at a join shifts those after it)').toEqual([]);
    const lastFrame = Math.round((distinct.at(-1)! - firstSeconds) * FPS);
    expect(lastFrame, 'the last picture presented is the last frame').toBe(frameCount - 1);
    // Every frame is decoded (a frame missing at a join is one fewer; a seek may decode a few twice). Frame
    // callbacks miss pictures on a loaded machine (147 of 195 at load 30), so the grid sees at least half.
    expect(playback.decodedFrames, 'frames decoded').toBeGreaterThanOrEqual(frameCount);
    expect(distinct.length, `${distinct.length} of ${frameCount} frames presented`).toBeGreaterThanOrEqual(Math.floor(frameCount / 2));
  });
});
