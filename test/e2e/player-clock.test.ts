/**
 * The clock names the frame on screen around holes, in real Chromium against `trimdesk
 * serve` on the demo archive, on a plain and a B-frame quality: after seeks into a 2 s
 * and a 52 s hole, frame steps across them both ways, paused seeks anywhere, and a
 * quality switch mid-play. Every demo frame carries its UTC time burned in, so the
 * picture on screen is compared with the archive's frame at the clock's instant.
 */
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { clockUs, pressGoTo, waitForClock, waitForReading } from '../fixtures/editor-clock';
import { grayPixels, pictureDistance } from '../fixtures/picture';
import { clearEarlyClockReadings, earlyClockReadings, watchClockAgainstFrames } from '../fixtures/presented-frames';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';

let server: RunningServer;
let browser: Browser;
let manifest: DemoManifest;
const pageErrors: string[] = [];

beforeAll(async () => {
  const root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  const archive = new Archive(root);
  await archive.check();
  server = await startServer({ archive, port: 0, log: () => undefined });
  browser = await launchChromium([AUTOPLAY_ARG]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The qualities to check: the first without B-frames and the first with them. */
function qualitiesUnderTest(): string[] {
  const plain = manifest.qualities.find((q) => q.bFrames === 0);
  const bFrames = manifest.qualities.find((q) => q.bFrames > 0);
  return [plain, bFrames].filter((q) => q !== undefined).map((q) => q.name);
}

/** One editor page on one quality of the demo's first hour, with the checks the tests make. */
class ClockPage {
  readonly frameUs: number;

  constructor(
    readonly page: Page,
    readonly quality: string,
  ) {
    this.frameUs = Math.round(US_PER_SECOND / manifest.framesPerSecond);
  }

  async open(): Promise<void> {
    await this.page.goto(server.url);
    await this.page.locator('.overview [data-hour]').first().waitFor();
    await this.page.getByLabel('Quality').selectOption(this.quality);
    await this.page.locator(`[data-hour="${manifest.hours[0]}"]`).click();
    await this.steadyClock(() => true, 'any instant');
  }

  /** Slows the page's main thread `rate` times (Chromium's CPU throttling), as a loaded machine does; 1 ends it. */
  async throttle(rate: number): Promise<void> {
    const session = await this.page.context().newCDPSession(this.page);
    await session.send('Emulation.setCPUThrottlingRate', { rate });
    await session.detach();
  }

  clockUs(): Promise<number | undefined> {
    return clockUs(this.page);
  }

  /**
   * Waits until the clock satisfies `predicate`, settled: the same instant three readings
   * in a row with the element not seeking (while a seek is on its way the clock names its
   * target, which on a loaded machine can stay put for longer than that).
   */
  steadyClock(predicate: (instantUs: number) => boolean, what: string): Promise<number> {
    return waitForClock(this.page, predicate, `${this.quality}: ${what}`);
  }

  /** Goes to an instant with G and waits for the clock to settle. */
  async goTo(targetUs: number): Promise<number> {
    await pressGoTo(this.page, targetUs);
    await this.page.waitForTimeout(200);
    return this.steadyClock(() => true, `a frame after going to ${formatInstant(targetUs)}`);
  }

  async press(key: string): Promise<number> {
    const beforeUs = await this.clockUs();
    await this.page.keyboard.press(key);
    return this.steadyClock((us) => us !== beforeUs, `a new frame after ${key} from ${formatInstant(beforeUs ?? 0)}`);
  }

  /** The archive's frame at an instant as gray pixels, or undefined in a hole (404). */
  private async frameAt(instantUs: number, quality: string): Promise<Buffer | undefined> {
    const response = await fetch(new URL(`frame/${manifest.channel}/${quality}.png?timestamp=${formatInstant(instantUs)}`, server.url));
    if (response.status === 404) return undefined;
    expect(response.status).toBe(200);
    return grayPixels(Buffer.from(await response.arrayBuffer()));
  }

  private async picture(): Promise<Buffer> {
    const clip = await this.page.locator('video').evaluate((video: HTMLVideoElement) => {
      const box = video.getBoundingClientRect();
      const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
      const width = video.videoWidth * scale;
      const height = video.videoHeight * scale;
      return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
    });
    return grayPixels(await this.page.screenshot({ clip }));
  }

  /**
   * The picture on screen is the archive's frame at the clock's instant: closer to it than
   * to the frames one and two frames before and after (those in holes left out).
   */
  async expectPictureMatchesClock(quality = this.quality): Promise<void> {
    await this.expectShotMatchesClock(await this.shoot(), quality);
  }

  /** The clock's instant and the picture on screen, read together (compared later: see expectShotMatchesClock). */
  async shoot(): Promise<{ clockUs: number; onScreen: Buffer }> {
    const clockUs = (await this.clockUs())!;
    return { clockUs, onScreen: await this.picture() };
  }

  /** The picture of `shot` is the archive's frame at its clock's instant (see expectPictureMatchesClock). */
  async expectShotMatchesClock({ clockUs, onScreen }: { clockUs: number; onScreen: Buffer }, quality = this.quality): Promise<void> {
    const own = await this.frameAt(clockUs, quality);
    expect(own, `${quality}: the archive has a frame at the clock's ${formatInstant(clockUs)}`).toBeDefined();
    const distance = pictureDistance(onScreen, own!);
    // Frames start on fractional microseconds: round up into the frame (the instant before is the frame before).
    const offsets = [-2, -1, 1, 2].map((frames) => clockUs + Math.ceil((frames * US_PER_SECOND) / manifest.framesPerSecond));
    const neighbours = (await Promise.all(offsets.map((us) => this.frameAt(us, quality)))).map((frame, index) => ({ frame, us: offsets[index]! }));
    const closer = neighbours.filter(({ frame }) => frame !== undefined && pictureDistance(onScreen, frame) <= distance);
    // Which frame the picture is, when it is not the clock's: the neighbours checked may all be far off it.
    const seenAs = closer.length > 0 ? `; it is closest to ${await this.closestFrame(onScreen, clockUs, quality)}` : '';
    for (const { frame, us } of neighbours) {
      if (frame === undefined) continue;
      expect(
        distance,
        `${quality}: the picture is the frame at the clock's ${formatInstant(clockUs)} (distance ${distance.toFixed(2)}), not at ${formatInstant(us)}${seenAs}`,
      ).toBeLessThan(pictureDistance(onScreen, frame));
    }
  }

  /** The archive frame within 15 frames of `aroundUs` nearest the picture, in words. */
  private async closestFrame(onScreen: Buffer, aroundUs: number, quality: string): Promise<string> {
    let best = { us: aroundUs, distance: Number.POSITIVE_INFINITY };
    for (let frames = -15; frames <= 15; frames++) {
      const us = aroundUs + Math.ceil((frames * US_PER_SECOND) / manifest.framesPerSecond);
      const frame = await this.frameAt(us, quality);
      const distance = frame === undefined ? Number.POSITIVE_INFINITY : pictureDistance(onScreen, frame);
      if (distance < best.distance) best = { us, distance };
    }
    return `the frame at ${formatInstant(best.us)} (distance ${best.distance.toFixed(2)}) of those within 15 frames`;
  }
}

const twoSecondHole = () => ({ startUs: manifest.sameStart.tempOnly.startUs, endUs: manifest.sameStart.tempOnly.startUs + 2 * US_PER_SECOND });
const holes = (): Hole[] => [
  { what: '2 s hole', ...twoSecondHole() },
  { what: '52 s hole', ...manifest.shortHole },
];

interface Hole {
  what: string;
  startUs: number;
  endUs: number;
}

/** From the last frame before `hole` a frame on, onto the first after it, and a frame back. */
async function stepAcrossHole(clock: ClockPage, hole: Hole): Promise<void> {
  const lastBeforeUs = await clock.goTo(hole.startUs - 10_000);
  expect(lastBeforeUs, `${hole.what}: the last frame before it`).toBeGreaterThan(hole.startUs - clock.frameUs - 1);
  expect(lastBeforeUs).toBeLessThan(hole.startUs);
  await clock.expectPictureMatchesClock();
  expect(await clock.press('.'), `${hole.what}: a frame on from its last frame before`).toBe(hole.endUs);
  await clock.expectPictureMatchesClock();
  expect(await clock.press(','), `${hole.what}: a frame back from its first frame after`).toBe(lastBeforeUs);
  await clock.expectPictureMatchesClock();
}

describe.each(['plain', 'B-frames'] as const)('the clock on the %s quality', (kind) => {
  let clock: ClockPage;

  beforeAll(async () => {
    const quality = qualitiesUnderTest()[kind === 'plain' ? 0 : 1];
    if (quality === undefined) throw new Error(`the demo archive has no ${kind} quality: regenerate it (npm run demo)`);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`${quality}: ${error.message}`));
    clock = new ClockPage(page, quality);
    await clock.open();
  });

  afterAll(async () => {
    await clock?.page.close();
  });

  it('shows the first frame after a hole when going into it, and I marks that frame', { timeout: 180_000 }, async () => {
    for (const hole of holes()) {
      const insideUs = hole.startUs + Math.round((hole.endUs - hole.startUs) / 2);
      expect(await clock.goTo(insideUs), `${hole.what}: the clock after going to ${formatInstant(insideUs)}`).toBe(hole.endUs);
      await clock.expectPictureMatchesClock();
    }
    await clock.page.keyboard.press('i');
    const start = clock.page.getByLabel('Start', { exact: true }).first();
    await expect.poll(() => start.inputValue()).toMatch(/\S/);
    // The field shows milliseconds of the clock's instant: the frame after the 52 s hole.
    expect(await clock.page.locator('output.clock').textContent()).toContain(await start.inputValue());
    expect(await clock.clockUs()).toBe(manifest.shortHole.endUs);
  });

  it('steps frames across holes both ways', { timeout: 180_000 }, async () => {
    for (const hole of holes()) await stepAcrossHole(clock, hole);
  });

  it('shows the frame on screen after paused seeks anywhere, also right after holes', { timeout: 300_000 }, async () => {
    const runStartUs = manifest.runs[0]!.startUs;
    const targets = [3.21, 7.5, 12.01, 16.4, 24.02, 31.77, 45.5, 59.9, 113.04, 120.5].map((seconds) => runStartUs + Math.round(seconds * US_PER_SECOND));
    for (const targetUs of targets) {
      await clock.goTo(targetUs);
      await clock.expectPictureMatchesClock();
    }
  });

  it('keeps playing at the same instant when the quality changes', { timeout: 180_000 }, async () => {
    const other = manifest.qualities.map((q) => q.name).find((name) => name !== clock.quality)!;
    await clock.goTo(manifest.runs[0]!.startUs + 30 * US_PER_SECOND);
    const startUs = (await clock.clockUs())!;
    await clock.page.keyboard.press('Space');
    await expect.poll(async () => (await clock.clockUs())! - startUs, { timeout: 15_000 }).toBeGreaterThan(US_PER_SECOND / 2);
    const beforeUs = (await clock.clockUs())!;
    await clock.page.getByLabel('Quality').selectOption(other);
    // Playback goes on from where it was: the clock passes the switch instant and keeps moving.
    await expect.poll(async () => (await clock.clockUs())! - beforeUs, { timeout: 15_000 }).toBeGreaterThan(US_PER_SECOND);
    const laterUs = (await clock.clockUs())!;
    expect(laterUs - beforeUs).toBeLessThan(10 * US_PER_SECOND);
    await expect.poll(async () => (await clock.clockUs())! > laterUs).toBe(true);
    await clock.page.keyboard.press('Space');
    const pausedUs = await clock.steadyClock(() => true, 'the paused frame');
    await clock.expectPictureMatchesClock(other);
    // Paused, a switch back stays paused on the same frame.
    await clock.page.getByLabel('Quality').selectOption(clock.quality);
    expect(await clock.steadyClock(() => true, 'the same frame after switching back paused')).toBe(pausedUs);
    await clock.page.waitForTimeout(1000);
    expect(await clock.clockUs()).toBe(pausedUs);
    await clock.expectPictureMatchesClock();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('a slowed page on the B-frame quality', () => {
  it('steps across the holes both ways again after wandering off and back', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const clock = new ClockPage(page, qualitiesUnderTest()[1]!);
    // Slowed as on a loaded machine: there, after the back buffer had dropped the footage
    // around the hole, the page fetched the segment after it before the one before it, and
    // lost the last frame before the hole (a step back showed the frame before that).
    await clock.throttle(6);
    await clock.open();
    const intoHoles = async () => {
      for (const hole of holes()) await clock.goTo(hole.startUs + Math.round((hole.endUs - hole.startUs) / 2));
    };
    await intoHoles();
    for (const hole of holes()) await stepAcrossHole(clock, { ...hole, what: `${hole.what}, first time` });
    await clock.goTo(manifest.runs[0]!.startUs + 5 * US_PER_SECOND);
    await intoHoles();
    await stepAcrossHole(clock, { ...holes()[0]!, what: '2 s hole, again' });
    await page.close();
  });
});

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
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`held seek: ${error.message}`));
    const clock = new ClockPage(page, qualitiesUnderTest()[1]!);
    await clock.open();
    const hole = twoSecondHole();
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
      await clock.goTo(manifest.shortHole.endUs + 40 * US_PER_SECOND);
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
    const shotInTimeMs = HOLD_MS - (Date.now() - firstHeldMs!);
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

/**
 * Jumps to tenths of the footage (digit keys: a seek to a media time, no instant asked
 * for) on a slowed page, each followed at once by I: the landing is checked like Go to
 * time's, so I (which waits for it) stores the frame on screen, never the frame shown
 * before the jump or the jump's aim.
 */
describe('a slowed page jumping by tenths of the footage', () => {
  it('lands on a frame, shows it, and I marks it', { timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`tenths: ${error.message}`));
    const clock = new ClockPage(page, qualitiesUnderTest()[1]!);
    await clock.throttle(4);
    await clock.open();
    const start = page.getByLabel('Start', { exact: true }).first();
    let markedBefore = '';
    for (const digit of ['5', '2', '8', '3', '7']) {
      const beforeUs = await clock.clockUs();
      await page.keyboard.press(digit);
      await page.keyboard.press('i');
      const landedUs = await clock.steadyClock((us) => us !== beforeUs, `the frame after ${digit}`);
      await clock.expectPictureMatchesClock();
      const clockText = await page.locator('output.clock').textContent();
      await expect.poll(() => start.inputValue(), { timeout: 30_000 }).not.toBe(markedBefore);
      markedBefore = await start.inputValue();
      expect(clockText, `${digit}: I marks the frame the clock names (${formatInstant(landedUs)})`).toContain(markedBefore);
    }
    await page.close();
  });
});

