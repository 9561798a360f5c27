/**
 * Playback over damaged segments in Chromium (the demo archive's manifest.damaged): on
 * first playback of a fresh serve, playing across the zero-byte, garbage, cut-short and
 * FIFO segments goes on past each with the next good footage, the editor says which
 * segment is damaged and at what time when it finds it and when playback reaches it,
 * and the time map has a hole there. The zero-byte and FIFO ones are known from a stat
 * (the playlist leaves them out); the garbage and cut-short ones the segment route
 * refuses when the player asks for them. After Verify, the window's notice lists them.
 * And segments whose ends pass the segment route's byte check but whose insides no
 * player can show (a small scratch archive of its own, test/fixtures/unplayable-segments.ts):
 * the player finds them itself, says so, and skips them like holes. And segments players
 * get through with a glitch (garbage inside, cut short, packets missing; on a plain and a
 * B-frame quality): marked on the timeline, named with their time when playback gets
 * there, and the clock still names the frame on screen after them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest, makeNonRegularSegment, scratchDemoArchive, type ScratchArchive } from '../fixtures/demo-archive';
import { pressGoTo, waitForClock } from '../fixtures/editor-clock';
import { grayPixels, pictureDistance } from '../fixtures/picture';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';
import { unplayableArchive, type GlitchCase, type UnplayableArchive } from '../fixtures/unplayable-segments';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');

let server: RunningServer;
/** A serve of a copy with the FIFO in place, which nothing has read before the test plays it. */
let fifoServer: RunningServer;
let fifoCopy: ScratchArchive;
let browser: Browser;
let page: Page;
let manifest: DemoManifest;

const serveQuietly = (root: string) => startServer({ archive: new Archive(root, { warn: () => undefined }), port: 0, log: () => undefined });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  fifoCopy = await scratchDemoArchive(root);
  await makeNonRegularSegment(fifoCopy, 'fifo');
  server = await serveQuietly(root);
  fifoServer = await serveQuietly(fifoCopy.root);
  browser = await launchChromium([AUTOPLAY_ARG]);
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fifoServer?.close();
  await fifoCopy?.remove();
});

/** Any instant the clock names: these tests look for where it got to, not for a settled frame. */
const moving = { settled: false };

/** Goes to 1.5 s before `from` with G, plays, and waits until the clock is past `to`. */
async function playPast(from: { startUs: number }, to: { name: string; endUs: number }): Promise<void> {
  const fromUs = from.startUs - 1_500_000;
  await pressGoTo(page, fromUs);
  await waitForClock(page, (us) => Math.abs(us - fromUs) < 100_000, `the seek to ${formatInstant(fromUs)}`, moving);
  await page.keyboard.press('Space');
  await waitForClock(page, (us) => us >= to.endUs + 500_000, `a time past ${to.name} (ends ${formatInstant(to.endUs)})`, moving);
  await page.keyboard.press('Space');
}

/** Collects the text of every notice the page shows from now on (each replaces the last). */
async function recordNotices(): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (globalThis as unknown as { noticesSeen: string[] }).noticesSeen = seen;
    const look = () => {
      const text = document.querySelector('.notice')?.textContent ?? '';
      if (text !== '' && seen[seen.length - 1] !== text) seen.push(text);
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (globalThis as unknown as { noticesSeen: string[] }).noticesSeen);
}

