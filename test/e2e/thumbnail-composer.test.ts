/**
 * The publishing side in real Chromium against `trimdesk serve`: S downloads exactly the
 * /frame picture of the instant on screen; the thumbnail composer shows the frame and a
 * live preview, a dragged corner moves the location box (aspect locked) and the preview
 * follows; the result becomes the video's thumbnail choice; details typed in the panel
 * are checked against the limits. Screenshots at 1280x720 and 1920x1080.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { encodeRgbaPng } from '../../electron/node/thumbnail/png-file';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');

let server: RunningServer;
let browser: Browser;
let page: Page;
let templates: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  templates = await mkdtemp(join(os.tmpdir(), 'trimdesk-e2e-templates-'));
  server = await serveDemoArchive({ templatesDir: join(templates, 'thumbnail-templates') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.locator('.overview [data-hour]:not(.missing)').first().click();
  await page.locator('output.clock[data-instant^="2"]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await rm(templates, { recursive: true, force: true });
});

async function shownInstant(): Promise<string> {
  return (await page.locator('output.clock').getAttribute('data-instant')) ?? '';
}

async function loadedWidth(selector: string): Promise<number> {
  return page.locator(selector).evaluate((image: HTMLImageElement) => (image.complete ? image.naturalWidth : 0));
}

/** The frame picture is on screen, or the words say it is coming: never a bare black box. */
async function frameShownOrLoading(dialog: Locator): Promise<boolean> {
  const loaded = (await loadedWidth('img[alt="Frame"]')) > 0;
  return loaded || (await dialog.getByRole('status').filter({ hasText: 'Loading the frame…' }).isVisible());
}

/** The focused element's accessible name and its focus outline width in px. */
function focused(): Promise<{ label: string | null; outlinePx: number }> {
  return page.evaluate(() => {
    const element = document.activeElement;
    const style = element ? getComputedStyle(element) : undefined;
    return {
      label: element?.getAttribute('aria-label') ?? null,
      outlinePx: !style || style.outlineStyle === 'none' ? 0 : Number.parseFloat(style.outlineWidth),
    };
  });
}

