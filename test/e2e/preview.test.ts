/**
 * Preview mode in real Chromium against the served demo archive: the editor plays the
 * `/preview` playlist of a three-range edit (a 1 s fade, then a hard cut into the footage
 * after the demo's stream restart), its clock names the right source instant on both
 * sides of each cut, I in preview mode moves the start of the range on screen, and
 * leaving preview returns to the source at the instant shown.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { previewSpans } from '../../shared/preview-timeline';
import { serializeProject } from '../../shared/project';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { AUTOPLAY_ARG, launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const FRAME_US = Math.round(US_PER_SECOND / 30);
const RANGES = [
  { startUs: parseInstant('2026-11-14T03:01:53.1Z'), endUs: parseInstant('2026-11-14T03:01:58.3Z'), label: '' },
  { startUs: parseInstant('2026-11-14T03:02:05.4Z'), endUs: parseInstant('2026-11-14T03:02:10.7Z'), label: '' },
  { startUs: parseInstant('2026-11-14T03:02:36.2Z'), endUs: parseInstant('2026-11-14T03:02:41.9Z'), label: '' },
];
const TRANSITIONS = [{ kind: 'named' as const, name: 'fade', durationUs: US_PER_SECOND }, { kind: 'cut' as const }];
const SPANS = previewSpans({ ranges: RANGES, transitions: TRANSITIONS });

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  server = await serveDemoArchive();
  browser = await launchChromium([AUTOPLAY_ARG]);
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterEach(async () => {
  await context?.close();
  expect(pageErrors, 'errors the page raised').toEqual([]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openEdit(): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
  await page.keyboard.press('Control+Shift+O');
  const project = {
    archive: undefined,
    channel: 'desertbus',
    quality: '360p-bframes',
    window: { startUs: parseInstant('2026-11-14T03:01:52Z'), endUs: parseInstant('2026-11-14T03:02:52Z') },
    ranges: RANGES,
    transitions: TRANSITIONS,
  };
  await (await chooser).setFiles({ name: 'preview.trimdesk.json', mimeType: 'application/json', buffer: Buffer.from(serializeProject(project)) });
  await page.locator('.notice', { hasText: 'Opened preview.trimdesk.json: 3 ranges' }).waitFor();
  await page.locator('output.clock[data-instant]').first().waitFor();
}

interface PreviewReading {
  editUs: number;
  instantUs: number;
  rangeIndex: number;
}

/** The preview clock's reading, its attributes read at once (playback re-renders it every frame). */
async function previewClock(): Promise<PreviewReading | undefined> {
  const values = await page
    .getByLabel('Preview clock')
    .evaluate((clock) => ['data-edit-us', 'data-instant', 'data-range'].map((name) => clock.getAttribute(name)));
  const [edit, instant, range] = values;
  if (!edit || !instant || !range) return undefined;
  return { editUs: Number(edit), instantUs: parseInstant(instant), rangeIndex: Number(range) };
}

/** The source instant the edit shows at `editUs`, from the edit's own numbers (the midpoint rule inside the fade). */
function expectedAt(reading: PreviewReading): number {
  const span = SPANS[reading.rangeIndex]!;
  return span.sourceStartUs + (reading.editUs - span.editStartUs);
}

