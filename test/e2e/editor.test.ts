/**
 * The editor end to end in real Chromium against `trimdesk serve` on the demo archive:
 * open, see the coverage, load an hour, play, seek to a wall-clock instant (the burned-in
 * time in the picture must match the clock), mark two ranges with the keyboard, add a
 * transition, export a smart cut and check the file with ffprobe.
 *
 * Each test opens a fresh browser context (empty local storage) and brings the editor to
 * the state it needs itself: an hour loaded, the two-range edit opened as a project file,
 * or an export job started through the API. So any test passes alone and in any order;
 * one browser and one server serve the whole file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { serializeProject } from '../../shared/project';
import { formatDuration, formatInstant, parseInstant, US_PER_HOUR, US_PER_SECOND } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { clockUs, pressGoTo, waitForClock } from '../fixtures/editor-clock';
import { grayPixels, pictureDistance } from '../fixtures/picture';
import { AUTOPLAY_ARG, launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');
/**
 * How long the export dialog's plan may take: a smart plan ffprobes every segment a cut
 * falls in, one after the other, which on a loaded machine took 17-20 s the first time
 * (the dialog said 'Planning…' past a 20 s wait).
 */
const PLANNING_MS = 60_000;
/** Tests that plan an export: the planning above, and the export or the dialog's checks after it. */
const EXPORT_TEST_MS = 150_000;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let outputDir: string;
let framesPerSecond: number;
let shortHole: { startUs: number; endUs: number };
let missingStretch: { startUs: number; endUs: number };
/** The channel and quality the editor opens with, and 25 s of clean footage on them. */
let channel: string;
let quality: string;
let stretch: { hour: string; startUs: number };
/** Errors the current test's page raised. */
let pageErrors: string[] = [];

