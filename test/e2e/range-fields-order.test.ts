/**
 * A range card's fields and the shortcuts pressed before them apply in the order the user
 * made them, in real Chromium over the served demo archive. A mark (O) waits for the seek
 * before it to land, so on a loaded machine it can land after the user has already typed
 * an end into the card: before, the late mark then replaced the typed end (a clean-clone
 * CI run saw the End field show the mark's 20.766 instead of the typed 18.000). Segment
 * loads are held here so the mark is late however fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
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
    await page.keyboard.press('5');
    await page.keyboard.press('o');
    await expect.poll(() => held, { message: 'a segment load for the jump was held' }).toBe(true);
    const clock = page.locator('output.clock');
    expect(await clock.getAttribute('data-seeking'), 'the jump is still waiting for its footage').toBe('true');
    const typedEnd = fieldText(suspectOnly.startUs + 8 * US_PER_SECOND);
    await end.fill(typedEnd);
    await end.press('Enter');
    release();
    await expect.poll(() => clock.getAttribute('data-seeking'), { timeout: 20_000 }).toBeNull();
    // The mark has run by now (it runs as soon as the seek lands); give React a beat to paint.
    await page.waitForTimeout(300);
    expect(await end.inputValue(), 'the end the user typed after pressing O').toBe(typedEnd);
    expect(await start.inputValue()).toBe(markedStart);
    await page.close();
  });
});