async function waitForPreview(predicate: (reading: PreviewReading) => boolean, what: string): Promise<PreviewReading> {
  let last: PreviewReading | undefined;
  for (let attempt = 0; attempt < 300; attempt++) {
    last = await previewClock();
    if (last && predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`the preview clock never showed ${what}; last ${JSON.stringify(last)}`);
}

describe('preview mode', () => {
  it('plays the edit across a transition and a hard cut, the clock naming the source on both sides of each', async () => {
    await openEdit();
    await page.keyboard.press('p');
    await waitForPreview(() => true, 'a frame of the edit');
    // Until the player has read the first part's frames its map is hls.js's estimate.
    await page.waitForTimeout(1000);
    const first = (await previewClock())!;
    expect(first.rangeIndex).toBe(0);
    expect(Math.abs(first.instantUs - RANGES[0]!.startUs)).toBeLessThanOrEqual(FRAME_US);
    await page.keyboard.press('Space');
    const readings: PreviewReading[] = [];
    const endUs = SPANS[2]!.editEndUs;
    for (let attempt = 0; attempt < 600; attempt++) {
      const reading = await previewClock();
      if (reading) readings.push(reading);
      if (reading && reading.editUs > endUs - 600_000) break;
      await page.waitForTimeout(40);
    }
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
    expect(readings.at(-1)!.editUs).toBeGreaterThan(endUs - 600_000);
    // Ranges in play order, each reading on its range's source within two frames (the
    // archive's segments run a few ms off their names; the clock's own frame is exact).
    expect(readings.map((reading) => reading.rangeIndex)).toEqual([...readings.map((reading) => reading.rangeIndex)].sort());
    for (const reading of readings) {
      expect(Math.abs(reading.instantUs - expectedAt(reading)), `at ${reading.editUs} us in the edit: ${formatInstant(reading.instantUs)}`).toBeLessThanOrEqual(
        2 * FRAME_US,
      );
    }
    const fadeMidUs = SPANS[1]!.editStartUs + 500_000;
    const hardCutUs = SPANS[2]!.editStartUs;
    const near = (fromUs: number, toUs: number, rangeIndex: number) =>
      readings.some((reading) => reading.editUs >= fromUs && reading.editUs < toUs && reading.rangeIndex === rangeIndex);
    expect(near(fadeMidUs - 1_200_000, fadeMidUs, 0), 'range 1 just before the fade').toBe(true);
    expect(near(fadeMidUs, fadeMidUs + 1_200_000, 1), 'range 2 just after the fade').toBe(true);
    expect(near(hardCutUs - 700_000, hardCutUs, 1), 'range 2 just before the hard cut').toBe(true);
    expect(near(hardCutUs, hardCutUs + 700_000, 2), 'range 3 just after the hard cut').toBe(true);
  });

  it('moves the start of the range on screen with I, and returns to the source at the instant shown', async () => {
    await openEdit();
    await page.keyboard.press('p');
    await waitForPreview(() => true, 'a frame of the edit');
    // Into range 3, a second after its start: click the preview timeline there.
    const bar = page.locator('.preview-bar');
    const box = (await bar.boundingBox())!;
    const targetUs = SPANS[2]!.editStartUs + 1_500_000;
    await page.mouse.click(box.x + (box.width * targetUs) / SPANS[2]!.editEndUs, box.y + box.height / 2);
    const shown = await waitForPreview((reading) => reading.rangeIndex === 2 && reading.editUs > SPANS[2]!.editStartUs + 500_000, 'range 3');
    await page.waitForTimeout(500);
    const before = (await previewClock())!;
    await page.keyboard.press('i');
    const title = `Range 3: ${formatInstant(before.instantUs)} .. ${formatInstant(RANGES[2]!.endUs)}`;
    await page.locator(`.preview-range[data-range="2"][title="${title}"]`).waitFor({ timeout: 20_000 });
    expect(shown.rangeIndex).toBe(2);
    // The preview of the new edit shows the same source instant, now at the range's start in the edit.
    const after = await waitForPreview(
      (reading) => reading.rangeIndex === 2 && Math.abs(reading.instantUs - before.instantUs) <= FRAME_US && reading.editUs < before.editUs - 500_000,
      `${formatInstant(before.instantUs)} at the start of range 3`,
    );
    await page.keyboard.press('p');
    await page.locator('output.clock:not(.preview-clock)').waitFor();
    // Settled: the same instant twice, a moment apart (a seek first shows its target).
    let sourceIso: string | null = null;
    for (let attempt = 0; attempt < 50; attempt++) {
      const reading = await page.locator('output.clock').getAttribute('data-instant');
      if (reading !== null && reading === sourceIso) break;
      sourceIso = reading;
      await page.waitForTimeout(200);
    }
    expect(Math.abs(parseInstant(sourceIso!) - after.instantUs)).toBeLessThanOrEqual(FRAME_US);
  });
});
