/**
 * The clock while loads are held or late, in real Chromium against `trimdesk serve` on
 * the demo archive: a seek waiting for its footage, the timeline thumbnail while the
 * pointer moves on, and reloads (a stuck seek's recovery, quality switches) that must not
 * name an instant before a frame of the new source is on screen (see player-clock.test.ts).
 */
import type { Route } from 'playwright-core';
import { Archive } from '../../electron/node/archive/archive';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath } from '../fixtures/demo-archive';
import { clearEarlyClockReadings, earlyClockReadings, watchClockAgainstFrames } from '../fixtures/presented-frames';
import { pressGoTo, waitForReading } from '../fixtures/editor-clock';
import { ClockPage, ClockSuite } from '../fixtures/clock-page';

const suite = new ClockSuite();
beforeAll(() => suite.start());
afterAll(() => suite.stop());

/**
 * While a seek waits for footage, the picture is still the frame it started from: the
 * clock must name that frame (not the seek's target) and say a seek is on its way.
 * Segment loads are held so the wait is as long as the test needs, however fast the
 * machine: before, the clock named the target at once, under the old frame, and a check
 * that happened to read it then (as a loaded machine's slow seeks let it) saw a picture
 * that was not the clock's frame.
 */
describe('a seek waiting for its footage', () => {
  /** Well under SEEK_STUCK_MS (2.5 s), after which a seek that showed nothing is recovered. */
  const HOLD_MS = 1500;
  it('names the frame still on screen and says it is seeking, then the landing frame', { timeout: 180_000 }, async () => {
    const page = await suite.newPage(`held seek`);
    const clock = new ClockPage(suite, page, suite.quality('B-frames'));
    await clock.open();
    const hole = suite.twoSecondHole();
    // Far off first, so the back buffer drops the footage before the hole; then onto the
    // frame after it (the footage from there on loads, the segment before it usually does
    // not: hls.js may fetch it first where its estimate of the segment's end is late, so
    // tried again until it is not buffered, else the step back would not wait for a load).
    const beforeHoleBuffered = () =>
      page.locator('video').evaluate((video: HTMLVideoElement) => {
        // The hole takes no media time: the segment before it ends a few frames before the frame after it.
        const beforeSeconds = video.currentTime - 0.2;
        for (let index = 0; index < video.buffered.length; index++) {
          if (video.buffered.start(index) <= beforeSeconds && beforeSeconds < video.buffered.end(index)) return true;
        }
        return false;
      });
    for (let attempt = 0; attempt < 3; attempt++) {
      await clock.goTo(suite.manifest.shortHole.endUs + 40 * US_PER_SECOND);
      expect(await clock.goTo(hole.endUs)).toBe(hole.endUs);
      if (!(await beforeHoleBuffered())) break;
    }
    expect(await beforeHoleBuffered(), 'the footage before the hole is not buffered (the step back must load it)').toBe(false);
    await clock.expectPictureMatchesClock();
    // Held for a bounded time: a seek that shows nothing for SEEK_STUCK_MS is recovered
    // (sought again, then reloaded), which is not what this test is about.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstHeldMs: number | undefined;
    const isSegment = (url: URL) => url.pathname.endsWith('.ts');
    await page.route(isSegment, async (route) => {
      firstHeldMs ??= Date.now();
      setTimeout(release, HOLD_MS);
      await released;
      await route.continue();
    });
    await page.keyboard.press(',');
    await waitForReading(
      page,
      async () => firstHeldMs,
      (heldMs) => heldMs !== undefined,
      'a segment load for the step back',
    );
    await page.waitForTimeout(300);
    const clockOutput = page.locator('output.clock');
    const seekingWhileHeld = await clockOutput.getAttribute('data-seeking');
    const shot = await clock.shoot();
    // Timed at the screenshot: a 1.5 s hold was missed by 326 ms in a loaded suite run when
    // this also counted ffmpeg's decode of the screenshot.
    const shotInTimeMs = HOLD_MS - (shot.takenMs - firstHeldMs!);
    // Later loads go through the route at once (left installed: unrouting would race the held ones).
    release();
    expect(shotInTimeMs, 'the clock and the picture were read while the segment was held').toBeGreaterThan(0);
    expect(shot.clockUs, 'the clock still names the frame on screen').toBe(hole.endUs);
    expect(seekingWhileHeld, 'the clock says a seek is on its way').toBe('true');
    await clock.expectShotMatchesClock(shot);
    const landedUs = await clock.steadyClock((us) => us < hole.startUs, 'the last frame before the 2 s hole');
    expect(landedUs).toBeGreaterThan(hole.startUs - clock.frameUs - 1);
    expect(await clockOutput.getAttribute('data-seeking')).toBeNull();
    await clock.expectPictureMatchesClock();
    await page.close();
  });
});

