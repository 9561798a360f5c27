/**
 * Preview mode in real Chromium against the served demo archive: the editor plays the
 * `/preview` playlist of a three-range edit (a 1 s fade, then a hard cut into the footage
 * after the demo's stream restart), its clock names the right source instant on both
 * sides of each cut, I in preview mode moves the start of the range on screen, an edit
 * made while it plays (I, undo) reloads the preview playing on, a range inside a hole is
 * marked where it would play (and the export refuses it), and leaving preview returns to
 * the source at the instant shown.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { SOURCE_TAG } from '../../shared/preview-playlist';
import { previewSpans } from '../../shared/preview-timeline';
import { serializeProject, type Project } from '../../shared/project';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { waitForClock, waitForReading, waitForSteady } from '../fixtures/editor-clock';
import { AUTOPLAY_ARG, launchChromium, serveDemoArchive } from '../fixtures/served-editor';

/** Screenshots for people to look at after a run. */
const ARTIFACTS = path.join(process.cwd(), 'test-artifacts', 'e2e');
const FRAME_US = Math.round(US_PER_SECOND / 30);
/** Two frames of 33333.33 us apart: as whole microseconds, up to 66667 us. */
const TWO_FRAMES_US = Math.ceil((2 * US_PER_SECOND) / 30);
const RANGES = [
  { startUs: parseInstant('2026-11-14T03:01:53.1Z'), endUs: parseInstant('2026-11-14T03:01:58.3Z'), label: '' },
  { startUs: parseInstant('2026-11-14T03:02:05.4Z'), endUs: parseInstant('2026-11-14T03:02:10.7Z'), label: '' },
  { startUs: parseInstant('2026-11-14T03:02:36.2Z'), endUs: parseInstant('2026-11-14T03:02:41.9Z'), label: '' },
];
/** How long planning the preview of an edit may take on a loaded machine (see enterPreview). */
const PLANNING_MS = 60_000;
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
  await mkdir(ARTIFACTS, { recursive: true });
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

const WINDOW = { startUs: parseInstant('2026-11-14T03:01:52Z'), endUs: parseInstant('2026-11-14T03:02:52Z') };

async function openEdit(
  ranges: Project['ranges'] = RANGES,
  transitions: Project['transitions'] = TRANSITIONS,
  window = WINDOW,
  quality = '360p-bframes',
): Promise<void> {
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
  await page.keyboard.press('Control+Shift+O');
  const project = {
    archive: undefined,
    channel: 'desertbus',
    quality,
    window,
    ranges,
    transitions,
  };
  await (await chooser).setFiles({ name: 'preview.trimdesk.json', mimeType: 'application/json', buffer: Buffer.from(serializeProject(project)) });
  await page.locator('.notice', { hasText: `Opened preview.trimdesk.json: ${ranges.length} ranges` }).waitFor();
  await page.locator('output.clock[data-instant]').first().waitFor();
}

interface PreviewReading {
  editUs: number;
  instantUs: number;
  rangeIndex: number;
}

/**
 * The preview clock's reading, its attributes read at once (playback re-renders it every
 * frame); with `landed`, undefined while a seek is on its way (the clock's data-seeking, or
 * the <video> seeking before the player heard of it): the clock names the old frame then,
 * or a frame named with hls.js's estimate before the part's frames are read.
 */
async function previewClock({ landed = false } = {}): Promise<PreviewReading | undefined> {
  const values = await page.getByLabel('Preview clock').evaluate((clock, landedOnly) => {
    const seeking = clock.hasAttribute('data-seeking') || document.querySelector('video')?.seeking === true;
    return landedOnly && seeking ? [] : ['data-edit-us', 'data-instant', 'data-range'].map((name) => clock.getAttribute(name));
  }, landed);
  const [edit, instant, range] = values;
  if (!edit || !instant || !range) return undefined;
  return { editUs: Number(edit), instantUs: parseInstant(instant), rangeIndex: Number(range) };
}

/** The source instant the edit shows at `editUs`, from the edit's own numbers (the midpoint rule inside the fade). */
function expectedAt(reading: PreviewReading): number {
  const span = SPANS[reading.rangeIndex]!;
  return span.sourceStartUs + (reading.editUs - span.editStartUs);
}

