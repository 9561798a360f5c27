/**
 * The player's transport and the stage at the two target window sizes (1280x720,
 * 1920x1080), in real Chromium over the served demo archive, on the window that shows the
 * most in the transport (an open end: the window reaches past the last segment, so the
 * "open end" badge is there): the transport takes two rows at most at 1280x720 (beside the
 * chat the player is about 600 px wide; a third row, Full screen alone, took 30 px from
 * the picture) and one at 1920x1080, every control inside its box, and everything the user
 * needs is on screen without scrolling the stage. Screenshots are kept for people to look at.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { ARTIFACTS, type Box, servedEditorForFile, TARGET_SIZES } from './layout-editor';

/** Rows the transport may take at each size. */
const SIZES = [
  { ...TARGET_SIZES[0], transportRows: 2 },
  { ...TARGET_SIZES[1], transportRows: 1 },
];

const editor = servedEditorForFile();

/** The transport's box, its controls' boxes, and how far the stage scrolls. */
async function layout(page: Page): Promise<{ transport: Box; controls: Box[]; stageOverflowPx: number; viewportHeightPx: number }> {
  return page.evaluate(() => {
    const box = (element: Element): Box => {
      const rect = element.getBoundingClientRect();
      const name = element.getAttribute('aria-label') ?? element.textContent ?? element.tagName;
      return { name: name.slice(0, 30), top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
    };
    const transport = document.querySelector('.transport');
    const stage = document.querySelector('.stage');
    if (!transport || !stage) throw new Error('no transport or stage on the page');
    const controls = [...transport.children].filter((child) => !child.classList.contains('spacer')).map(box);
    return { transport: box(transport), controls, stageOverflowPx: stage.scrollHeight - stage.clientHeight, viewportHeightPx: window.innerHeight };
  });
}

/** Rows the controls take: a control starting below the current row's bottom opens a new one. */
function rowsOf(controls: readonly Box[]): number {
  let rows = 0;
  let rowBottom = Number.NEGATIVE_INFINITY;
  for (const control of [...controls].sort((a, b) => a.top - b.top)) {
    if (control.top >= rowBottom - 1) {
      rows += 1;
      rowBottom = control.bottom;
    } else rowBottom = Math.max(rowBottom, control.bottom);
  }
  return rows;
}

describe('the transport and the stage at the target window sizes', () => {
  it('keeps the transport to two rows at 1280x720 and one at 1920x1080, and the stage unscrolled', { timeout: 60_000 }, async () => {
    const manifest = await loadDemoManifest(demoArchivePath());
    const lastHour = manifest.hours.at(-1)!;
    const page = await editor.browser().newPage({ viewport: SIZES[0] });
    await page.goto(editor.server().url);
    await page.locator(`.overview [data-hour="${lastHour}"]`).click();
    await page.locator('.transport .badge', { hasText: 'open end' }).waitFor({ timeout: 20_000 });
    await page.locator('.chat-panel').waitFor();
    for (const size of SIZES) {
      const where = `${size.width}x${size.height}`;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.screenshot({ path: path.join(ARTIFACTS, `player-${where}.png`) });
      const measured = await layout(page);
      expect(measured.controls.map((control) => control.name)).toEqual(expect.arrayContaining(['Previous frame', 'Fullscreen', 'Snapshot', 'Volume']));
      expect(rowsOf(measured.controls), `${where}: transport rows ${JSON.stringify(measured.controls)}`).toBeLessThanOrEqual(size.transportRows);
      for (const control of measured.controls) {
        expect(control.right, `${where}: "${control.name}" past the transport's right edge`).toBeLessThanOrEqual(measured.transport.right + 1);
        expect(control.bottom, `${where}: "${control.name}" below the window`).toBeLessThanOrEqual(measured.viewportHeightPx);
      }
      expect(measured.stageOverflowPx, `${where}: the stage scrolls`).toBeLessThanOrEqual(0);
      for (const selector of ['.timeline-canvas', '.chat-lane']) {
        const bottom = await page.locator(selector).evaluate((element) => element.getBoundingClientRect().bottom);
        expect(bottom, `${where}: ${selector} below the window`).toBeLessThanOrEqual(measured.viewportHeightPx);
      }
    }
    await page.close();
  });
  it("keeps the preview's transport (its two-line clock, Back to source) to the same rows as the player's", { timeout: 120_000 }, async () => {
    const page = await editor.browser().newPage({ viewport: SIZES[0] });
    await page.goto(editor.server().url);
    await page.locator('.overview [data-hour]:not(.missing)').first().click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('i');
    await expect.poll(() => page.locator('.range-card').count(), { timeout: 30_000 }).toBe(1);
    await page.keyboard.press('l');
    await page.keyboard.press('o');
    const playToEnd = page.locator('.range-card').first().getByRole('button', { name: 'Play up to the end' });
    await expect.poll(() => playToEnd.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('p');
    await page.locator('output.preview-clock[data-edit-us]').waitFor({ timeout: 90_000 });
    for (const size of SIZES) {
      const where = `${size.width}x${size.height}`;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.screenshot({ path: path.join(ARTIFACTS, `preview-transport-${where}.png`) });
      const measured = await layout(page);
      expect(measured.controls.map((control) => control.name)).toEqual(expect.arrayContaining(['Preview clock', 'Back to source', 'Fullscreen']));
      expect(rowsOf(measured.controls), `${where}: preview transport rows ${JSON.stringify(measured.controls)}`).toBeLessThanOrEqual(size.transportRows);
      for (const control of measured.controls) {
        expect(control.right, `${where}: "${control.name}" past the transport's right edge`).toBeLessThanOrEqual(measured.transport.right + 1);
      }
      expect(measured.stageOverflowPx, `${where}: the stage scrolls`).toBeLessThanOrEqual(0);
    }
    await page.close();
  });
});
