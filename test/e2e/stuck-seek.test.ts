/**
 * A seek that does not land recovers, in real Chromium: `trimdesk serve` on the demo
 * archive behind a loopback proxy that holds the first request for the segment a seek
 * goes to (a drive that stops answering one file, a stalled connection). The player
 * re-seeks, then reloads the playlist at the seek's instant, and shows that frame. On a
 * slow drive (segments that come slowly but steadily) a seek whose footage is coming is
 * not stuck: it is neither re-sought nor reloaded, and lands once its segment is there.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import type { RunningServer } from '../../electron/serve/server';
import { SEEK_STUCK_MS } from '../../renderer/player/seek-tracker';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { clockUs } from '../fixtures/editor-clock';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

/**
 * Forwards every request to `upstream`, except that it never answers the next `holds`
 * requests for the segment file `heldName`, and that while `spreadMs` is set it sends each
 * segment's bytes in small pieces spread over that long (a slow drive).
 */
class HoldingProxy {
  heldName: string | undefined;
  holds = 0;
  spreadMs: number | undefined;
  /** File names of the segment requests seen, in order. */
  readonly segmentRequests: string[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly server: Server;

  constructor(private readonly upstream: URL) {
    this.server = createServer((incoming, reply) => this.handle(incoming, reply));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async close(): Promise<void> {
    for (const reply of this.held) reply.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(incoming: IncomingMessage, reply: ServerResponse): void {
    const path = new URL(incoming.url ?? '/', 'http://proxy').pathname;
    if (path.startsWith('/segments/')) {
      const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
      this.segmentRequests.push(name);
      if (name === this.heldName && this.holds > 0) {
        this.holds--;
        this.held.push(reply);
        return;
      }
    }
    const forward = request(
      { host: this.upstream.hostname, port: this.upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        reply.writeHead(answer.statusCode ?? 502, answer.headers);
        if (path.startsWith('/segments/') && this.spreadMs !== undefined) void trickle(answer, reply, this.spreadMs);
        else answer.pipe(reply);
      },
    );
    forward.on('error', () => reply.destroy());
    incoming.pipe(forward);
  }
}

/** Pieces a slow segment is sent in. */
const TRICKLE_PIECES = 30;

/** Sends `answer`'s body to `reply` in TRICKLE_PIECES pieces, evenly over `spreadMs`. */
async function trickle(answer: IncomingMessage, reply: ServerResponse, spreadMs: number): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of answer) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const pieceBytes = Math.ceil(body.length / TRICKLE_PIECES);
  for (let offset = 0; offset < body.length && !reply.destroyed; offset += pieceBytes) {
    await new Promise((resolve) => setTimeout(resolve, spreadMs / TRICKLE_PIECES));
    reply.write(body.subarray(offset, offset + pieceBytes));
  }
  reply.end();
}

let server: RunningServer;
let proxy: HoldingProxy;
let proxyUrl: string;
let browser: Browser;
let page: Page;
let manifest: DemoManifest;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  server = await serveDemoArchive();
  proxy = new HoldingProxy(new URL(server.url));
  proxyUrl = await proxy.listen();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.close();
});

/** The instant the clock names on the test's page. */
const clockOnPage = () => clockUs(page);

/**
 * Opens the demo's first hour on a page of its own (the browser cache of another test's
 * page would answer for the segments it watches); returns the quality it plays.
 */
async function openOnFreshPage(): Promise<string> {
  await page.close();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(proxyUrl);
  await page.locator(`.overview [data-hour="${manifest.hours[0]}"]`).click();
  await expect.poll(clockOnPage, { timeout: 15_000 }).toBeDefined();
  return page.getByLabel('Quality').inputValue();
}