describe('the timeline thumbnail', () => {
  it('never shows the frame of another time than its label names', { timeout: 300_000 }, async () => {
    const page = await suite.newPage('thumbnail');
    const clock = new ClockPage(suite, page, suite.quality('plain'));
    await clock.open();
    // Every painted frame (requestAnimationFrame), note which picture shows under which label.
    await page.evaluate(() => {
      const seen: { timestamp: string; label: string }[] = [];
      (globalThis as unknown as { thumbnailsSeen: typeof seen }).thumbnailsSeen = seen;
      const look = () => {
        const box = document.querySelector('.thumbnail');
        const image = box?.querySelector('img');
        const label = box?.querySelector('span')?.textContent ?? '';
        if (image?.complete && image.naturalWidth > 0 && getComputedStyle(image).visibility !== 'hidden') {
          const timestamp = new URL(image.src).searchParams.get('timestamp') ?? '';
          const last = seen[seen.length - 1];
          if (last?.timestamp !== timestamp || last.label !== label) seen.push({ timestamp, label });
        }
        requestAnimationFrame(look);
      };
      look();
    });
    const label = () => page.evaluate(() => document.querySelector('.thumbnail span')?.textContent ?? '');
    /**
     * True once the box under `label` shows what it will: a picture (each position below
     * names a second of its own), or, in a hole, that there is no footage.
     */
    const settledUnder = (shownLabel: string) =>
      page.evaluate(
        (wanted) =>
          document.querySelector('.thumbnail p.no-frame') !== null ||
          (globalThis as unknown as { thumbnailsSeen: { label: string }[] }).thumbnailsSeen.some((entry) => entry.label === wanted),
        shownLabel,
      );
    const box = (await page.getByTestId('timeline').boundingBox())!;
    // Footage of the first minute of the hour sits at the left of the hour-long window.
    const footageWidthPx = (box.width * 60) / 3600;
    for (let step = 0; step < 12; step++) {
      const labelBefore = await label();
      await page.mouse.move(box.x + 2 + ((step * 7) % 12) * (footageWidthPx / 12), box.y + 28);
      // Quick moves go on before a frame can come (its fetch waits for the pointer to rest);
      // at every third position the pointer rests until that position's picture shows,
      // however long the frame takes on a loaded machine.
      if (step % 3 !== 0) {
        await page.waitForTimeout(120);
        continue;
      }
      const restLabel = await waitForReading(page, label, (text) => text !== '' && text !== labelBefore, `the label where the pointer rests (step ${step})`);
      await waitForReading(
        page,
        () => settledUnder(restLabel),
        (settled) => settled,
        `a thumbnail (or "No footage here") under ${restLabel}`,
        { timeoutMs: 60_000 },
      );
    }
    const seen = await page.evaluate(() => (globalThis as unknown as { thumbnailsSeen: { timestamp: string; label: string }[] }).thumbnailsSeen);
    await page.close();
    expect(seen.length, 'thumbnails were shown where the pointer rested').toBeGreaterThanOrEqual(2);
    for (const { timestamp, label } of seen) {
      // The label names whole seconds: the picture's instant must be in that second.
      const secondsUs = Math.floor(parseInstant(timestamp) / US_PER_SECOND) * US_PER_SECOND;
      expect(label, `the thumbnail of ${timestamp}`).toContain(formatInstant(secondsUs).slice(11, 19));
    }
  });
});

/**
 * A reload (the hour's first load, a quality switch, a stuck seek's recovery) attaches a
 * new source, and the picture is empty until it presents a frame: the clock names no
 * instant meanwhile (before, it named the reload's target, or the first segment's start,
 * under an empty picture), and then the frame on screen. Segments come late, as from a
 * slow drive, so the empty picture lasts long enough to be seen on any machine (during
 * the quality switches 1.5 s late, under SEEK_STUCK_MS: the seek to the frame shown must
 * wait for it, not end on nothing); one segment never comes, so a seek into it is stuck
 * and recovered by a reload.
 */
describe.each(['plain', 'B-frames'] as const)('the clock across reloads on the %s quality', (kind) => {
  it('names no instant until a frame of the new source is on screen, then that frame', { timeout: 240_000 }, async () => {
    const page = await suite.newPage(`reloads ${kind}`);
    await watchClockAgainstFrames(page);
    const clock = new ClockPage(suite, page, suite.quality(kind));
    const other = suite.otherQuality(clock.quality);
    let heldName: string | undefined;
    const held: Route[] = [];
    let segmentDelayMs = 400;
    await page.route(
      (url) => url.pathname.endsWith('.ts'),
      async (route) => {
        const url = new URL(route.request().url());
        if (decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1)) === heldName) {
          heldName = undefined;
          held.push(route);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, segmentDelayMs));
        await route.continue().catch(() => undefined);
      },
    );
    await clock.open();
    expect.soft(await earlyClockReadings(page), 'the clock before the first frame of the hour').toEqual([]);
    await clearEarlyClockReadings(page);
    // 40 s into the opening run (past what is buffered from the hour's start), 10 ms into a frame.
    const frameUs = suite.manifest.runs[0]!.startUs + 40 * US_PER_SECOND;
    const targetUs = frameUs + 10_000;
    const [segment] = await new Archive(demoArchivePath(), { warn: () => undefined }).select(suite.manifest.channel, clock.quality, targetUs, targetUs + 1);
    heldName = segment!.name;
    await pressGoTo(page, targetUs);
    expect(await clock.steadyClock((us) => us === frameUs, `the frame at ${formatInstant(frameUs)} after the stuck seek's reload`)).toBe(frameUs);
    expect(held.length, 'the segment sought into was held').toBe(1);
    await clock.expectPictureMatchesClock();
    expect.soft(await earlyClockReadings(page), "the clock during the stuck seek's reload").toEqual([]);
    await clearEarlyClockReadings(page);
    // Paused, a quality switch (and back) stays on the frame on screen.
    segmentDelayMs = 1500;
    for (const quality of [other, clock.quality]) {
      await page.getByLabel('Quality').selectOption(quality);
      await page.waitForTimeout(200);
      expect(await clock.steadyClock(() => true, `the frame after switching to ${quality}`)).toBe(frameUs);
      await clock.expectPictureMatchesClock(quality);
    }
    expect.soft(await earlyClockReadings(page), 'the clock during the quality switches').toEqual([]);
    for (const route of held) await route.abort().catch(() => undefined);
    await page.close();
  });
});

it('raised no page errors', () => {
  expect(suite.pageErrors).toEqual([]);
});
