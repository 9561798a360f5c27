/**
 * The clock names the frame on screen around holes, in real Chromium against `trimdesk
 * serve` on the demo archive, on a plain and a B-frame quality: after seeks into a 2 s
 * and a 52 s hole, frame steps across them both ways, paused seeks anywhere, and a
 * quality switch mid-play (see test/fixtures/clock-page.ts for how a picture is checked;
 * player-clock-slowed and player-clock-loads check the clock on slowed pages and across
 * held and late loads, apart so that the two test workers share the work).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, US_PER_SECOND } from '../../shared/time';
import { ClockPage, ClockSuite, stepAcrossHole } from '../fixtures/clock-page';

const suite = new ClockSuite();
beforeAll(() => suite.start());
afterAll(() => suite.stop());

describe.each(['plain', 'B-frames'] as const)('the clock on the %s quality', (kind) => {
  let clock: ClockPage;

  beforeAll(async () => {
    const quality = suite.quality(kind);
    clock = new ClockPage(suite, await suite.newPage(quality), quality);
    await clock.open();
  });

  afterAll(async () => {
    await clock?.page.close();
  });

  it('shows the first frame after a hole when going into it, and I marks that frame', { timeout: 180_000 }, async () => {
    for (const hole of suite.holes()) {
      const insideUs = hole.startUs + Math.round((hole.endUs - hole.startUs) / 2);
      expect(await clock.goTo(insideUs), `${hole.what}: the clock after going to ${formatInstant(insideUs)}`).toBe(hole.endUs);
      await clock.expectPictureMatchesClock();
    }
    await clock.page.keyboard.press('i');
    const start = clock.page.getByLabel('Start', { exact: true }).first();
    await expect.poll(() => start.inputValue()).toMatch(/\S/);
    // The field shows milliseconds of the clock's instant: the frame after the 52 s hole.
    expect(await clock.page.locator('output.clock').textContent()).toContain(await start.inputValue());
    expect(await clock.clockUs()).toBe(suite.manifest.shortHole.endUs);
  });

  it('steps frames across holes both ways', { timeout: 180_000 }, async () => {
    for (const hole of suite.holes()) await stepAcrossHole(clock, hole);
  });

  it('shows the frame on screen after paused seeks anywhere, also right after holes', { timeout: 300_000 }, async () => {
    const runStartUs = suite.manifest.runs[0]!.startUs;
    const targets = [3.21, 7.5, 12.01, 16.4, 24.02, 31.77, 45.5, 59.9, 113.04, 120.5].map((seconds) => runStartUs + Math.round(seconds * US_PER_SECOND));
    for (const targetUs of targets) {
      await clock.goTo(targetUs);
      await clock.expectPictureMatchesClock();
    }
  });

  it('keeps playing at the same instant when the quality changes', { timeout: 180_000 }, async () => {
    const other = suite.otherQuality(clock.quality);
    await clock.goTo(suite.manifest.runs[0]!.startUs + 30 * US_PER_SECOND);
    const startUs = (await clock.clockUs())!;
    await clock.page.keyboard.press('Space');
    await expect.poll(async () => (await clock.clockUs())! - startUs, { timeout: 15_000 }).toBeGreaterThan(US_PER_SECOND / 2);
    const beforeUs = (await clock.clockUs())!;
    await clock.page.getByLabel('Quality').selectOption(other);
    // Playback goes on from where it was: the clock passes the switch instant and keeps moving.
    await expect.poll(async () => (await clock.clockUs())! - beforeUs, { timeout: 15_000 }).toBeGreaterThan(US_PER_SECOND);
    const laterUs = (await clock.clockUs())!;
    expect(laterUs - beforeUs).toBeLessThan(10 * US_PER_SECOND);
    await expect.poll(async () => (await clock.clockUs())! > laterUs).toBe(true);
    await clock.page.keyboard.press('Space');
    const pausedUs = await clock.steadyClock(() => true, 'the paused frame');
    await clock.expectPictureMatchesClock(other);
    // Paused, a switch back stays paused on the same frame.
    await clock.page.getByLabel('Quality').selectOption(clock.quality);
    expect(await clock.steadyClock(() => true, 'the same frame after switching back paused')).toBe(pausedUs);
    await clock.page.waitForTimeout(1000);
    expect(await clock.clockUs()).toBe(pausedUs);
    await clock.expectPictureMatchesClock();
  });

  it('raised no page errors', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