/** The source range the preview timeline draws for range `index` (of the edit its playlist is of). */
async function sourceRange(index: number): Promise<{ startUs: number; endUs: number }> {
  const title = (await page.locator(`.preview-range[data-range="${index}"]`).getAttribute('title')) ?? '';
  const match = /^Range \d+: (\S+) \.\. (\S+),/.exec(title);
  if (match === null) throw new Error(`range ${index + 1}'s title does not name its source: ${title}`);
  return { startUs: parseInstant(match[1]!), endUs: parseInstant(match[2]!) };
}

/**
 * Until the paused player has the frame its seek went to on screen, named with the part's
 * read frames (that `fits` takes): the same landed reading three times in a row. Returns that reading.
 */
function settled(what: string, fits: (reading: PreviewReading) => boolean = () => true): Promise<PreviewReading> {
  return waitForSteady(page, () => previewClock({ landed: true }), fits, `the preview clock settling on ${what}`);
}

/**
 * Until the preview clock names a reading `predicate` takes. As long as any clock wait of
 * the suite (test/fixtures/editor-clock.ts): after an edit the next frames may wait for a
 * part ffmpeg renders, which on a loaded machine takes seconds.
 */
async function waitForPreview(predicate: (reading: PreviewReading) => boolean, what: string): Promise<PreviewReading> {
  const reading = await waitForReading(page, previewClock, (shown) => shown !== undefined && predicate(shown), `the preview clock showing ${what}`, {
    intervalMs: 50,
  });
  return reading!;
}

/**
 * P, then until the preview's playlist is made (the preview clock is there). The first
 * preview of an edit plans it: ffprobe reads every segment a cut falls in, one after the
 * other, which on a loaded machine took 17-20 s. Its own wait, so the clock's waits time
 * the player, not the planning.
 */
async function enterPreview(): Promise<void> {
  await page.keyboard.press('p');
  await page.getByLabel('Preview clock').waitFor({ timeout: PLANNING_MS });
}

/**
 * Readings of the preview of the edit whose range 1 starts at `rangeStartUs` (the others
 * as in RANGES): the first of that edit (its clock agrees with the edit's own numbers in
 * whichever range it shows: not the old preview still on screen), and one 800 ms of the
 * edit later, which only comes while it plays. Any range: the old preview plays on while
 * the new one is planned, on a loaded machine for seconds, past the end of range 1, and
 * the new one then goes on from there.
 */
async function playsOn(rangeStartUs: number, what: string): Promise<[PreviewReading, PreviewReading]> {
  const spans = previewSpans({ ranges: [{ ...RANGES[0]!, startUs: rangeStartUs }, ...RANGES.slice(1)], transitions: TRANSITIONS });
  const ofEdit = (reading: PreviewReading) => {
    const span = spans[reading.rangeIndex];
    return span !== undefined && Math.abs(reading.instantUs - (span.sourceStartUs + reading.editUs - span.editStartUs)) <= 100_000;
  };
  const first = await waitForPreview(ofEdit, `${what}: a frame of the new edit`);
  const later = await waitForPreview((reading) => reading.editUs >= first.editUs + 800_000, `${what}: playing on from ${first.editUs} us`);
  return [first, later];
}