describe('playback over damaged segments', () => {
  it('on first playback, plays on past each damaged case, saying which segment and when as it finds and reaches it', { timeout: 90_000 }, async () => {
    const { zeroBytes, garbage, truncated, fifo } = manifest.damaged;
    const cases = [zeroBytes, garbage, truncated, fifo];
    await page.goto(fifoServer.url);
    const notices = await recordNotices();
    await page.locator(`.overview [data-hour="${zeroBytes.hour}"]`).click();
    await waitForClock(page, () => true, 'any instant', moving);
    await playPast(zeroBytes, fifo);
    await page.screenshot({ path: join(ARTIFACTS, 'damaged-past-all.png') });
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
    const seen = await notices();
    // The garbage one is found ahead of playback (hls.js fetches 20 s ahead) and named at
    // once: in its own notice, or in the window's if that came just after and replaced it.
    const named = (text: string) => text.includes(garbage.names['360p']!);
    const firstNamed = seen.findIndex(named);
    const reachedAt = seen.findIndex((text) => text.startsWith('Skipped a damaged segment') && named(text));
    expect(firstNamed, `garbage: named before playback reached it; seen ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(0);
    expect(firstNamed).toBeLessThan(reachedAt);
    for (const entry of cases) {
      const reached = seen.find((text) => text.startsWith('Skipped a damaged segment') && text.includes(entry.names['360p']!));
      expect(reached, `${entry.name}: a notice when playback reached it; seen ${JSON.stringify(seen)}`).toContain(formatInstant(entry.startUs).slice(11, 23));
    }
    // The time map has a hole where each was: going into one shows the first frame after it.
    // Paused: settled, since the clock names the frame on screen (past all of them) until the seek lands.
    for (const entry of [garbage, truncated]) {
      await pressGoTo(page, entry.startUs + 1_000_000);
      expect(await waitForClock(page, (us) => us >= entry.startUs, `the frame after going into ${entry.name}`), entry.name).toBe(entry.endUs);
    }
  });

  it('once Verify has read the garbage segment, names it too and plays on past it', async () => {
    const { garbage, zeroBytes } = manifest.damaged;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByText(/Verified \d+ segments: 3 damaged/).waitFor({ timeout: 20_000 });
    await page.locator(`.overview [data-hour="${garbage.hour}"]`).click();
    const notice = page.locator('.notice');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain(garbage.names['360p']);
    expect(await notice.textContent()).toContain('3 damaged segments');
    expect(await notice.textContent()).toContain(zeroBytes.names['360p']);
    await waitForClock(page, () => true, 'any instant', moving);
    await playPast(garbage, garbage);
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
  });
});

describe('playback over segments that pass the byte check but no player can show', () => {
  let scratch: UnplayableArchive;
  let scratchServer: RunningServer;

  beforeAll(async () => {
    const { channel, hours } = manifest;
    // From 28 s into the opening run, one full segment per start and no hole: only the damage is new.
    const bFrames = manifest.qualities.find((quality) => quality.bFrames > 0)?.name;
    scratch = await unplayableArchive(demoArchivePath(), channel, 'source', hours[0]!, '00:28', bFrames);
    scratchServer = await serveQuietly(scratch.root);
  });

  afterAll(async () => {
    await scratchServer?.close();
    await scratch?.remove();
  });

  /** The editor on the scratch archive's `quality` (it has two: the first is not the one every test wants). */
  async function openScratch(quality: string): Promise<void> {
    await page.goto(scratchServer.url);
    await page.locator('.overview [data-hour]').first().waitFor();
    await page.getByLabel('Quality').selectOption(quality);
  }

  /** The notice for a case names its file and its start (to the millisecond). */
  const names = (text: string, entry: UnplayableArchive['cases'][number]) =>
    text.includes(entry.name) && text.includes(formatInstant(entry.startUs).slice(11, 23));

  it('passes the byte check', async () => {
    for (const entry of [...scratch.cases.map((known) => ({ ...known, quality: scratch.quality })), ...scratch.glitches]) {
      const url = new URL(`segments/${scratch.channel}/${entry.quality}/${scratch.hour}/${encodeURIComponent(entry.name)}?check=bytes`, scratchServer.url);
      expect((await fetch(url)).status, entry.what).toBe(200);
    }
  });

  it('going into each: says which segment and when, and shows the first frame after it', { timeout: 90_000 }, async () => {
    await openScratch(scratch.quality);
    const notices = await recordNotices();
    await page.locator(`.overview [data-hour="${scratch.hour}"]`).click();
    await waitForClock(page, () => true, 'any instant');
    for (const entry of scratch.cases) {
      await pressGoTo(page, entry.startUs + 1_000_000);
      const landedUs = await waitForClock(page, (us) => us >= entry.startUs, `the frame after going into ${entry.what}`);
      expect(formatInstant(landedUs), `${entry.what}: the first frame after it`).toBe(formatInstant(entry.endUs));
      const seen = await notices();
      expect(
        seen.some((text) => names(text, entry)),
        `${entry.what}: named with its time; seen ${JSON.stringify(seen)}`,
      ).toBe(true);
    }
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
  });

  it('playing across them for the first time: plays on past each, saying which segment and when', { timeout: 90_000 }, async () => {
    await openScratch(scratch.quality);
    const notices = await recordNotices();
    await page.locator(`.overview [data-hour="${scratch.hour}"]`).click();
    await waitForClock(page, () => true, 'any instant');
    await playPast(scratch.cases[0]!, scratch.cases.at(-1)!);
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
    const seen = await notices();
    for (const entry of scratch.cases) {
      expect(
        seen.some((text) => names(text, entry)),
        `${entry.what}: named with its time; seen ${JSON.stringify(seen)}`,
      ).toBe(true);
    }
  });

  /** The picture on screen as gray pixels (the video's own box, without the bars beside it). */
  async function picture(): Promise<Buffer> {
    const clip = await page.locator('video').evaluate((video: HTMLVideoElement) => {
      const box = video.getBoundingClientRect();
      const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
      return {
        x: box.x + (box.width - video.videoWidth * scale) / 2,
        y: box.y + (box.height - video.videoHeight * scale) / 2,
        width: video.videoWidth * scale,
        height: video.videoHeight * scale,
      };
    });
    return grayPixels(await page.screenshot({ clip }));
  }

  /** The scratch archive's frame at an instant, as gray pixels. */
  async function archiveFrame(quality: string, instantUs: number): Promise<Buffer> {
    const response = await fetch(new URL(`frame/${scratch.channel}/${quality}.png?timestamp=${formatInstant(instantUs)}`, scratchServer.url));
    expect(response.status, `the archive's frame at ${formatInstant(instantUs)}`).toBe(200);
    return grayPixels(Buffer.from(await response.arrayBuffer()));
  }

  /**
   * Every frame burns in its time: of the archive's frames at the clock's instant, one
   * either side and 20 either side (a clock 0.67 s off, as after a segment cut short, names
   * a frame 20 away), the picture on screen is nearest the one at the instant.
   */
  async function expectPictureAtClock(quality: string, what: string): Promise<void> {
    const clockUs = await waitForClock(page, () => true, `a settled clock ${what}`);
    const onScreen = await picture();
    const offsets = [-20, -1, 0, 1, 20];
    const distances = await Promise.all(
      offsets.map(async (frames) =>
        pictureDistance(onScreen, await archiveFrame(quality, clockUs + Math.ceil((frames * US_PER_SECOND) / manifest.framesPerSecond))),
      ),
    );
    const nearest = offsets[distances.indexOf(Math.min(...distances))];
    const seen = offsets.map((frames, index) => `${frames}: ${distances[index]!.toFixed(1)}`).join(', ');
    expect(nearest, `${quality} ${what}: frames from the clock's ${formatInstant(clockUs)} to the picture on screen (distances ${seen})`).toBe(0);
  }

  /** What the timeline's hover box says at an instant of the window 03:00-03:01 of the scratch hour. */
  async function hoverSays(instantUs: number): Promise<string> {
    const box = (await page.getByTestId('timeline').boundingBox())!;
    const windowStartUs = scratch.startUs - 28 * US_PER_SECOND;
    await page.mouse.move(box.x + ((instantUs - windowStartUs) / (60 * US_PER_SECOND)) * box.width, box.y + 28);
    const thumbnail = page.locator('.thumbnail');
    await expect.poll(() => thumbnail.locator('.damage, p.no-frame').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    return (await thumbnail.textContent()) ?? '';
  }

  describe.each(['plain', 'B-frames'] as const)('segments played with a glitch, on the %s quality', (kind) => {
    const glitchesOf = () => scratch.glitches.filter((entry) => (kind === 'plain') === (entry.quality === scratch.quality));
    const named = (text: string, entry: GlitchCase) => text.includes(entry.name) && text.includes(formatInstant(entry.startUs).slice(11, 23));

    beforeAll(async () => {
      if (glitchesOf().length === 0) throw new Error('the demo archive has no B-frame quality: regenerate it (npm run demo)');
      await openScratch(glitchesOf()[0]!.quality);
      await page.locator(`.overview [data-hour="${scratch.hour}"]`).click();
      // A minute's window: a 2 s segment is some 30 pixels of timeline.
      await page.getByLabel('Window end').fill(formatInstant(scratch.startUs + 32 * US_PER_SECOND));
      await page.getByLabel('Window end').press('Enter');
      await waitForClock(page, () => true, 'any instant');
    });

    it('playing across them: says which segment, when and that playback went on, marks each, and the clock names the frame on screen', {
      timeout: 90_000,
    }, async () => {
      const glitches = glitchesOf();
      const notices = await recordNotices();
      await playPast(glitches[0]!, glitches.at(-1)!);
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await page.screenshot({ path: join(ARTIFACTS, `damaged-glitches-${kind}.png`) });
      expect(await page.locator('.player-overlay.error').count()).toBe(0);
      const seen = await notices();
      for (const entry of glitches) {
        const notice = seen.find((text) => named(text, entry));
        expect(notice, `${kind}, ${entry.what}: named with its time; seen ${JSON.stringify(seen)}`).toMatch(/Playback (went|goes) on/);
      }
      await page.getByRole('button', { name: 'Whole window' }).click();
      const marks: string[] = [];
      for (const entry of glitches) {
        // Half a second in: footage even in the one cut short. Marked as damaged footage, or (when the browser's decoder gave up on it) a hole.
        const says = await hoverSays(entry.startUs + US_PER_SECOND / 2);
        expect(says, `${kind}, ${entry.what}: the timeline marks it`).toMatch(/Damaged: |No footage here/);
        if (marks.length === 0) await page.screenshot({ path: join(ARTIFACTS, `damaged-glitches-${kind}-hover.png`) });
        marks.push(says);
      }
      expect(
        marks.some((says) => says.includes('Damaged: ')),
        `${kind}: some played with a glitch; hover said ${JSON.stringify(marks)}`,
      ).toBe(true);
      await page.mouse.move(0, 0);
      await expectPictureAtClock(glitches[0]!.quality, `past ${glitches.at(-1)!.what}`);
    });

    it('the clock names the frame on screen in the segment after the one cut short', { timeout: 60_000 }, async () => {
      const cut = glitchesOf().find((entry) => entry.what === 'a segment cut short')!;
      await playPast(cut, { name: 'the segment after it', endUs: cut.endUs + US_PER_SECOND / 2 });
      await expectPictureAtClock(cut.quality, `just after ${cut.what}`);
    });
  });
});
