/**
 * Playback over damaged segments in Chromium (the demo archive's manifest.damaged): the
 * editor says which segment is damaged and at what time, the playlist leaves it out like
 * a hole, and playing from before it goes on past it with the next good footage. The
 * zero-byte segment is known from a stat; the garbage one once Verify has read it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import type { DamagedSegment, DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant, parseInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');

let server: RunningServer;
let browser: Browser;
let page: Page;
let manifest: DemoManifest;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const root = demoArchivePath();
  manifest = await loadDemoManifest(root);
  server = await startServer({ archive: new Archive(root, { warn: () => undefined }), port: 0, log: () => undefined });
  browser = await launchChromium([AUTOPLAY_ARG]);
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function clockUs(): Promise<number | undefined> {
  const iso = await page.locator('output.clock').getAttribute('data-instant');
  return iso ? parseInstant(iso) : undefined;
}

async function waitForClock(predicate: (instantUs: number) => boolean, what: string): Promise<number> {
  let last: number | undefined;
  for (let attempt = 0; attempt < 200; attempt++) {
    last = await clockUs();
    if (last !== undefined && predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`clock never showed ${what}; last ${last === undefined ? 'nothing' : formatInstant(last)}`);
}

/** Seeks to `startUs` with G, plays, and waits until the clock is past the damaged segment. */
async function playPast(entry: DamagedSegment): Promise<void> {
  const fromUs = entry.startUs - 1_500_000;
  await page.keyboard.press('g');
  await page.getByLabel('Go to time').fill(formatInstant(fromUs));
  await page.keyboard.press('Enter');
  await waitForClock((us) => Math.abs(us - fromUs) < 100_000, `the seek to ${formatInstant(fromUs)}`);
  await page.keyboard.press('Space');
  await waitForClock((us) => us >= entry.endUs + 500_000, `a time past ${entry.name} (ends ${formatInstant(entry.endUs)})`);
  await page.keyboard.press('Space');
}

describe('playback over damaged segments', () => {
  it('names the zero-byte segment and its time, and plays on past it', async () => {
    const { zeroBytes } = manifest.damaged;
    await page.goto(server.url);
    await page.locator(`.overview [data-hour="${zeroBytes.hour}"]`).click();
    const notice = page.locator('.notice');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain(zeroBytes.names['360p']);
    expect(await notice.textContent()).toContain(`${formatInstant(zeroBytes.startUs).slice(11, 23)}`);
    expect(await notice.textContent()).toContain('empty');
    await waitForClock(() => true, 'any instant');
    await playPast(zeroBytes);
    await page.screenshot({ path: join(ARTIFACTS, 'damaged-past-zero-bytes.png') });
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
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
