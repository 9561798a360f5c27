/**
 * Keyboard focus at 1280x720 in real Chromium over the served demo archive: Tab walks the
 * editor with two ranges marked, and then the thumbnail composer, and every stop is on
 * screen (reachable without scrolling) with a visible focus mark, 2 px on every stop
 * (fields and chat lines had a 1 px hairline): an outline on the element, or on the
 * label that stands for a hidden file input. The composer's "Add PNG…" is such a label;
 * its input was display: none, so Tab skipped it and a keyboard user could not add a
 * template. Screenshots are kept for people to look at.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, servedEditorForFile, TARGET_SIZES } from './layout-editor';

const SIZE = TARGET_SIZES[0];
/** More Tab stops than the editor has with two ranges: the walk ends when focus comes round again. */
/** The focus mark every control shows, buttons, fields and selects alike: a hairline is lost on the dark panels. */
const FOCUS_MARK_PX = 2;
const MAX_TAB_STOPS = 150;

const editor = servedEditorForFile();

interface Stop {
  name: string;
  /** Focused before in this walk: focus has come round. */
  seen: boolean;
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** The focus mark's outline width in px (the element's, or its label's for a hidden input). */
  markPx: number;
}

/** The focused element (marked as seen): its name, its box (its label's when the element itself is hidden) and its focus mark. */
function focusedStop(page: Page): Promise<Stop | undefined> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return undefined;
    const outlinePx = (target: Element) => {
      const style = getComputedStyle(target);
      return style.outlineStyle === 'none' ? 0 : Number.parseFloat(style.outlineWidth);
    };
    const own = element.getBoundingClientRect();
    const hidden = own.width <= 1 || own.height <= 1 || getComputedStyle(element).opacity === '0';
    const shown = hidden ? (element.closest('label') ?? element) : element;
    const rect = shown.getBoundingClientRect();
    const name = (element.getAttribute('aria-label') ?? element.textContent ?? element.tagName).trim().slice(0, 40);
    const seen = element.hasAttribute('data-tab-seen');
    element.setAttribute('data-tab-seen', '');
    return {
      name,
      seen,
      left: rect.left,
      top: rect.top,
      right: rect.right,
      bottom: rect.bottom,
      markPx: Math.max(outlinePx(element), outlinePx(shown)),
    };
  });
}

/** Presses Tab until focus comes back to a stop already seen; returns the stops in order. */
async function tabStops(page: Page): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let press = 0; press < MAX_TAB_STOPS; press += 1) {
    await page.keyboard.press('Tab');
    const stop = await focusedStop(page);
    if (stop === undefined) continue;
    if (stop.seen) return stops;
    stops.push(stop);
  }
  throw new Error(`Tab did not come round within ${MAX_TAB_STOPS} stops`);
}

function expectVisible(stops: readonly Stop[], where: string): void {
  for (const stop of stops) {
    const inView = stop.left >= 0 && stop.top >= 0 && stop.right <= SIZE.width && stop.bottom <= SIZE.height && stop.right > stop.left;
    expect(inView, `${where}: "${stop.name}" is off screen at ${JSON.stringify(stop)}`).toBe(true);
    expect(stop.markPx, `${where}: "${stop.name}" shows a focus mark of ${stop.markPx} px`).toBeGreaterThanOrEqual(FOCUS_MARK_PX);
  }
}

describe('keyboard focus at 1280x720', () => {
  it('reaches every control on screen with a visible mark, the composer\'s "Add PNG…" too', { timeout: 90_000 }, async () => {
    const page = await editor.browser().newPage({ viewport: SIZE });
    await page.goto(editor.server().url);
    await page.locator('.overview [data-hour]:not(.missing)').first().click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    for (const key of ['l', 'i', 'l', 'o', 'l', 'i', 'l', 'o']) await page.keyboard.press(key);
    await page.locator('.range-card').nth(1).waitFor();
    const editorStops = await tabStops(page);
    expect(editorStops.map((stop) => stop.name)).toEqual(expect.arrayContaining(['Play', 'Mark start I', 'Export…', 'Label of range 2']));
    expectVisible(editorStops, 'the editor');

    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Thumbnail' });
    await dialog.getByLabel('Template', { exact: true }).waitFor();
    await dialog.getByLabel('Template', { exact: true }).focus();
    await page.keyboard.press('Tab');
    const afterTemplates = await focusedStop(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'focus-composer-add-1280x720.png') });
    expect(afterTemplates?.name, 'the stop after the template list').toBe('Add a template');
    expectVisible([afterTemplates!], 'the composer');
    expectVisible(await tabStops(page), 'the composer');
    await page.close();
  });
});
