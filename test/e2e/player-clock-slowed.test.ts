/**
 * The clock on pages slowed as on a loaded machine (Chromium's CPU throttling), in real
 * Chromium against `trimdesk serve` on the demo archive: steps across holes after
 * wandering off, jumps by tenths of the footage, and moves by whole seconds, each landing
 * on the frame it names and marked by I/O as shown (see player-clock.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { ClockPage, ClockSuite, stepAcrossHole } from '../fixtures/clock-page';

const suite = new ClockSuite();
beforeAll(() => suite.start());
afterAll(() => suite.stop());

describe('a slowed page on the B-frame quality', () => {
  it('steps across the holes both ways again after wandering off and back', { timeout: 180_000 }, async () => {
    const page = await suite.newPage('wandering off');
    const clock = new ClockPage(suite, page, suite.quality('B-frames'));
    // Slowed as on a loaded machine: there, after the back buffer had dropped the footage
    // around the hole, the page fetched the segment after it before the one before it, and
    // lost the last frame before the hole (a step back showed the frame before that).
    await clock.throttle(6);
    await clock.open();
    const intoHoles = async () => {
      for (const hole of suite.holes()) await clock.goTo(hole.startUs + Math.round((hole.endUs - hole.startUs) / 2));
    };
    await intoHoles();
    for (const hole of suite.holes()) await stepAcrossHole(clock, { ...hole, what: `${hole.what}, first time` });
    await clock.goTo(suite.manifest.runs[0]!.startUs + 5 * US_PER_SECOND);
    await intoHoles();
    await stepAcrossHole(clock, { ...suite.holes()[0]!, what: '2 s hole, again' });
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
    const page = await suite.newPage(`tenths`);
    const clock = new ClockPage(suite, page, suite.quality('B-frames'));
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

/**
 * Moves by whole seconds (Shift+L, L, Shift+J, Right) on a slowed page: each lands on the
 * frame exactly that much footage after the one shown (counted in the archive's instants,
 * so where the time map is still an estimate the landing is not a frame off), and I/O,
 * pressed right after (the keyboard runs them once the seek has landed), store it.
 */
describe.each(['plain', 'B-frames'] as const)('a slowed page moving by seconds on the %s quality', (kind) => {
  it('lands on the frame the offset names and marks it', { timeout: 240_000 }, async () => {
    const page = await suite.newPage(`slowed ${kind}`);
    const clock = new ClockPage(suite, page, suite.quality(kind));
    await clock.throttle(4);
    await clock.open();
    // 30.5 s into the opening run: 21 s of footage without holes or same-start cases follow.
    const startUs = await clock.goTo(suite.manifest.runs[0]!.startUs + 30 * US_PER_SECOND + 500_000);
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

it('raised no page errors', () => {
  expect(suite.pageErrors).toEqual([]);
});