describe('publishing side in Chromium', () => {
  it('S downloads the exact picture of the frame on screen', async () => {
    await page.keyboard.press('.');
    await page.keyboard.press('.');
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('s');
    const download = await downloading;
    // The snapshot waits for the steps to land; so the clock shows the same frame by now.
    const instant = await shownInstant();
    const channel = new URL(page.url()).searchParams.get('channel') ?? 'desertbus';
    expect(download.suggestedFilename()).toBe(`${channel}-${instant.replace(/(\.\d{3})\d*Z$/, '$1Z').replaceAll(':', '-')}.png`);
    const saved = await readFile((await download.path())!);
    const quality = await page.getByLabel('Quality', { exact: true }).inputValue();
    const route = await fetch(`${server.url}frame/${channel}/${quality}.png?timestamp=${instant}`);
    expect(saved.equals(Buffer.from(await route.arrayBuffer()))).toBe(true);
  });

  it('composes a thumbnail by dragging the location box, with a live preview', async () => {
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Thumbnail' });
    await dialog.waitFor();
    // The frame takes a moment to make: until it is there the picture says so (it was a black box, like a black frame).
    expect(await frameShownOrLoading(dialog)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'thumbnail-composer-opening-1280x720.png') });
    await expect.poll(() => loadedWidth('img[alt="Frame"]'), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await dialog.getByText('Loading the frame…').count()).toBe(0);
    await expect.poll(() => loadedWidth('img[alt="Thumbnail preview"]'), { timeout: 20_000 }).toBe(1280);
    const boxes = dialog.getByTestId('composer-boxes');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 80,20,1200,650');
    await page.screenshot({ path: join(ARTIFACTS, 'thumbnail-composer-1280x720.png') });

    const corner = dialog.getByLabel('Location box se corner');
    const handle = (await corner.boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    // 100 display pixels left: 320 template pixels (400 shown for 1280). Locked to the crop's 16:9.
    await page.mouse.move(handle.x + handle.width / 2 - 100, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 80,20,880,470');
    await expect
      .poll(() => page.locator('img[alt="Thumbnail preview"]').getAttribute('src'), { timeout: 5000 })
      .toContain(`location=${encodeURIComponent('80,20,880,470')}`);
    await expect.poll(() => loadedWidth('img[alt="Thumbnail preview"]'), { timeout: 20_000 }).toBe(1280);

    await dialog.getByRole('button', { name: "Use as the video's thumbnail" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    const details = page.getByRole('group', { name: 'Video details' });
    await details.locator('summary').click();
    // In the user's clock (UTC here), not ISO.
    expect(await page.getByTestId('thumbnail-choice').textContent()).toMatch(/^template default, frame at 2026-11-14 03:\d{2}:\d{2}\.\d+ UTC$/);
    await page.keyboard.press('Control+z');
    expect(await page.getByTestId('thumbnail-choice').textContent()).toBe('none');
    await page.keyboard.press('Control+Shift+z');
    expect(await page.getByTestId('thumbnail-choice').textContent()).toMatch(/^template default/);
  });

  it('checks the details against the limits while typing', async () => {
    const panel = page.getByRole('group', { name: 'Video details' });
    if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
    const title = page.getByLabel('Title', { exact: true });
    await title.fill('x'.repeat(104));
    expect(await page.getByRole('group', { name: 'Video details' }).getByRole('alert').textContent()).toBe(
      'The title is 104 characters; video sites allow 100. Shorten it by 4.',
    );
    await title.fill('The 3 AM sing-along');
    await page.getByLabel('Tags', { exact: true }).fill('desert bus, charity');
    await page.getByLabel('Editor notes').click();
    expect(await page.getByRole('group', { name: 'Video details' }).getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'video-details-1280x720.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(ARTIFACTS, 'video-details-1920x1080.png') });
    // Keys typed in a field are text, not shortcuts: leave the notes first.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('t');
    await page.getByRole('dialog', { name: 'Thumbnail' }).waitFor();
    await expect.poll(() => loadedWidth('img[alt="Thumbnail preview"]'), { timeout: 20_000 }).toBe(1280);
    await page.screenshot({ path: join(ARTIFACTS, 'thumbnail-composer-1920x1080.png') });
    // A big window shows the pictures big enough to judge a crop (they were 400 px, as at 1280x720), all of them inside the dialog.
    const composer = page.getByRole('dialog', { name: 'Thumbnail' });
    const frame = (await composer.boundingBox())!;
    for (const picture of await composer.locator('.composer-picture').all()) {
      const box = (await picture.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(560);
      expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
      expect(box.y + box.height).toBeLessThanOrEqual(frame.y + frame.height);
    }
    expect(frame.y + frame.height).toBeLessThanOrEqual(1080);
    await page.keyboard.press('Escape');
    await page.keyboard.press('e');
    await page.getByRole('dialog', { name: 'Export' }).waitFor();
    await page.getByRole('region', { name: 'Video details files' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'export-details-1920x1080.png') });
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(pageErrors).toEqual([]);
  });

  it('adds, renames and removes a template in the composer', async () => {
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Thumbnail' });
    await dialog.waitFor();
    const png = encodeRgbaPng({ width: 640, height: 360 }, (_x, y) => (y < 60 ? [200, 30, 30, 255] : [0, 0, 0, 0]));
    await dialog.getByLabel('Add a template').setInputFiles({ name: 'red band.png', mimeType: 'image/png', buffer: png });
    const select = dialog.getByLabel('Template', { exact: true });
    // Uploading and checking the PNG on a loaded machine takes seconds.
    await expect.poll(() => select.inputValue(), { timeout: 20_000 }).toBe('red band');
    expect(await dialog.getByTestId('composer-boxes').textContent()).toBe('crop 0,0,640,360 · location 0,0,640,360');
    await expect.poll(() => loadedWidth('img[alt="Thumbnail preview"]'), { timeout: 20_000 }).toBe(640);
    await dialog.getByLabel('New template name').fill('../evil');
    expect(await dialog.getByRole('alert').textContent()).toContain('Template name "../evil" is not allowed');
    await dialog.getByLabel('New template name').fill('band');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect.poll(() => select.inputValue()).toBe('band');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => select.locator('option').allTextContents()).toEqual(['default (1280x720)']);
    await page.keyboard.press('Escape');
  });
  it('moves, resizes and resets the boxes from the keyboard, with a visible focus', async () => {
    await page.keyboard.press('t');
    const dialog = page.getByRole('dialog', { name: 'Thumbnail' });
    await dialog.waitFor();
    // The frame's time in the user's clock (UTC here), as the player's clock shows it, not ISO.
    expect(await dialog.locator('figcaption').first().textContent()).toMatch(/^Frame at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} UTC: /);
    // The default template whatever an earlier test left: its picture is 1280x720.
    await dialog.getByLabel('Template', { exact: true }).selectOption('default');
    const boxes = dialog.getByTestId('composer-boxes');
    const crop = dialog.getByRole('button', { name: 'Crop box', exact: true });
    const location = dialog.getByRole('button', { name: 'Location box', exact: true });
    expect(await location.getAttribute('aria-roledescription')).toBe('movable box');
    expect(await dialog.locator(`[id="${await location.getAttribute('aria-describedby')}"]`).textContent()).toContain('Ctrl+arrows resize');
    // The boxes sit between the template tools and Lock aspect in the Tab order.
    await dialog.getByLabel('Lock aspect').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toEqual({ label: 'Location box', outlinePx: 2 });
    await page.keyboard.press('Delete');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toEqual({ label: 'Crop box', outlinePx: 2 });
    await page.keyboard.press('Delete');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 0,0,1280,720');

    // Locked: resizing the location box keeps the crop's 16:9 (height 710 leads, width 1262).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+Shift+ArrowUp');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 0,0,1262,710');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 10,1,1272,711');
    // Shift+Down moves 10 px but stops at the picture's bottom edge.
    await page.keyboard.press('Shift+ArrowDown');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 10,10,1272,720');
    const shown = (await location.boundingBox())!;
    expect(Math.round(shown.x - (await dialog.locator('.composer-picture').nth(1).boundingBox())!.x)).toBe(Math.round((10 * 400) / 1280));

    // Unlocked: Ctrl+arrows resize the crop freely; the editor behind does not take the keys.
    const clockBefore = await shownInstant();
    await dialog.getByLabel('Lock aspect').uncheck();
    await crop.focus();
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('ArrowRight');
    expect(await boxes.textContent()).toBe('crop 1,0,1271,720 · location 10,10,1272,720');
    await page.keyboard.press('Delete');
    expect(await boxes.textContent()).toBe('crop 0,0,1280,720 · location 10,10,1272,720');
    expect(await shownInstant()).toBe(clockBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'thumbnail-composer-keyboard-1280x720.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });
});
