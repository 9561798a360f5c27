/**
 * Where the editor's notice goes, in real Chromium over the served demo archive, at the two
 * target window sizes (1280x720, 1920x1080): the damaged-segment notice of a window with a
 * zero-byte segment takes one line in the timeline's tool row, clear of the picture, the
 * timeline lanes, the transport, the chat and the side panels (Ranges, Video details) the
 * user works with (it used to sit over the bottom of the picture, four lines tall, until
 * dismissed); "More" shows the whole message, the picture giving way rather than being
 * covered; it stays until dismissed (an error), Escape closes a dialog opened meanwhile
 * without taking the notice with it, and its dismiss button removes it. Screenshots are
 * kept for people to look at.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { ARTIFACTS, type Box, intersects, servedEditorForFile, TARGET_SIZES } from './layout-editor';

const SIZES = TARGET_SIZES;
/** Longer than an informational notice lasts: an error must still be there after it. */
const PAST_INFO_FADE_MS = 6_500;

const editor = servedEditorForFile();

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
      ['picture', '.video-frame'],
      ['timeline lanes', '.timeline-canvas'],
      ['chat', '.chat-panel'],
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

/** Whether the notice's text is cut (an ellipsis, or a scroll inside it). */
function textCut(page: Page): Promise<boolean> {
  return page.locator('.notice .notice-text').evaluate((text) => text.scrollWidth > text.clientWidth + 1 || text.scrollHeight > text.clientHeight + 1);
}

/** One line of the notice's text, and the notice's padding and border around it. */
const ONE_LINE_PX = 30;

function expectClear(layout: { notice: Box; controls: Box[] }, where: string): void {
  for (const control of layout.controls) {
    expect(
      intersects(layout.notice, control),
      `${where}: the notice ${JSON.stringify(layout.notice)} covers the ${control.name} ${JSON.stringify(control)}`,
    ).toBe(false);
  }
}

describe('the notice at the target window sizes', () => {
  it('takes one line off the picture, shows the rest on demand, stays until dismissed, and survives Escape in a dialog', { timeout: 60_000 }, async () => {
    const { zeroBytes } = (await loadDemoManifest(demoArchivePath())).damaged;
    const page = await editor.browser().newPage({ viewport: SIZES[0] });
    await page.goto(editor.server().url);
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
      expect(layout.controls.map((control) => control.name)).toEqual(expect.arrayContaining(['picture', 'timeline lanes', 'ranges panel', 'transport']));
      expect(layout.notice.bottom - layout.notice.top, `${where}: the notice has no height`).toBeGreaterThan(10);
      expect(layout.notice.bottom - layout.notice.top, `${where}: the notice takes more than one line`).toBeLessThanOrEqual(ONE_LINE_PX);
      expectClear(layout, where);
    }
    // An error outlasts an informational notice's few seconds (counted from its last replacement).
    await expect.poll(() => msSinceNoticeChanged(page), { timeout: 30_000, interval: 250 }).toBeGreaterThan(PAST_INFO_FADE_MS);
    const noticeText = () => page.evaluate(() => document.querySelector('.notice')?.textContent ?? 'none');
    expect(await notice.count(), `the error notice after ${PAST_INFO_FADE_MS} ms; on the page now: ${await noticeText()}`).toBe(1);
    // Once it no longer changes: every damage message is longer than a line at 1280 px; the rest is there on demand, still covering nothing.
    await page.setViewportSize(SIZES[0]);
    expect(await textCut(page), 'the notice is one cut line').toBe(true);
    await notice.getByRole('button', { name: 'Show the whole notice' }).click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'notice-more-1280x720.png') });
    expect(await textCut(page), 'the whole notice, after More').toBe(false);
    expectClear(await boxes(page), '1280x720, the whole notice');
    await notice.getByRole('button', { name: 'Show the notice on one line' }).click();
    expect(await textCut(page), 'one line again, after Less').toBe(true);
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