// Each test plans an edit and renders its edges with ffmpeg, some of them twice (an edit
// reloads the preview): on a loaded machine more than the suite's minute.
describe('preview mode', { timeout: 120_000 }, () => {
  it('plays the edit across a transition and a hard cut, the clock naming the source on both sides of each', async () => {
    await openEdit();
    await enterPreview();
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
    await enterPreview();
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
    const title = `Range 3: ${formatInstant(before.instantUs)} .. ${formatInstant(RANGES[2]!.endUs)},`;
    await page.locator(`.preview-range[data-range="2"][title^="${title}"]`).waitFor({ timeout: 20_000 });
    expect(shown.rangeIndex).toBe(2);
    // The preview of the new edit shows the same source instant, now at the range's start in the edit.
    const after = await waitForPreview(
      (reading) => reading.rangeIndex === 2 && Math.abs(reading.instantUs - before.instantUs) <= FRAME_US && reading.editUs < before.editUs - 500_000,
      `${formatInstant(before.instantUs)} at the start of range 3`,
    );
    await page.keyboard.press('p');
    await page.locator('output.clock:not(.preview-clock)').waitFor();
    // Settled, with no seek on its way: the return seek may show its first aim's frame for a moment.
    const sourceUs = await waitForClock(page, () => true, 'the source frame after leaving the preview');
    expect(Math.abs(sourceUs - after.instantUs)).toBeLessThanOrEqual(FRAME_US);
  });

  it('moves a range edge dragged on the preview timeline and a range end marked with O, showing each moved edge', async () => {
    await openEdit();
    await enterPreview();
    await waitForPreview(() => true, 'a frame of the edit');
    const bar = page.locator('.preview-bar');
    const barBox = (await bar.boundingBox())!;
    const usPerPx = Number(await bar.getAttribute('data-duration-us')) / barBox.width;
    // At the hard cut between ranges 2 and 3 each edge can be grabbed: neither covers the other.
    for (const edge of ['End of range 2', 'Start of range 3']) {
      const edgeBox = (await page.getByLabel(edge).boundingBox())!;
      const grabbed = await page.evaluate(
        ([x, y]) => document.elementFromPoint(x!, y!)?.getAttribute('aria-label'),
        [edgeBox.x + edgeBox.width / 2, edgeBox.y + edgeBox.height / 2],
      );
      expect(grabbed).toBe(edge);
    }
    const third = page.locator('.preview-range[data-range="2"]');
    const startEdge = (await page.getByLabel('Start of range 3').boundingBox())!;
    const spanStartUs = Number(await third.getAttribute('data-edit-start-us'));
    // Drag the start of range 3 40 px later: the range's edge follows the pointer while it moves.
    const fromX = Math.round(startEdge.x + startEdge.width / 2);
    const y = Math.round(startEdge.y + startEdge.height / 2);
    await page.mouse.move(fromX, y);
    await page.mouse.down();
    await page.mouse.move(fromX + 20, y, { steps: 4 });
    await page.mouse.move(fromX + 40, y, { steps: 4 });
    const duringUs = Number(await third.getAttribute('data-edit-start-us')) - spanStartUs;
    expect(Math.abs(duringUs - 40 * usPerPx), 'range 3 drawn moved during the drag').toBeLessThanOrEqual(usPerPx);
    await page.mouse.up();
    // The edge moved by 40 px of the edit's time in the source (one pixel's worth of rounding),
    // and the timeline shows the preview of the new edit.
    await expect.poll(async () => (await sourceRange(2)).startUs, { timeout: 20_000 }).not.toBe(RANGES[2]!.startUs);
    const movedStartUs = (await sourceRange(2)).startUs;
    expect(Math.abs(movedStartUs - (RANGES[2]!.startUs + 40 * usPerPx))).toBeLessThanOrEqual(usPerPx);
    expect((await sourceRange(2)).endUs).toBe(RANGES[2]!.endUs);
    // It shows range 3's new first frame, where range 3 now starts in the edit.
    const atEdge = await waitForPreview(
      (reading) => reading.rangeIndex === 2 && Math.abs(reading.instantUs - movedStartUs) <= FRAME_US,
      `range 3's new start ${formatInstant(movedStartUs)}`,
    );
    expect(Math.abs(atEdge.editUs - Number(await third.getAttribute('data-edit-start-us')))).toBeLessThanOrEqual(2 * FRAME_US);
    await settled("range 3's new start");

    // O in range 2: it ends at the frame that was on screen, and the preview shows its new last frame.
    const second = page.locator('.preview-range[data-range="1"]');
    const [fromUs, toUs] = [Number(await second.getAttribute('data-edit-start-us')), Number(await second.getAttribute('data-edit-end-us'))];
    const totalUs = Number(await bar.getAttribute('data-duration-us'));
    const middleUs = (fromUs + toUs) / 2;
    await page.mouse.click(barBox.x + (barBox.width * middleUs) / totalUs, barBox.y + barBox.height / 2);
    // The seek's frame, not the frame shown while it loads.
    await waitForPreview((reading) => reading.rangeIndex === 1 && Math.abs(reading.editUs - middleUs) < 200_000, 'the middle of range 2');
    const before = await settled('the middle of range 2');
    await page.keyboard.press('o');
    await expect.poll(async () => (await sourceRange(1)).endUs, { timeout: 20_000 }).toBe(before.instantUs);
    expect((await sourceRange(1)).startUs).toBe(RANGES[1]!.startUs);
    const last = await waitForPreview(
      (reading) => reading.rangeIndex === 1 && reading.instantUs < before.instantUs && reading.instantUs >= before.instantUs - 2 * FRAME_US,
      `the last frame of range 2 before ${formatInstant(before.instantUs)}`,
    );
    expect(Math.abs(last.editUs + FRAME_US - Number(await second.getAttribute('data-edit-end-us')))).toBeLessThanOrEqual(2 * FRAME_US);
  });

  it('plays on after an edit reloads the preview, from the moved edge or from the frame on screen', async () => {
    await openEdit();
    await enterPreview();
    await waitForPreview(() => true, 'a frame of the edit');
    await page.waitForTimeout(1000);
    await page.keyboard.press('Space');
    await waitForPreview((reading) => reading.rangeIndex === 0 && reading.editUs > 2_500_000, '2.5 s of range 1 played');
    // I while playing: range 1 now starts at the frame on screen, and the preview of the new edit plays on from there.
    await page.keyboard.press('i');
    await expect.poll(async () => (await sourceRange(0)).startUs, { timeout: 20_000 }).not.toBe(RANGES[0]!.startUs);
    const movedStartUs = (await sourceRange(0)).startUs;
    const [atEdge] = await playsOn(movedStartUs, 'the preview after I');
    expect(Math.abs(atEdge.instantUs - movedStartUs), 'first frame after I').toBeLessThanOrEqual(500_000);
    // Undo while playing: the preview of the old edit plays on from the source instant that was on screen.
    const shown = (await previewClock())!;
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await sourceRange(0)).startUs, { timeout: 20_000 }).toBe(RANGES[0]!.startUs);
    const [resumed] = await playsOn(RANGES[0]!.startUs, 'the preview after undo');
    expect(resumed.instantUs, 'first frame after undo').toBeGreaterThanOrEqual(shown.instantUs - TWO_FRAMES_US);
    expect(await page.locator('video').evaluate((video) => (video as HTMLVideoElement).paused)).toBe(false);
  });

  it('marks a range inside a hole where it would play and plays the rest; the export refuses that range', async () => {
    const ranges = [
      { startUs: parseInstant('2026-11-14T03:00:50Z'), endUs: parseInstant('2026-11-14T03:00:55Z'), label: '' },
      // Inside the demo's 52 s hole (03:01:00 to 03:01:52).
      { startUs: parseInstant('2026-11-14T03:01:10Z'), endUs: parseInstant('2026-11-14T03:01:20Z'), label: 'in the hole' },
      { startUs: parseInstant('2026-11-14T03:02:05.4Z'), endUs: parseInstant('2026-11-14T03:02:10.7Z'), label: '' },
    ];
    await openEdit(ranges, [{ kind: 'cut' }, { kind: 'cut' }], { startUs: parseInstant('2026-11-14T03:00:50Z'), endUs: parseInstant('2026-11-14T03:02:50Z') });
    await enterPreview();
    await waitForPreview(() => true, 'a frame of the edit');
    const mark = page.getByRole('img', {
      name: /^Range 2 \(in the hole\) holds no footage from 2026-11-14 03:01:10\.000 to 2026-11-14 03:01:20\.000 UTC: it lies inside a hole\. The preview leaves it out and the export refuses it; move or remove the range\.$/,
    });
    await mark.waitFor();
    await page
      .locator('.notice', { hasText: 'Range 2 holds no footage at all (inside a hole): the preview leaves it out and the export refuses the edit.' })
      .waitFor();
    // Drawn where range 2 would play (after range 1's 5 s), wide enough to see and to point at.
    const bar = page.locator('.preview-bar');
    const barBox = (await bar.boundingBox())!;
    const totalUs = Number(await bar.getAttribute('data-duration-us'));
    const markBox = (await mark.boundingBox())!;
    expect(Math.abs(markBox.x + markBox.width / 2 - (barBox.x + (barBox.width * 5_000_000) / totalUs))).toBeLessThanOrEqual(2);
    expect(markBox.width).toBeGreaterThanOrEqual(10);
    // The range edges under it stay grabbable; its number above the bar takes the hover (the tooltip).
    const labelAt = (x: number, y: number) => page.evaluate(([atX, atY]) => document.elementFromPoint(atX!, atY!)?.getAttribute('aria-label'), [x, y]);
    const middleY = markBox.y + markBox.height / 2;
    expect(await labelAt(markBox.x + markBox.width / 2 - 3, middleY)).toBe('End of range 1');
    expect(await labelAt(markBox.x + markBox.width / 2 + 3, middleY)).toBe('Start of range 3');
    const badgeBox = (await mark.locator('span').boundingBox())!;
    const hovered = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[title]')?.getAttribute('title'),
      [badgeBox.x + badgeBox.width / 2, badgeBox.y + badgeBox.height / 2],
    );
    expect(hovered).toMatch(/^Range 2 \(in the hole\) holds no footage/);
    expect(await page.locator('.preview-range').evaluateAll((spans) => spans.map((span) => span.getAttribute('data-range')))).toEqual(['0', '2']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'preview-empty-range.png') });
    // The rest plays: 7 s into the edit is range 3.
    await page.mouse.click(barBox.x + (barBox.width * 7_000_000) / totalUs, barBox.y + barBox.height / 2);
    await waitForPreview((reading) => reading.rangeIndex === 2, 'range 3');
    // The export of the same edit is refused, naming the range.
    const params = new URLSearchParams({ type: 'smart', allow_holes: 'true' });
    for (const range of ranges) params.append('range', `${formatInstant(range.startUs)},${formatInstant(range.endUs)}`);
    for (const _ of ranges.slice(1)) params.append('transition', '');
    const cut = await fetch(`${server.url}cut/desertbus/360p-bframes.ts?${params}`);
    expect(cut.ok).toBe(false);
    const refusal = /^No footage at all in range 2 \(2026-11-14T03:01:10\.000000Z \.\. 2026-11-14T03:01:20\.000000Z\); move or remove the range/;
    expect(await cut.text()).toMatch(refusal);
    // So does the export dialog, without advising to allow holes (that skips nothing here).
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect
      .poll(() => dialog.getByTestId('export-summary').textContent(), { timeout: 15_000 })
      .toBe(
        '3 ranges of desertbus, 10.3s of footage in total; range 2 has no footage at all, which the export refuses with holes allowed or not: move or remove it.',
      );
    // The dialog names the times in the user's clock (UTC here), not in ISO.
    const refusalInClock = /^No footage at all in range 2 \(2026-11-14 03:01:10 UTC \.\. 2026-11-14 03:01:20 UTC\); move or remove the range/;
    await expect.poll(() => dialog.getByText(refusalInClock).count(), { timeout: 15_000 }).toBe(1);
    expect(await dialog.getByRole('button', { name: 'Start export' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'preview-empty-range-export.png') });
  });

  it('draws a range of two frames wide enough to see and hover, naming its length, the others where they were', async () => {
    const ranges = [
      RANGES[0]!,
      { startUs: parseInstant('2026-11-14T03:02:05.4Z'), endUs: parseInstant('2026-11-14T03:02:05.4Z') + 2 * FRAME_US, label: 'blink' },
      RANGES[2]!,
    ];
    await openEdit(ranges, [{ kind: 'cut' }, { kind: 'cut' }]);
    await enterPreview();
    await waitForPreview(() => true, 'a frame of the edit');
    await settled('the first frame of the edit');
    const bar = page.locator('.preview-bar');
    const barBox = (await bar.boundingBox())!;
    const totalUs = Number(await bar.getAttribute('data-duration-us'));
    const xOfEdit = (editUs: number) => barBox.x + (barBox.width * editUs) / totalUs;
    const spans = await page.locator('.preview-range').evaluateAll((elements) =>
      elements.map((element) => {
        const rect = element.getBoundingClientRect();
        const editUs = (name: string) => Number(element.getAttribute(name));
        return {
          left: rect.left,
          right: rect.right,
          startUs: editUs('data-edit-start-us'),
          endUs: editUs('data-edit-end-us'),
          title: element.getAttribute('title') ?? '',
        };
      }),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'preview-short-range.png') });
    expect(spans).toHaveLength(3);
    const [first, short, last] = spans as [(typeof spans)[number], (typeof spans)[number], (typeof spans)[number]];
    // Two frames (the edit makes them 0.1 s) would be some 8 px on this bar: drawn 16 px wide about their own middle.
    expect(short.right - short.left).toBeGreaterThanOrEqual(16);
    expect(Math.abs((short.left + short.right) / 2 - xOfEdit((short.startUs + short.endUs) / 2))).toBeLessThanOrEqual(1);
    expect(short.title).toMatch(/^Range 2 \(blink\): .*, 0\.\d+s in the edit \(drawn wider than its length, to be seen\)$/);
    for (const span of [first, last]) {
      expect(Math.abs(span.left - xOfEdit(span.startUs))).toBeLessThanOrEqual(1);
      expect(Math.abs(span.right - xOfEdit(span.endUs))).toBeLessThanOrEqual(1);
    }
    // Its middle takes the hover: the tooltip there is its own.
    const hovered = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[title]')?.getAttribute('title'),
      [(short.left + short.right) / 2, barBox.y + barBox.height / 2],
    );
    expect(hovered).toBe(short.title);
  });

  it("draws a range across a hole with only its footage, the hole marked, positions in the playlist's time", async () => {
    // Range 1 runs over the demo's 52 s hole (03:01:00 to 03:01:52): 5 s of footage, the hole, 4 s.
    const ranges = [
      { startUs: parseInstant('2026-11-14T03:00:55Z'), endUs: parseInstant('2026-11-14T03:01:56Z'), label: '' },
      { startUs: parseInstant('2026-11-14T03:02:05.4Z'), endUs: parseInstant('2026-11-14T03:02:10.7Z'), label: '' },
    ];
    await openEdit(ranges, [{ kind: 'cut' }], { startUs: parseInstant('2026-11-14T03:00:50Z'), endUs: parseInstant('2026-11-14T03:02:50Z') });
    const playlist = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/preview/') && response.url().includes('.m3u8?'));
    await enterPreview();
    const text = await (await playlist).text();
    const extinfUs = text
      .split('\n')
      .filter((line) => line.startsWith('#EXTINF:'))
      .reduce((total, line) => total + Math.round(Number.parseFloat(line.slice(8)) * US_PER_SECOND), 0);
    // 5 s + 4 s + 5.3 s, the segments' names a few ms off.
    expect(Math.abs(extinfUs - 14_300_000)).toBeLessThanOrEqual(2 * FRAME_US + 10_000);
    await waitForPreview(() => true, 'a frame of the edit');
    await settled('the first frame of the edit');
    const bar = page.locator('.preview-bar');
    const barBox = (await bar.boundingBox())!;
    const xOfEdit = (editUs: number) => barBox.x + (barBox.width * editUs) / extinfUs;
    const box = async (selector: string) => (await page.locator(selector).boundingBox())!;
    // The second range starts 9 s into the edit and ends where the bar (the playlist) ends.
    const second = await box('.preview-range[data-range="1"]');
    expect(Math.abs(second.x - xOfEdit(9_000_000))).toBeLessThanOrEqual(2);
    expect(Math.abs(second.x + second.width - (barBox.x + barBox.width))).toBeLessThanOrEqual(2);
    const hole = page.getByRole('img', { name: '52s without footage skipped in range 1' });
    const holeBox = (await hole.boundingBox())!;
    expect(Math.abs(holeBox.x + holeBox.width / 2 - xOfEdit(5_000_000))).toBeLessThanOrEqual(2);
    // A click 7 s into the edit shows 2 s after the hole: the position is the playlist's time.
    await page.mouse.click(xOfEdit(7_000_000), barBox.y + barBox.height / 2);
    await waitForPreview((shown) => shown.rangeIndex === 0 && shown.editUs > 6_000_000, '7 s into the edit');
    // Settled: until the player has parsed the part's frames its map is hls.js's estimate.
    const reading = await settled('7 s into the edit');
    expect(Math.abs(reading.editUs - 7_000_000)).toBeLessThanOrEqual(2 * FRAME_US);
    const afterHoleUs = parseInstant('2026-11-14T03:01:52Z');
    expect(Math.abs(reading.instantUs - (afterHoleUs + reading.editUs - 5_000_000))).toBeLessThanOrEqual(2 * FRAME_US + 10_000);
  });
});

