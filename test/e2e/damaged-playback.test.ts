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
 * the player finds them itself, says so, and skips them like holes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest, makeNonRegularSegment, scratchDemoArchive, type ScratchArchive } from '../fixtures/demo-archive';
import { pressGoTo, waitForClock } from '../fixtures/editor-clock';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';
import { unplayableArchive, type UnplayableArchive } from '../fixtures/unplayable-segments';

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
    scratch = await unplayableArchive(demoArchivePath(), channel, 'source', hours[0]!, '00:28');
    scratchServer = await serveQuietly(scratch.root);
  });

  afterAll(async () => {
    await scratchServer?.close();
    await scratch?.remove();
  });

  /** The notice for a case names its file and its start (to the millisecond). */
  const names = (text: string, entry: UnplayableArchive['cases'][number]) =>
    text.includes(entry.name) && text.includes(formatInstant(entry.startUs).slice(11, 23));

  it('passes the byte check', async () => {
    for (const entry of scratch.cases) {
      const url = new URL(`segments/${scratch.channel}/${scratch.quality}/${scratch.hour}/${encodeURIComponent(entry.name)}?check=bytes`, scratchServer.url);
      expect((await fetch(url)).status, entry.what).toBe(200);
    }
  });

  it('going into each: says which segment and when, and shows the first frame after it', { timeout: 90_000 }, async () => {
    await page.goto(scratchServer.url);
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
    await page.goto(scratchServer.url);
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
});
