/**
 * Where the editor's notice goes, in real Chromium over the served demo archive, at the two
 * target window sizes (1280x720, 1920x1080): the damaged-segment notice of a window with a
 * zero-byte segment sits over the picture, clear of the timeline lanes, the transport and
 * the side panels (Ranges, Video details) the user works with; it stays until dismissed
 * (an error), Escape closes a dialog opened meanwhile without taking the notice with it,
 * and its dismiss button removes it. Screenshots are kept for people to look at.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const ARTIFACTS = path.join(process.cwd(), 'test-artifacts', 'e2e');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];
/** Longer than an informational notice lasts: an error must still be there after it. */
const PAST_INFO_FADE_MS = 6_500;

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveDemoArchive();
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The page boxes of the notice and of the controls it must leave clear. */
async function boxes(page: Page): Promise<{ notice: Box; controls: Box[] }> {
  return page.evaluate(() => {
    const box = (name: string, element: Element): Box => {
      const rect = element.getBoundingClientRect();
      return { name, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    };
    const notice = document.querySelector('.notice');
    if (!notice) throw new Error('no notice on the page');
    const controls = [
      ['timeline lanes', '.timeline'],
      ['chat activity lane', '.chat-lane'],
      ['transport', '.transport'],
      ['ranges panel', '.ranges-panel'],
      ['side panels (Video details, jobs)', '.side'],
    ].flatMap(([name, selector]) => [...document.querySelectorAll(selector as string)].map((element) => box(name as string, element)));
    return { notice: box('notice', notice), controls };
  });
}

/** Notes in the page when the notice last changed (shown, replaced or removed). */
async function watchNoticeChanges(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = globalThis as unknown as { noticeChangedMs: number; noticeText: string | undefined };
    state.noticeChangedMs = performance.now();
    state.noticeText = document.querySelector('.notice')?.textContent ?? undefined;
    new MutationObserver(() => {
      const text = document.querySelector('.notice')?.textContent ?? undefined;
      if (text === state.noticeText) return;
      state.noticeText = text;
      state.noticeChangedMs = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

function msSinceNoticeChanged(page: Page): Promise<number> {
  return page.evaluate(() => performance.now() - (globalThis as unknown as { noticeChangedMs: number }).noticeChangedMs);
}

const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the notice at the target window sizes', () => {
  it('covers no timeline lane or side panel, stays until dismissed, and survives Escape in a dialog', { timeout: 60_000 }, async () => {
    const { zeroBytes } = (await loadDemoManifest(demoArchivePath())).damaged;
    const page = await browser.newPage({ viewport: SIZES[0] });
    await page.goto(server.url);
    await page.locator(`.overview [data-hour="${zeroBytes.hour}"]`).click();
    await page.locator('.notice.error', { hasText: zeroBytes.names['360p']! }).waitFor({ timeout: 20_000 });
    // The player may find more damaged segments ahead, each replacing the notice: any error will do.
    const notice = page.locator('.notice.error');
    await watchNoticeChanges(page);
    await page.locator('.timeline canvas').first().waitFor();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `notice-${size.width}x${size.height}.png`) });
      const where = `${size.width}x${size.height}`;
      const layout = await boxes(page);
      expect(layout.controls.map((control) => control.name)).toEqual(expect.arrayContaining(['timeline lanes', 'ranges panel', 'transport']));
      expect(layout.notice.bottom - layout.notice.top, `${where}: the notice has no height`).toBeGreaterThan(10);
      for (const control of layout.controls) {
        expect(
          intersects(layout.notice, control),
          `${where}: the notice ${JSON.stringify(layout.notice)} covers the ${control.name} ${JSON.stringify(control)}`,
        ).toBe(false);
      }
    }
    // An error outlasts an informational notice's few seconds (counted from its last replacement).
    await expect.poll(() => msSinceNoticeChanged(page), { timeout: 30_000, interval: 250 }).toBeGreaterThan(PAST_INFO_FADE_MS);
    const noticeText = () => page.evaluate(() => document.querySelector('.notice')?.textContent ?? 'none');
    expect(await notice.count(), `the error notice after ${PAST_INFO_FADE_MS} ms; on the page now: ${await noticeText()}`).toBe(1);
    // Escape is the dialog's: it closes it and leaves the notice.
    await page.keyboard.press('g');
    const dialog = page.getByRole('dialog', { name: 'Go to a time' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await notice.count()).toBe(1);
    await notice.getByRole('button', { name: 'Dismiss the notice' }).click();
    expect(await page.locator('.notice').count()).toBe(0);
    await page.close();
  });
});
