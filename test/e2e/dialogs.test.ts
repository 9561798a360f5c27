/**
 * Dialogs and the Project menu in real Chromium against `trimdesk serve`: focus moves into
 * a dialog when it opens, Tab stays inside it, Escape (or the backdrop) closes it, and
 * focus goes back to the control that opened it. The menu returns focus to its button.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'e2e');

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveDemoArchive();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.locator('.overview [data-hour]:not(.missing)').first().click();
  await page.locator('output.clock[data-instant^="2"]').waitFor();
});

/** A failed check may leave its dialog open; the next test starts from the editor. */
afterEach(async () => {
  if ((await page.getByRole('dialog').count()) > 0) await page.keyboard.press('Escape');
  await page.locator('.menu').evaluate((menu) => menu.removeAttribute('open'));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** True when the focused element is `locator` itself (compared in the page, not by text). */
function hasFocus(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

function focusInside(dialog: Locator): Promise<boolean> {
  return dialog.evaluate((element) => element.contains(document.activeElement) && document.activeElement !== element);
}

/** Presses Tab (or Shift+Tab) more times than the dialog has controls; focus must never leave it. */
async function expectTabStaysInside(dialog: Locator, key: 'Tab' | 'Shift+Tab'): Promise<void> {
  const controls = await dialog.locator('button, input, select, summary').count();
  for (let press = 0; press < controls + 3; press++) {
    await page.keyboard.press(key);
    expect(await focusInside(dialog), `${key} press ${press + 1} left the dialog`).toBe(true);
  }
}

describe('dialogs in Chromium', () => {
  it.each([
    ['Keyboard shortcuts', '?'],
    ['Settings', 'Settings'],
    ['Export', 'Export…'],
  ])('%s: focus moves in, Tab stays inside, Escape closes, focus returns to the opener', async (title, buttonName) => {
    const opener = page.getByRole('button', { name: buttonName, exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await dialog.evaluate((element) => element.matches(':modal'))).toBe(true);
    expect(await focusInside(dialog)).toBe(true);
    await expectTabStaysInside(dialog, 'Tab');
    await expectTabStaysInside(dialog, 'Shift+Tab');
    await page.screenshot({ path: join(ARTIFACTS, `dialog-${title.toLowerCase().replace(/\W+/g, '-')}.png`) });
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await hasFocus(opener)).toBe(true);
  });

  it('Go to a time (G): the time field has focus, and Escape gives focus back to where it was', async () => {
    const clockFormat = page.getByLabel('Clock format');
    await clockFormat.focus();
    await clockFormat.blur();
    const before = await page.evaluate(() => document.activeElement?.tagName);
    await page.keyboard.press('g');
    const dialog = page.getByRole('dialog', { name: 'Go to a time' });
    await dialog.waitFor();
    expect(await hasFocus(dialog.getByLabel('Go to time'))).toBe(true);
    await expectTabStaysInside(dialog, 'Tab');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe(before);
  });

  it('closes on a click on the backdrop, not on a click inside', async () => {
    const opener = page.getByRole('button', { name: 'Settings', exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.waitFor();
    await dialog.getByRole('heading', { name: 'Settings' }).click();
    expect(await dialog.count()).toBe(1);
    await page.mouse.click(8, 700);
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await hasFocus(opener)).toBe(true);
  });

  it('keeps editor shortcuts away from the page behind a dialog', async () => {
    await page.getByRole('button', { name: '?', exact: true }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('Project menu: arrows move through its items, Escape closes it and focus returns to its button', async () => {
    const menuButton = page.locator('.menu summary');
    await menuButton.click();
    expect(await page.locator('.menu').getAttribute('open')).not.toBeNull();
    await page.keyboard.press('ArrowDown');
    const items = page.getByRole('menuitem');
    expect(await hasFocus(items.first())).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await hasFocus(items.last())).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('.menu').getAttribute('open')).toBeNull();
    expect(await hasFocus(menuButton)).toBe(true);
  });

  it('Transition preview: a modal too, Space does not reach the editor behind it, focus returns to Preview', async () => {
    await page.locator('body').click({ position: { x: 1100, y: 600 } });
    // Each key waits for the previous one to take effect: under load a seek can take
    // seconds to land, and marking waits for it.
    for (const rangeNumber of [1, 2]) {
      if (rangeNumber > 1) await page.keyboard.press('l');
      await page.keyboard.press('i');
      await expect.poll(() => page.locator('.range-card').count(), { timeout: 60_000 }).toBe(rangeNumber);
      for (const key of ['Shift+L', 'Shift+L', 'o']) await page.keyboard.press(key);
      const playToEnd = page
        .locator('.range-card')
        .nth(rangeNumber - 1)
        .getByRole('button', { name: 'Play up to the end' });
      await expect.poll(() => playToEnd.isEnabled(), { timeout: 60_000 }).toBe(true);
    }
    await page.getByRole('button', { name: 'Transition 1: Hard cut' }).click();
    await page.getByLabel('Transition 1', { exact: true }).selectOption('fade');
    const opener = page.getByRole('button', { name: 'Preview', exact: true });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Transition preview' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-modal')).toBe('true');
    expect(await focusInside(dialog)).toBe(true);
    await expectTabStaysInside(dialog, 'Tab');
    await page.keyboard.press('Space');
    await page.waitForTimeout(300);
    expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await hasFocus(opener)).toBe(true);
  });

  it.each([
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ])('Keyboard shortcuts fit at $width x $height without scrolling, every row whole and readable', async (size) => {
    await page.setViewportSize(size);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, `dialog-keyboard-shortcuts-${size.width}x${size.height}.png`) });
    const measured = await dialog.evaluate((element) => {
      const body = element.querySelector('.modal-body')!;
      const frame = element.getBoundingClientRect();
      const rows = [...element.querySelectorAll('.help-row')].map((row) => {
        const box = row.getBoundingClientRect();
        return {
          text: row.textContent,
          top: box.top,
          bottom: box.bottom,
          left: box.left,
          right: box.right,
          fontPx: Number.parseFloat(getComputedStyle(row).fontSize),
        };
      });
      return { overflowPx: body.scrollHeight - body.clientHeight, frame: { top: frame.top, bottom: frame.bottom, left: frame.left, right: frame.right }, rows };
    });
    expect(measured.overflowPx, 'the shortcuts scroll').toBeLessThanOrEqual(0);
    expect(measured.rows.length).toBeGreaterThan(30);
    for (const row of measured.rows) {
      expect(row.bottom, `"${row.text}" below the dialog`).toBeLessThanOrEqual(measured.frame.bottom);
      expect(row.right, `"${row.text}" past the dialog`).toBeLessThanOrEqual(measured.frame.right);
      expect(row.fontPx, `"${row.text}" too small to read`).toBeGreaterThanOrEqual(13);
    }
    expect(measured.frame.bottom).toBeLessThanOrEqual(size.height);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