/** The URLs of the preview playlist's entries that show range `rangeIndex` (per their source tags), resolved against the playlist's. */
function entryUrlsOfRange(playlistText: string, playlistUrl: string, rangeIndex: number): string[] {
  const urls: string[] = [];
  let shows: boolean | undefined;
  for (const line of playlistText.split('\n')) {
    if (line.startsWith(SOURCE_TAG))
      shows = line
        .slice(SOURCE_TAG.length)
        .split(';')
        .some((source) => Number(source.split('/')[1]) === rangeIndex);
    else if (line !== '' && !line.startsWith('#')) {
      if (shows) urls.push(new URL(line, playlistUrl).href);
      shows = undefined;
    }
  }
  return urls;
}

/**
 * Moves by seconds and frames in the preview (L, a frame step, Shift+J) go by the edit's
 * time: a move made before the part it goes into has been read lands where the edit time
 * it names is once its frames are read. Range 3's part is held until after the move, so
 * at the move the player's map of that part is hls.js's estimate on any machine (before,
 * the move went by that estimate and nothing aimed it again: it landed frames off).
 */
describe.each(['360p', '360p-bframes'])('preview moves on the %s quality', (quality) => {
  it('land on the edit time they name, also in a part not read yet', async () => {
    await openEdit(RANGES, TRANSITIONS, WINDOW, quality);
    const playlist = page.waitForResponse((response) => new URL(response.url()).pathname.startsWith('/preview/') && response.url().includes('.m3u8?'));
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let heldUrls = new Set<string>();
    let heldCount = 0;
    await page.route(
      (url) => heldUrls.has(url.href),
      async (route) => {
        heldCount++;
        await released;
        await route.continue().catch(() => undefined);
      },
    );
    await page.keyboard.press('p');
    const response = await playlist;
    heldUrls = new Set(entryUrlsOfRange(await response.text(), response.url(), 2));
    expect(heldUrls.size, "range 3's entries").toBeGreaterThan(0);
    const start = await settled('the first frame of the edit');
    expect(start.editUs).toBe(0);
    // L: 10 s into the edit, 0.5 s into range 3, whose part is held.
    await page.keyboard.press('l');
    await waitForReading(
      page,
      async () => heldCount,
      (count) => count > 0,
      "a load of range 3's part",
    );
    await page.waitForTimeout(300);
    release();
    const targetUs = 10 * US_PER_SECOND;
    const landed = await settled('10 s into the edit');
    expect(landed.rangeIndex).toBe(2);
    // The frame holding the edit time 10 s: it starts at most a frame before.
    expect(targetUs - landed.editUs, `${quality}: L landed at ${landed.editUs} us in the edit`).toBeGreaterThanOrEqual(-1);
    expect(targetUs - landed.editUs).toBeLessThan(FRAME_US);
    expect(Math.abs(landed.instantUs - expectedAt(landed)), `${quality}: the source instant at ${landed.editUs} us`).toBeLessThanOrEqual(2 * FRAME_US);
    await page.keyboard.press('.');
    const stepped = await settled('a frame on', (reading) => reading.editUs !== landed.editUs);
    expect(Math.abs(stepped.editUs - landed.editUs - FRAME_US), `${quality}: a frame on from ${landed.editUs} us`).toBeLessThanOrEqual(1);
    await page.keyboard.press('Shift+J');
    const back = await settled('a second back', (reading) => reading.editUs !== stepped.editUs);
    expect(Math.abs(back.editUs - (stepped.editUs - US_PER_SECOND)), `${quality}: a second back from ${stepped.editUs} us`).toBeLessThan(FRAME_US);
  });
});

