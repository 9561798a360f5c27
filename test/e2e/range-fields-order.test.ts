/**
 * A range card's fields, a drag of a range's edge on the timeline, and the shortcuts
 * pressed before them apply in the order the user made them, in real Chromium over the
 * served demo archive. A mark (O) waits for the seek
 * before it to land, so on a loaded machine it can land after the user has already typed
 * an end into the card: before, the late mark then replaced the typed end (a clean-clone
 * CI run saw the End field show the mark's 20.766 instead of the typed 18.000). Segment
 * loads are held here so the mark is late however fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { servedEditorForFile, TARGET_SIZES } from './layout-editor';

const editor = servedEditorForFile();

/** Well under SEEK_STUCK_MS (2.5 s), after which a seek that showed nothing is recovered. */
const HOLD_MS = 1500;

/** An instant as the range card's fields show it (local digits, no zone). */
function fieldText(instantUs: number): string {
  return formatInstant(instantUs)
    .replace('T', ' ')
    .replace(/\d{3}Z$/, '');
}

/** The instant a field shows (fieldText's inverse). */
function fieldInstant(text: string): number {
  return parseInstant(`${text.replace(' ', 'T')}000Z`);
}

/** Holds every segment load from now until HOLD_MS after the first one; `held()` says whether one came. */
async function holdSegmentLoads(page: import('playwright-core').Page): Promise<{ held: () => boolean; release: () => void }> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let held = false;
  await page.route(
    (url) => url.pathname.endsWith('.ts'),
    async (route) => {
      if (!held) setTimeout(release, HOLD_MS);
      held = true;
      await released;
      await route.continue();
    },
  );
  return { held: () => held, release: () => release() };
}

describe('a range card edited while a mark waits for its seek', () => {
  it('keeps the end typed after pressing O, not the late mark', { timeout: 90_000 }, async () => {
    const { suspectOnly } = (await loadDemoManifest(demoArchivePath())).sameStart;
    const page = await editor.browser().newPage({ viewport: TARGET_SIZES[0] });
    await page.goto(editor.server().url);
    await page.locator(`.overview [data-hour="${suspectOnly.hour}"]`).click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    await page.keyboard.press('i');
    const card = page.locator('.range-card').first();
    const start = card.getByLabel('Start', { exact: true });
    const end = card.getByLabel('End', { exact: true });
    await expect.poll(() => start.inputValue()).not.toBe('');
    const markedStart = await start.inputValue();

    // Segment loads held from here: the jump to the middle of the window waits for footage
    // that is not buffered, and so does the O pressed after it.
    const hold = await holdSegmentLoads(page);
    await page.keyboard.press('5');
    await page.keyboard.press('o');
    await expect.poll(() => hold.held(), { message: 'a segment load for the jump was held' }).toBe(true);
    const clock = page.locator('output.clock');
    expect(await clock.getAttribute('data-seeking'), 'the jump is still waiting for its footage').toBe('true');
    const typedEnd = fieldText(suspectOnly.startUs + 8 * US_PER_SECOND);
    await end.fill(typedEnd);
    await end.press('Enter');
    hold.release();
    await expect.poll(() => clock.getAttribute('data-seeking'), { timeout: 20_000 }).toBeNull();
    // The mark has run by now (it runs as soon as the seek lands); give React a beat to paint.
    await page.waitForTimeout(300);
    expect(await end.inputValue(), 'the end the user typed after pressing O').toBe(typedEnd);
    expect(await start.inputValue()).toBe(markedStart);
    await page.close();
  });
});

describe('a range edge dragged on the timeline while a mark waits for its seek', () => {
  it('keeps the end dragged to after pressing O, not the late mark', { timeout: 90_000 }, async () => {
    const { suspectOnly } = (await loadDemoManifest(demoArchivePath())).sameStart;
    const page = await editor.browser().newPage({ viewport: TARGET_SIZES[0] });
    await page.goto(editor.server().url);
    await page.locator(`.overview [data-hour="${suspectOnly.hour}"]`).click();
    const clock = page.locator('output.clock');
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    // A 40 s window, so the timeline's x maps to known instants.
    const windowStartUs = suspectOnly.startUs;
    const windowUs = 40 * US_PER_SECOND;
    await page.getByLabel('Window start').fill(formatInstant(windowStartUs));
    await page.getByLabel('Window start').press('Enter');
    await page.getByLabel('Window end').fill(formatInstant(windowStartUs + windowUs));
    await page.getByLabel('Window end').press('Enter');
    const settled = () => expect.poll(() => clock.getAttribute('data-seeking'), { timeout: 20_000 }).toBeNull();
    // The new window loaded: the clock names a frame inside it (on a loaded machine the reload can start late).
    const inWindow = async () => {
      const instant = await clock.getAttribute('data-instant');
      if (instant === null || !instant.startsWith('2')) return false;
      const instantUs = parseInstant(instant);
      return instantUs >= windowStartUs && instantUs < windowStartUs + windowUs;
    };
    await expect.poll(inWindow, { timeout: 20_000, message: 'the clock inside the new window' }).toBe(true);
    await settled();
    // Range 1 from about 10 % to about 20 % of the window (the jumps land on footage).
    await page.keyboard.press('1');
    await page.keyboard.press('i');
    await page.keyboard.press('2');
    await page.keyboard.press('o');
    const end = page.locator('.range-card').first().getByLabel('End', { exact: true });
    await expect.poll(() => end.inputValue(), { timeout: 20_000 }).not.toBe('');
    await settled();
    const markedEndUs = fieldInstant(await end.inputValue());

    // A jump to 90 % (past what is buffered) waits for held footage, and so does the O after it.
    const hold = await holdSegmentLoads(page);
    await page.keyboard.press('9');
    await page.keyboard.press('o');
    await expect.poll(() => hold.held(), { message: 'a segment load for the jump was held' }).toBe(true);
    expect(await clock.getAttribute('data-seeking'), 'the jump is still waiting for its footage').toBe('true');
    // Then the user drags the range's end 4 s later.
    const box = (await page.getByTestId('timeline').boundingBox())!;
    const xAt = (instantUs: number) => box.x + ((instantUs - windowStartUs) / windowUs) * box.width;
    const rangesLaneY = box.y + box.height - 14;
    const draggedToUs = markedEndUs + 4 * US_PER_SECOND;
    await page.mouse.move(xAt(markedEndUs), rangesLaneY);
    await page.mouse.down();
    await page.mouse.move(xAt(draggedToUs), rangesLaneY, { steps: 8 });
    await page.mouse.up();
    hold.release();
    await settled();
    // The mark has run by now (it runs as soon as the seek lands); give React a beat to paint.
    await page.waitForTimeout(300);
    const endUs = fieldInstant(await end.inputValue());
    expect(Math.abs(endUs - draggedToUs), `the end dragged to after pressing O (${await end.inputValue()})`).toBeLessThan(US_PER_SECOND / 2);
    await page.close();
  });
});
