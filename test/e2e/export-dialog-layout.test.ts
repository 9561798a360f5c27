/**
 * The export dialog's refusals at 1280x720, in real Chromium over the served demo archive:
 * a range over the demo's suspect download (not continuous footage) refused by the plan
 * and by Start export pressed while the plan was still on its way is said once, not twice
 * one under the other; ticking Allow holes (which cures it) takes the refusal away; and
 * the dialog with its buttons fits the window without scrolling. The plan's answer is held
 * back in the page (Playwright's request routing) until Start export has been refused, so
 * the order is the same on a loaded machine. Screenshots are kept for people to look at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { ARTIFACTS, servedEditorForFile, TARGET_SIZES } from './layout-editor';

const SIZE = TARGET_SIZES[0];

const editor = servedEditorForFile();
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-export-dialog-'));
});
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('the export dialog at 1280x720', () => {
  it('says a refusal once, drops it when Allow holes cures it, and fits the window', { timeout: 90_000 }, async () => {
    const { suspectOnly } = (await loadDemoManifest(demoArchivePath())).sameStart;
    const page = await editor.browser().newPage({ viewport: SIZE });
    let releasePlan: () => void = () => undefined;
    const planHeld = new Promise<void>((resolve) => {
      releasePlan = resolve;
    });
    await page.route('**/api/planExport', async (route) => {
      await planHeld;
      await route.continue();
    });
    await page.goto(editor.server().url);
    await page.locator(`.overview [data-hour="${suspectOnly.hour}"]`).click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    // A range from 2 s before the suspect download to 8 s after: footage that is not continuous.
    for (const key of ['l', 'i', 'l', 'o']) await page.keyboard.press(key);
    const card = page.locator('.range-card').first();
    for (const [field, offsetUs] of [
      ['Start', -2_000_000],
      ['End', 8_000_000],
    ] as const) {
      const input = card.getByLabel(field, { exact: true });
      await input.fill(
        formatInstant(suspectOnly.startUs + offsetUs)
          .replace('T', ' ')
          .replace(/\d{3}Z$/, ''),
      );
      await input.press('Enter');
    }
    await expect
      .poll(() => card.getByLabel('End', { exact: true }).inputValue())
      .toBe(
        formatInstant(suspectOnly.startUs + 8_000_000)
          .replace('T', ' ')
          .replace(/\d{3}Z$/, ''),
      );
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.getByText('Planning…').waitFor();
    await dialog.getByLabel('Destination').fill(path.join(outDir, 'refused.ts'));
    await dialog.getByRole('button', { name: 'Start export' }).click();
    const refusals = dialog.getByRole('alert').filter({ hasText: 'Footage is not continuous' });
    await refusals.first().waitFor({ timeout: 30_000 });
    releasePlan();
    await dialog.getByText('Planning…').waitFor({ state: 'detached', timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-refused-1280x720.png') });
    expect(await refusals.count(), 'the refusal, said by the plan and by Start export').toBe(1);
    const fit = await dialog.evaluate((element) => {
      const body = element.querySelector('.modal-body')!;
      const start = [...element.querySelectorAll('button')].find((button) => button.textContent === 'Start export')!.getBoundingClientRect();
      const box = element.getBoundingClientRect();
      return { scrollsPx: body.scrollHeight - body.clientHeight, top: box.top, bottom: box.bottom, startBottom: start.bottom };
    });
    expect(fit.scrollsPx, 'the dialog scrolls').toBeLessThanOrEqual(0);
    expect(fit.top).toBeGreaterThanOrEqual(0);
    expect(fit.bottom).toBeLessThanOrEqual(SIZE.height);
    expect(fit.startBottom).toBeLessThanOrEqual(fit.bottom);

    await dialog.getByLabel('Allow holes').check();
    await dialog.getByText(/^Output /).waitFor({ timeout: 30_000 });
    expect(await refusals.count(), 'a refusal left after Allow holes').toBe(0);
    expect(await dialog.getByRole('button', { name: 'Start export' }).isEnabled()).toBe(true);
    await page.close();
  });
  it('names times in its refusals in the clock the user chose (bus time), not in ISO', { timeout: 90_000 }, async () => {
    const { suspectOnly } = (await loadDemoManifest(demoArchivePath())).sameStart;
    const page = await editor.browser().newPage({ viewport: SIZE });
    await page.goto(editor.server().url);
    await page.locator(`.overview [data-hour="${suspectOnly.hour}"]`).click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    for (const key of ['l', 'i', 'l', 'o']) await page.keyboard.press(key);
    const card = page.locator('.range-card').first();
    const start = card.getByLabel('Start', { exact: true });
    await start.fill(
      formatInstant(suspectOnly.startUs - 2_000_000)
        .replace('T', ' ')
        .replace(/\d{3}Z$/, ''),
    );
    await start.press('Enter');
    await page.keyboard.press('Escape');
    await page.getByLabel('Clock format').selectOption('bus');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const refusal = dialog.getByRole('alert').filter({ hasText: 'Footage is not continuous' });
    await refusal.waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'export-refused-bus-time-1280x720.png') });
    const text = (await refusal.textContent()) ?? '';
    expect(text, 'an ISO instant in the refusal').not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).toMatch(/ at -?\d+:\d{2}:\d{2}(\.\d+)? bus/);
    await page.close();
  });
  it('exports the best recording unless the user chose the quality watched; then that one, the others a choice', async () => {
    const page = await editor.browser().newPage({ viewport: SIZE });
    await page.goto(editor.server().url);
    await page.locator('.overview [data-hour]:not(.missing)').first().click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 20_000 });
    const watching = page.getByLabel('Quality', { exact: true });
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const exportQuality = async () => {
      await page.keyboard.press('e');
      await dialog.waitFor();
      const chosen = await dialog.getByLabel('Export quality').inputValue();
      expect(await dialog.getByLabel('Export quality').locator('option').allTextContents()).toContain('source');
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);
      return chosen;
    };
    // The player picked a light quality on its own: the export still reads the source.
    expect(await watching.inputValue()).not.toBe('source');
    expect(await exportQuality(), 'nothing chosen').toBe('source');
    const qualities = (await watching.locator('option').allTextContents()).filter((quality) => quality !== 'source');
    for (const quality of qualities) {
      await watching.selectOption(quality);
      expect(await exportQuality(), `watching ${quality}`).toBe(quality);
    }
    expect(qualities.length).toBeGreaterThan(0);
    await page.close();
  });
});