async function api<T>(method: string, input: unknown): Promise<T> {
  const response = await fetch(new URL(`api/${method}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const reply = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.result;
}

async function shoot(name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The video's picture as shown on screen (without the letterbox bars). */
async function videoPicture(): Promise<Buffer> {
  const clip = await page.locator('video').evaluate((video: HTMLVideoElement) => {
    const box = video.getBoundingClientRect();
    const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
    const width = video.videoWidth * scale;
    const height = video.videoHeight * scale;
    return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  });
  return page.screenshot({ clip });
}

/** Runs of footage without a discontinuity, read from the playlist the player gets. */
async function footageRuns(channel: string, quality: string, hour: string): Promise<{ startUs: number; endUs: number }[]> {
  const hourStartUs = parseInstant(`${hour}:00:00Z`);
  const query = new URLSearchParams({ start: formatInstant(hourStartUs), end: formatInstant(hourStartUs + 3600 * US_PER_SECOND) });
  const text = await (await fetch(new URL(`playlist/${channel}/${quality}.m3u8?${query}`, server.url))).text();
  const runs: { startUs: number; endUs: number }[] = [];
  let segmentStartUs: number | undefined;
  let newRun = true;
  for (const line of text.split('\n')) {
    if (line.startsWith('#EXT-X-DISCONTINUITY')) newRun = true;
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) segmentStartUs = parseInstant(line.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
    if (line.startsWith('#EXTINF:') && segmentStartUs !== undefined) {
      const endUs = segmentStartUs + Math.round(Number(line.slice(8).split(',')[0]) * US_PER_SECOND);
      if (newRun) runs.push({ startUs: segmentStartUs, endUs });
      else runs[runs.length - 1]!.endUs = endUs;
      newRun = false;
    }
  }
  return runs;
}

/** A stretch of at least `lengthUs` of footage with no hole and no suspect or partial segment. */
async function cleanStretch(channel: string, quality: string, lengthUs: number): Promise<{ hour: string; startUs: number }> {
  type Hour = { hour: string; hasFootage: boolean; untrusted: { start: string; end: string }[] };
  const hours = await api<Hour[]>('coverage', { channel, quality });
  const marginUs = 4 * US_PER_SECOND;
  for (const hour of hours.filter((h) => h.hasFootage)) {
    const untrusted = hours.flatMap((h) => h.untrusted).map((u) => ({ startUs: parseInstant(u.start), endUs: parseInstant(u.end) }));
    for (const run of await footageRuns(channel, quality, hour.hour)) {
      const startUs = run.startUs + marginUs;
      const endUs = startUs + lengthUs;
      const clean = untrusted.every((u) => u.endUs <= startUs || u.startUs >= endUs);
      if (clean && endUs + marginUs <= run.endUs) return { hour: hour.hour, startUs };
    }
  }
  throw new Error(`the demo archive has no ${lengthUs / US_PER_SECOND} s without holes on ${channel}/${quality}`);
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  outputDir = mkdtempSync(join(tmpdir(), 'trimdesk-e2e-'));
  const root = demoArchivePath();
  const manifest = await loadDemoManifest(root);
  framesPerSecond = manifest.framesPerSecond;
  shortHole = manifest.shortHole;
  missingStretch = manifest.missingStretch;
  server = await serveDemoArchive();
  browser = await launchChromium([AUTOPLAY_ARG]);
  // The editor's own choice of channel and quality, read once from a throwaway page.
  const firstPage = await browser.newPage();
  await firstPage.goto(server.url);
  await firstPage.locator('.overview [data-hour]').first().waitFor();
  channel = await firstPage.getByLabel('Channel').inputValue();
  quality = await firstPage.getByLabel('Quality').inputValue();
  await firstPage.close();
  stretch = await cleanStretch(channel, quality, 25 * US_PER_SECOND);
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
  if (outputDir) rmSync(outputDir, { recursive: true, force: true });
});

/** An empty folder of the current test's own for export outputs. */
function testOutputDir(): string {
  return mkdtempSync(join(outputDir, 'test-'));
}

/** The editor freshly opened on the archive, showing the coverage overview. */
async function openEditor(): Promise<void> {
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
}

/** The editor with the hour of the clean stretch loaded and paused. */
async function openStretchHour(): Promise<void> {
  await openEditor();
  await page.locator(`[data-hour="${stretch.hour}"]`).click();
  await waitForClock(page, () => true, 'any instant');
}

/**
 * The edit the keyboard test makes (4 s from stretch + 5.5 s, 3 s from stretch + 19.5 s,
 * joined by a 1 s fade: 6 s of output), as the editor stores it; its window runs from the
 * stretch to the end of its hour.
 */
function markedEdit() {
  const at = (seconds: number) => stretch.startUs + seconds * US_PER_SECOND;
  const hourStartUs = parseInstant(`${stretch.hour}:00:00Z`);
  return {
    archive: undefined,
    channel,
    quality,
    window: { startUs: stretch.startUs, endUs: hourStartUs + US_PER_HOUR },
    ranges: [
      { startUs: at(5.5), endUs: at(9.5), label: '' },
      { startUs: at(19.5), endUs: at(22.5), label: '' },
    ],
    transitions: [{ kind: 'named' as const, name: 'fade', durationUs: US_PER_SECOND }],
  };
}

/** The editor with the marked edit opened through Project > Open, its hour loaded. */
async function openMarkedEdit(): Promise<void> {
  await openEdit(markedEdit());
}

/** The editor with `edit` opened through Project > Open, its window loaded. */
async function openEdit(edit: Parameters<typeof serializeProject>[0]): Promise<void> {
  // Listening before the page loads: Playwright switches file chooser interception on
  // asynchronously, and a chooser opened before that is never reported.
  const chooser = page.waitForEvent('filechooser', { timeout: 60_000 });
  await openEditor();
  await page.keyboard.press('Control+Shift+O');
  await (await chooser).setFiles({ name: 'marked.trimdesk.json', mimeType: 'application/json', buffer: Buffer.from(serializeProject(edit)) });
  await page.locator('.notice', { hasText: `Opened marked.trimdesk.json: ${edit.ranges.length} ranges` }).waitFor();
  await waitForClock(page, () => true, 'a frame of the opened window');
}

/** Starts the marked edit's export through the API and waits until the job is over. */
async function exportThroughApi(outputPath: string): Promise<{ state: string }> {
  type Job = { id: string; state: string };
  const { ranges, transitions } = markedEdit();
  const wireTransitions = transitions.map((t) => ({ kind: t.kind, name: t.name, seconds: t.durationUs / US_PER_SECOND }));
  const wireRanges = ranges.map((r) => ({ start: formatInstant(r.startUs), end: formatInstant(r.endUs) }));
  const started = await api<Job>('startExport', {
    channel,
    quality,
    ranges: wireRanges,
    transitions: wireTransitions,
    cutType: 'smart',
    format: 'ts',
    outputPath,
  });
  for (let attempt = 0; attempt < 900; attempt++) {
    const job = (await api<Job[]>('listExportJobs', {})).find((j) => j.id === started.id);
    if (job && job.state !== 'queued' && job.state !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the export to ${outputPath} never finished`);
}

describe('the editor in Chromium', () => {
  it('opens the served archive and shows the coverage overview', async () => {
    await openEditor();
    expect(await page.getByLabel('Channel').inputValue()).not.toBe('');
    expect(await page.getByLabel('Quality').inputValue()).not.toBe('');
    await shoot('1-overview');
  });

  it('loads an hour and plays it: the clock advances with no player error', async () => {
    await openEditor();
    await page.locator(`[data-hour="${stretch.hour}"]`).click();
    const firstUs = await waitForClock(page, () => true, 'any instant');
    await page.keyboard.press('Space');
    await waitForClock(page, (us) => us > firstUs + US_PER_SECOND, 'more than a second of playback', { settled: false });
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
    await shoot('2-playing');
    await page.keyboard.press('Space');
  });

  /** Goes to an instant with G; returns the instant of the frame shown once the clock settles. */
  async function goTo(targetUs: number): Promise<number> {
    await pressGoTo(page, targetUs);
    const frameUs = Math.round(US_PER_SECOND / framesPerSecond);
    // The clock shows the frame on screen: the one that starts at or just before the target.
    return waitForClock(page, (us) => us <= targetUs && targetUs - us < frameUs, `the frame at ${formatInstant(targetUs)}`);
  }

  /** Goes to an instant with G and checks the clock and the picture both show the frame there. */
  async function expectFrameShownAt(targetUs: number): Promise<void> {
    const shownUs = await goTo(targetUs);
    const frameUs = Math.round(US_PER_SECOND / framesPerSecond);
    await page.waitForTimeout(300);
    expect(await clockUs(page)).toBe(shownUs);
    const onScreen = await grayPixels(await videoPicture());
    /** The archive's frame at an instant, or undefined in a hole (404). */
    const frameAt = async (us: number) => {
      const response = await fetch(new URL(`frame/${channel}/${quality}.png?timestamp=${formatInstant(us)}`, server.url));
      if (response.status === 404) return undefined;
      expect(response.status).toBe(200);
      return grayPixels(Buffer.from(await response.arrayBuffer()));
    };
    // The picture carries its own UTC time (burned in): it must match the frame at the clock's
    // instant better than the frames one frame before and after it (where there are some).
    const distance = pictureDistance(onScreen, (await frameAt(shownUs))!);
    const neighbours = (await Promise.all([frameAt(shownUs - frameUs), frameAt(shownUs + frameUs)])).filter((frame) => frame !== undefined);
    expect(neighbours.length).toBeGreaterThan(0);
    for (const neighbour of neighbours) expect(distance).toBeLessThan(pictureDistance(onScreen, neighbour));
  }

  it('seeks to the first frame after a hole (media time and wall clock part ways there)', async () => {
    expect(formatInstant(shortHole.endUs).slice(0, 13)).toBe(stretch.hour);
    await openStretchHour();
    await expectFrameShownAt(shortHole.endUs);
    await shoot('3-after-hole');
  });

  it('seeks to a wall-clock instant and shows that frame', async () => {
    await openStretchHour();
    await expectFrameShownAt(stretch.startUs + 5 * US_PER_SECOND + 500_000);
    await shoot('4-seeked');
  });

  it('marks two ranges with the keyboard and joins them with a transition', async () => {
    await openStretchHour();
    await goTo(stretch.startUs + 5 * US_PER_SECOND + 500_000);
    const press = async (key: string, times = 1) => {
      for (let count = 0; count < times; count++) await page.keyboard.press(key);
    };
    await press('i');
    await press('Shift+L', 4);
    await press('o');
    await press('l');
    await press('i');
    await press('Shift+L', 3);
    await press('o');
    await expect.poll(() => page.locator('.range-card').count()).toBe(2);
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toBe('Total 7s');
    await page.getByRole('button', { name: 'Transition 1: Hard cut' }).click();
    await page.getByLabel('Transition 1', { exact: true }).selectOption('fade');
    await page.getByRole('button', { name: 'Close the transition picker' }).click();
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toBe('Total 6s');
    await shoot('5-ranges');
  });

  it('exports a smart cut and shows the job reach done; ffprobe agrees with the edit', { timeout: EXPORT_TEST_MS }, async () => {
    await openMarkedEdit();
    const outputPath = join(testOutputDir(), 'two-ranges.ts');
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Export' }).waitFor();
    await expect.poll(() => page.getByLabel('Export plan').textContent(), { timeout: PLANNING_MS }).toMatch(/Output 6s/);
    expect(await page.locator('input[name="cut-type"][value="smart"]').isChecked()).toBe(true);
    await page.getByLabel('Destination').fill(outputPath);
    await shoot('6-export-dialog');
    await page.getByRole('button', { name: 'Start export' }).click();
    const job = page.locator('.job').first();
    await job.waitFor();
    await expect.poll(() => job.getAttribute('data-job-state'), { timeout: 90_000, interval: 250 }).toBe('done');
    await shoot('7-export-done');
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', outputPath], { encoding: 'utf8' }),
    ) as { format: { duration: string }; streams: { codec_type: string }[] };
    expect(probe.streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);
    expect(Math.abs(Number(probe.format.duration) - 6)).toBeLessThan(0.1);
  });

  it('sees an existing destination as it is typed, before any job, and offers a free name or replacing it', { timeout: EXPORT_TEST_MS }, async () => {
    const dir = testOutputDir();
    expect((await exportThroughApi(join(dir, 'two-ranges.ts'))).state).toBe('done');
    await openMarkedEdit();
    await page.keyboard.press('e');
    await page.getByLabel('Destination').fill(join(dir, 'two-ranges.ts'));
    const status = page.getByTestId('destination-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/two-ranges\.ts already exists/);
    const start = page.getByRole('button', { name: 'Start export' });
    expect(await start.isDisabled()).toBe(true);
    await shoot('8-export-destination-exists');
    await status.getByLabel('Replace it').check();
    await expect.poll(() => start.isDisabled(), { timeout: 20_000 }).toBe(false);
    await status.getByRole('button', { name: 'Use two-ranges (2).ts' }).click();
    expect(await page.getByLabel('Destination').inputValue()).toBe(join(dir, 'two-ranges (2).ts'));
    await expect.poll(() => status.count()).toBe(0);
    await expect.poll(() => start.isDisabled(), { timeout: 20_000 }).toBe(false);
    await start.click();
    const renamed = page.locator('.job', { hasText: 'two-ranges (2).ts' });
    await expect.poll(() => renamed.getAttribute('data-job-state'), { timeout: 90_000, interval: 250 }).toBe('done');
  });

  it('totals only footage, warns about ranges sharing footage, and offers only the containers a cut type can write', { timeout: EXPORT_TEST_MS }, async () => {
    const before = shortHole.startUs;
    await openEdit({
      ...markedEdit(),
      window: { startUs: before - 20 * US_PER_SECOND, endUs: shortHole.endUs + 30 * US_PER_SECOND },
      ranges: [
        { startUs: before - 10 * US_PER_SECOND, endUs: shortHole.endUs + 8 * US_PER_SECOND, label: '' },
        { startUs: before - 6 * US_PER_SECOND, endUs: before - 2 * US_PER_SECOND, label: '' },
      ],
      transitions: [{ kind: 'cut' as const }],
    });
    const holeText = formatDuration(shortHole.endUs - shortHole.startUs);
    await expect.poll(() => page.getByTestId('total-duration').textContent(), { timeout: 10_000 }).toBe('Total 22s');
    expect(await page.getByTestId('missing-duration').textContent()).toBe(`${holeText} without footage`);
    await page.keyboard.press('e');
    await expect
      .poll(() => page.getByTestId('export-summary').textContent(), { timeout: 10_000 })
      .toBe(`2 ranges of ${channel}, 22s of footage in total; ${holeText} inside the ranges has no footage (allow holes to skip it).`);
    expect(await page.getByTestId('overlap-warning').textContent()).toBe('Ranges 1 and 2 share 4s of footage: it will play twice.');
    await page.locator('input[name="cut-type"][value="archive"]').check();
    const container = page.getByLabel('Container', { exact: true });
    expect(await container.inputValue()).toBe('mkv');
    expect(await page.getByLabel('Destination').inputValue()).toMatch(/\.mkv$/);
    expect(await container.locator('option[value="ts"]').isDisabled()).toBe(true);
    await page.getByLabel('Allow holes').check();
    await expect.poll(() => page.getByLabel('Export plan').textContent(), { timeout: PLANNING_MS }).not.toMatch(/--format|Planning/);
    await shoot('8b-export-dialog-holes');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shoot('8c-export-dialog-holes-1080p');
    // Smart again: the sound fades at its hard cuts (the skipped hole and the join of the ranges) unless unticked.
    await page.locator('input[name="cut-type"][value="smart"]').check();
    const plan = page.getByLabel('Export plan');
    await expect
      .poll(() => plan.textContent(), { timeout: PLANNING_MS })
      .toMatch(/Sound fades out 5 ms before and back in 5 ms after each of the 2 hard cut\(s\)/);
    await page.getByLabel('Fade sound at cuts').uncheck();
    await expect
      .poll(() => plan.textContent(), { timeout: PLANNING_MS })
      .toMatch(/Sound at the 2 hard cut\(s\) \([^)]*\) is joined as it is, without a fade\./);
  });

  it('clears the finished exports from the jobs panel', async () => {
    // A job that fails at once: its output already exists.
    const existing = join(testOutputDir(), 'taken.ts');
    writeFileSync(existing, '');
    expect((await exportThroughApi(existing)).state).toBe('failed');
    await openEditor();
    await expect.poll(() => page.locator('.job').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Clear finished' }).click();
    await expect.poll(() => page.locator('.job').count()).toBe(0);
  });

  it('keeps the edit across a reload (autosave), and undoes a removal', async () => {
    await openMarkedEdit();
    // The autosave lands a moment after the change (first the empty edit of the channel).
    await page.waitForFunction(() =>
      Object.entries(localStorage).some(([key, text]) => key.startsWith('trimdesk.edit.') && (JSON.parse(text) as { ranges: unknown[] }).ranges.length === 2),
    );
    await page.reload();
    await page.locator('.overview [data-hour]').first().waitFor();
    await expect.poll(() => page.locator('.range-card').count()).toBe(2);
    expect(await page.getByTestId('total-duration').textContent()).toBe('Total 6s');
    await page.locator('.range-card .range-number').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.range-card').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.range-card').count()).toBe(2);
    expect(await page.getByTestId('total-duration').textContent()).toBe('Total 6s');
  });

  it('narrows the window, seeks by clicking the timeline and drags a range edge there', async () => {
    await openMarkedEdit();
    const windowUs = 40 * US_PER_SECOND;
    await page.getByLabel('Window start').fill(formatInstant(stretch.startUs));
    await page.getByLabel('Window start').press('Enter');
    await page.getByLabel('Window end').fill(formatInstant(stretch.startUs + windowUs));
    await page.getByLabel('Window end').press('Enter');
    await waitForClock(page, () => true, 'the playhead in the new window');
    const box = (await page.getByTestId('timeline').boundingBox())!;
    const xAt = (instantUs: number) => box.x + ((instantUs - stretch.startUs) / windowUs) * box.width;
    const rangesLaneY = box.y + box.height - 14;
    await page.mouse.click(xAt(stretch.startUs + 30 * US_PER_SECOND), box.y + 28);
    await waitForClock(page, (us) => Math.abs(us - (stretch.startUs + 30 * US_PER_SECOND)) < 100_000, 'the clicked instant');
    // Range 1 ends at stretch + 9.5 s (markedEdit): drag its end 2 s later.
    const endUs = stretch.startUs + 9_500_000;
    await page.mouse.move(xAt(endUs), rangesLaneY);
    await page.mouse.down();
    await page.mouse.move(xAt(endUs + 2 * US_PER_SECOND), rangesLaneY, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toMatch(/^Total 8(\.\d+)?s$/);
    await shoot('9-timeline-drag');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('total-duration').textContent()).toBe('Total 6s');
  });

  it('leaves the arrow keys to the volume slider when it has focus (they do not seek)', async () => {
    await openStretchHour();
    const beforeUs = await waitForClock(page, () => true, 'a steady playhead');
    const slider = page.getByLabel('Volume');
    await slider.focus();
    const volumeBefore = Number(await slider.inputValue());
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(volumeBefore - 0.1, 5);
    expect(await waitForClock(page, () => true, 'the same playhead')).toBe(beforeUs);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => Number(await slider.inputValue())).toBeCloseTo(volumeBefore, 5);
    await slider.blur();
  });

  /** Opens the editor afresh on a one-minute window inside the missing stretch (no footage). */
  async function showWindowWithoutFootage(): Promise<void> {
    await openEditor();
    const startUs = missingStretch.startUs + 10 * US_PER_SECOND;
    await page.getByLabel('Window start').fill(formatInstant(startUs));
    await page.getByLabel('Window start').press('Enter');
    await page.getByLabel('Window end').fill(formatInstant(startUs + 60 * US_PER_SECOND));
    await page.getByLabel('Window end').press('Enter');
    await page.locator('.player-overlay.error').waitFor();
  }

  it('keeps taking shortcuts after a seek and a mark in a window with no footage (the seek never lands there)', async () => {
    await showWindowWithoutFootage();
    await page.keyboard.press('l');
    await page.keyboard.press('i');
    await page.keyboard.press('e');
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect.poll(() => dialog.isVisible(), { timeout: 5_000 }).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('offers the nearest footage where a window has none, and loads it', async () => {
    await showWindowWithoutFootage();
    await shoot('10-no-footage');
    await page.getByRole('button', { name: /Load the nearest hour with footage/ }).click();
    await waitForClock(page, () => true, 'a frame of the nearest footage');
    expect(await page.locator('.player-overlay.error').count()).toBe(0);
    expect(formatInstant((await clockUs(page)) ?? 0).slice(0, 13)).toBe(formatInstant(missingStretch.startUs).slice(0, 13));
  });
});