/**
 * Going to a range in the preview (Down and Up: the next and previous range) lands on the
 * frame at the range's start instant in that range: range 2 repeats range 1's footage, so
 * its start instant is shown twice in the edit, and range 3 starts at a hard cut.
 */
describe.each(['360p', '360p-bframes'])('going to a range in the preview on the %s quality', (quality) => {
  it("lands on the frame at the range's start instant, in that range", async () => {
    const ranges = [RANGES[0]!, { ...RANGES[0]! }, RANGES[2]!];
    await openEdit(ranges, [{ kind: 'cut' }, { kind: 'cut' }], WINDOW, quality);
    await enterPreview();
    const start = await settled('the first frame of the edit');
    expect(start.editUs).toBe(0);
    // Down selects range 1 (none was), then range 2.
    for (const key of ['ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
    const second = await settled("range 2's start", (reading) => reading.editUs !== 0);
    expect(second.rangeIndex, `${quality}: the range landed in (${formatInstant(second.instantUs)}, ${second.editUs} us into the edit)`).toBe(1);
    expect(formatInstant(second.instantUs), `${quality}: the frame range 2 starts with`).toBe(formatInstant(ranges[1]!.startUs));
    await page.keyboard.press('ArrowDown');
    const third = await settled("range 3's start", (reading) => reading.rangeIndex === 2);
    expect(formatInstant(third.instantUs), `${quality}: the frame range 3 starts with`).toBe(formatInstant(ranges[2]!.startUs));
    for (const key of ['ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
    const first = await settled("range 1's start", (reading) => reading.rangeIndex === 0);
    expect(first.editUs).toBe(0);
    expect(formatInstant(first.instantUs)).toBe(formatInstant(ranges[0]!.startUs));
  });
});