describe('the timeline thumbnail', () => {
  it('never shows the frame of another time than its label names', { timeout: 300_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const clock = new ClockPage(page, qualitiesUnderTest()[0]!);
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
 * Moves by whole seconds (Shift+L, L, Shift+J, Right) on a slowed page: each lands on the
 * frame exactly that much footage after the one shown (counted in the archive's instants,
 * so where the time map is still an estimate the landing is not a frame off), and I/O,
 * pressed right after (the keyboard runs them once the seek has landed), store it.
 */
describe.each(['plain', 'B-frames'] as const)('a slowed page moving by seconds on the %s quality', (kind) => {
  it('lands on the frame the offset names and marks it', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`slowed ${kind}: ${error.message}`));
    const clock = new ClockPage(page, qualitiesUnderTest()[kind === 'plain' ? 0 : 1]!);
    await clock.throttle(4);
    await clock.open();
    // 30.5 s into the opening run: 21 s of footage without holes or same-start cases follow.
    const startUs = await clock.goTo(manifest.runs[0]!.startUs + 30 * US_PER_SECOND + 500_000);
    const keys = ['i', 'Shift+L', 'Shift+L', 'Shift+L', 'Shift+L', 'o', 'l', 'i', 'Shift+L', 'Shift+L', 'Shift+L', 'o'];
    for (const key of keys) await page.keyboard.press(key);
    const slow = { timeout: 30_000 };
    await expect.poll(() => page.locator('.range-card').count(), slow).toBe(2);
    const cards = page.locator('.range-card');
    await expect.poll(() => cards.nth(0).locator('.range-duration').textContent(), slow).toBe('4s');
    await expect.poll(() => cards.nth(1).locator('.range-duration').textContent(), slow).toBe('3s');
    await expect.poll(() => page.getByTestId('total-duration').textContent(), slow).toBe('Total 7s');
    expect(await clock.steadyClock(() => true, 'the frame after the moves')).toBe(startUs + 17 * US_PER_SECOND);
    // One move at a time: the clock names exactly the frame the offset names.
    for (const [key, offsetUs] of [
      ['Shift+L', US_PER_SECOND],
      ['Shift+J', -US_PER_SECOND],
      ['Shift+J', -US_PER_SECOND],
      ['ArrowRight', 5 * US_PER_SECOND],
    ] as const) {
      const beforeUs = (await clock.clockUs())!;
      expect(await clock.press(key), `${clock.quality}: ${key} from ${formatInstant(beforeUs)}`).toBe(beforeUs + offsetUs);
      await clock.expectPictureMatchesClock();
    }
    await page.close();
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
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`reloads ${kind}: ${error.message}`));
    await watchClockAgainstFrames(page);
    const clock = new ClockPage(page, qualitiesUnderTest()[kind === 'plain' ? 0 : 1]!);
    const other = manifest.qualities.map((q) => q.name).find((name) => name !== clock.quality)!;
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
    const frameUs = manifest.runs[0]!.startUs + 40 * US_PER_SECOND;
    const targetUs = frameUs + 10_000;
    const [segment] = await new Archive(demoArchivePath(), { warn: () => undefined }).select(manifest.channel, clock.quality, targetUs, targetUs + 1);
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
