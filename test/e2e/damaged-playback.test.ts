/**
 * Playback over damaged segments in Chromium (the demo archive's manifest.damaged): on
 * first playback of a fresh serve, playing across the zero-byte, garbage, cut-short and
 * FIFO segments goes on past each with the next good footage, the editor says which
 * segment is damaged and at what time when it finds it and when playback reaches it,
 * and the time map has a hole there. The zero-byte and FIFO ones are known from a stat
 * (the playlist leaves them out); the garbage and cut-short ones the segment route
 * refuses when the player asks for them. After Verify, the window's notice lists them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DamagedSegment, DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant, parseInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest, makeNonRegularSegment, scratchDemoArchive, type ScratchArchive } from '../fixtures/demo-archive';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';

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

async function clockUs(): Promise<number | undefined> {
  const iso = await page.locator('output.clock').getAttribute('data-instant');
  return iso ? parseInstant(iso) : undefined;
}

async function waitForClock(predicate: (instantUs: number) => boolean, what: string): Promise<number> {
  let last: number | undefined;
  for (let attempt = 0; attempt < 300; attempt++) {
    last = await clockUs();
    if (last !== undefined && predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`clock never showed ${what}; last ${last === undefined ? 'nothing' : formatInstant(last)}`);
}

async function goTo(instantUs: number): Promise<void> {
  await page.keyboard.press('g');
  await page.getByLabel('Go to time').fill(formatInstant(instantUs));
  await page.keyboard.press('Enter');
}

/** Goes to 1.5 s before `from` with G, plays, and waits until the clock is past `to`. */
async function playPast(from: DamagedSegment, to: DamagedSegment = from): Promise<void> {
  const fromUs = from.startUs - 1_500_000;
  await goTo(fromUs);
  await waitForClock((us) => Math.abs(us - fromUs) < 100_000, `the seek to ${formatInstant(fromUs)}`);
  await page.keyboard.press('Space');
  await waitForClock((us) => us >= to.endUs + 500_000, `a time past ${to.name} (ends ${formatInstant(to.endUs)})`);
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
    await waitForClock(() => true, 'any instant');
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
    for (const entry of [garbage, truncated]) {
      await goTo(entry.startUs + 1_000_000);
      expect(await waitForClock((us) => us >= entry.startUs, `the frame after going into ${entry.name}`), entry.name).toBe(entry.endUs);
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
    await waitForClock(() => true, 'any instant');
    await playPast(garbage);
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
  });
});