describe('a seek whose segment does not come', () => {
  it('re-seeks, then reloads at its instant, and shows the frame there', { timeout: 60_000 }, async () => {
    await page.goto(proxyUrl);
    await page.locator(`.overview [data-hour="${manifest.hours[0]}"]`).click();
    await expect.poll(clockOnPage, { timeout: 15_000 }).toBeDefined();
    const quality = await page.getByLabel('Quality').inputValue();
    // 40 s into the opening run: past what the player buffers ahead from the hour's start,
    // and 10 ms into a frame, so the clock names the frame (40.000) only once it shows.
    const frameUs = manifest.runs[0]!.startUs + 40 * US_PER_SECOND;
    const targetUs = frameUs + 10_000;
    const [segment] = await new Archive(demoArchivePath(), { warn: () => undefined }).select(manifest.channel, quality, targetUs, targetUs + 1);
    proxy.heldName = segment!.name;
    proxy.holds = 1;
    // A reload attaches a new MediaSource (hls.js's own retry of the segment would not).
    const videoSource = () => page.locator('video').evaluate((video: HTMLVideoElement) => video.src);
    const sourceBefore = await videoSource();
    await page.keyboard.press('g');
    await page.getByLabel('Go to time').fill(formatInstant(targetUs));
    const askedMs = Date.now();
    await page.keyboard.press('Enter');
    // While the seek is on its way the clock names the frame shown before it, during the reload
    // no instant (nothing is on screen), and once landed the frame at the target.
    await expect.poll(clockOnPage, { timeout: 30_000, interval: 100 }).toBe(frameUs);
    const landedMs = Date.now();
    expect(await page.locator('video').evaluate((video: HTMLVideoElement) => video.seeking)).toBe(false);
    expect(proxy.holds, 'the held request was made').toBe(0);
    expect(landedMs - askedMs, 'landed only once the stuck seek was given up on').toBeGreaterThan(SEEK_STUCK_MS);
    expect(await videoSource(), 'the playlist was loaded afresh').not.toBe(sourceBefore);
    expect(proxy.segmentRequests.filter((name) => name === segment!.name).length, 'the segment asked for again').toBeGreaterThanOrEqual(2);
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
  });
});

describe('moves and marks while a stuck seek reloads', () => {
  it('applies a move made during the reload and marks the frame it lands on', { timeout: 90_000 }, async () => {
    const quality = await openOnFreshPage();
    const startUs = manifest.runs[0]!.startUs + 40 * US_PER_SECOND + 500_000;
    // L goes 10 s on, into the segment held (hls.js asks for it while buffering ahead of the
    // start): that seek is stuck, and after a re-seek the playlist is reloaded at its instant.
    const targetUs = startUs + 10 * US_PER_SECOND;
    const [segment] = await new Archive(demoArchivePath(), { warn: () => undefined }).select(manifest.channel, quality, targetUs, targetUs + 1);
    proxy.heldName = segment!.name;
    proxy.holds = 1;
    await page.keyboard.press('g');
    await page.getByLabel('Go to time').fill(formatInstant(startUs));
    await page.keyboard.press('Enter');
    await expect.poll(clockOnPage, { timeout: 30_000, interval: 100 }).toBe(startUs);
    // I waits for L's seek, which ends when the reload starts; Shift+L then comes while the
    // new playlist loads (no time map yet), and O waits for it.
    for (const key of ['l', 'i', 'Shift+L', 'o']) await page.keyboard.press(key);
    await expect.poll(clockOnPage, { timeout: 30_000, interval: 100 }).toBe(targetUs + US_PER_SECOND);
    await expect.poll(() => page.locator('.range-card').count()).toBe(1);
    await expect.poll(() => page.locator('.range-card .range-duration').textContent(), { timeout: 10_000 }).toBe('1s');
    const start = await page.getByLabel('Start', { exact: true }).first().inputValue();
    expect(formatInstant(targetUs), 'the range starts at the frame L landed on').toContain(start.slice(-12));
    expect(proxy.holds, 'the held request was made').toBe(0);
  });
});

describe('a seek on a slow drive', () => {
  it('is not taken for stuck while its footage is coming: no reload, its segment asked for once, and it lands on its frame', { timeout: 90_000 }, async () => {
    const quality = await openOnFreshPage();
    const frameUs = manifest.runs[0]!.startUs + 40 * US_PER_SECOND;
    const targetUs = frameUs + 10_000;
    const [segment] = await new Archive(demoArchivePath(), { warn: () => undefined }).select(manifest.channel, quality, targetUs, targetUs + 1);
    const videoSource = () => page.locator('video').evaluate((video: HTMLVideoElement) => video.src);
    const sourceBefore = await videoSource();
    const requestsBefore = proxy.segmentRequests.length;
    // Each segment takes three stuck-seek times to come, steadily: the old judge re-sought, then reloaded.
    proxy.spreadMs = 3 * SEEK_STUCK_MS;
    try {
      await page.keyboard.press('g');
      await page.getByLabel('Go to time').fill(formatInstant(targetUs));
      await page.keyboard.press('Enter');
      await expect.poll(clockOnPage, { timeout: 60_000, interval: 100 }).toBe(frameUs);
    } finally {
      proxy.spreadMs = undefined;
    }
    expect(await videoSource(), 'the playlist was not loaded again').toBe(sourceBefore);
    const asked = proxy.segmentRequests.slice(requestsBefore).filter((name) => name === segment!.name);
    expect(asked.length, 'the segment asked for once').toBe(1);
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
  });
});
