/**
 * The chat panel, lane and search in real Chromium against `trimdesk serve` on the demo
 * archive: after seeks the panel lists exactly the lines up to the frame on screen (the
 * clock's instant); next/previous burst land on the demo's documented bursts; search hits
 * seek; C toggles the panel and a narrow window hides it. Screenshots at 1280x720 and
 * 1920x1080 go to the temp folder for a person to look at.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import type { RunningServer } from '../../electron/serve/server';
import type { ChatLine } from '../../shared/chat/display';
import { formatInstant, parseInstant, US_PER_SECOND } from '../../shared/time';
import { loadDemoManifest } from '../fixtures/demo-archive';
import { clockUs, pressGoTo, waitForClock } from '../fixtures/editor-clock';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

const CHUNK_US = 5 * 60 * US_PER_SECOND;
/** The clock shows the frame on screen: within a frame (and a recorder's name jitter) of a seek's target. */
const LANDING_SLACK_US = 50_000;

let server: RunningServer;
let browser: Browser;
let manifest: DemoManifest;
let page: Page;

beforeAll(async () => {
  manifest = await loadDemoManifest();
  server = await serveDemoArchive();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
  await page.locator(`[data-hour="${manifest.hours[0]}"]`).click();
  await waitForClock(page, () => true, 'a first frame');
  await page.locator('[data-testid="chat-activity"][data-bursts]:not([data-bursts=""])').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function goTo(targetUs: number): Promise<number> {
  await pressGoTo(page, targetUs);
  await page.waitForTimeout(200);
  return waitForClock(page, (us) => Math.abs(us - targetUs) < 5 * US_PER_SECOND, `a frame near ${formatInstant(targetUs)}`);
}

async function api<T>(method: string, input: unknown): Promise<T> {
  const response = await fetch(new URL(`api/${method}`, server.url), { method: 'POST', body: JSON.stringify(input) });
  const reply = (await response.json()) as { ok: boolean; result: T };
  expect(reply.ok).toBe(true);
  return reply.result;
}

/** The lines the panel must show at an instant: those of its chunk and the one before, up to the instant. */
async function expectedLines(instantUs: number): Promise<ChatLine[]> {
  const chunkUs = Math.floor(instantUs / CHUNK_US) * CHUNK_US;
  const { lines } = await api<{ lines: ChatLine[] }>('chatLines', {
    channel: manifest.channel,
    start: formatInstant(chunkUs - CHUNK_US),
    end: formatInstant(chunkUs + CHUNK_US),
  });
  return lines.filter((line) => line.timeUs <= instantUs);
}

/** What the panel shows: how many lines (aria-setsize) and the last one (it scrolls to the newest). */
async function shownLines(): Promise<{ count: number; lastTimeUs: number; lastText: string }> {
  const list = page.getByRole('list', { name: 'Chat up to the frame on screen' });
  await list.waitFor();
  const last = list.locator('li').last();
  return {
    count: Number(await last.getAttribute('aria-setsize')),
    lastTimeUs: Number(await last.locator('.chat-line').getAttribute('data-time-us')),
    lastText: (await last.locator('.chat-text').textContent()) ?? '',
  };
}

async function expectPanelAt(instantUs: number): Promise<void> {
  const expected = await expectedLines(instantUs);
  await expect.poll(async () => (await shownLines()).count, { timeout: 10_000 }).toBe(expected.length);
  const shown = await shownLines();
  expect([shown.lastTimeUs, shown.lastText]).toEqual([expected.at(-1)!.timeUs, expected.at(-1)!.text]);
}

describe('chat panel', () => {
  it('shows exactly the lines up to the frame on screen after seeks, system lines as such', { timeout: 120_000 }, async () => {
    const [opening, jitter] = manifest.chat.bursts;
    for (const targetUs of [
      opening!.startUs + 3_500_000,
      manifest.chat.systemLines[1]!.timeUs + 100_000,
      jitter!.startUs + 6 * US_PER_SECOND,
      opening!.startUs - 2 * US_PER_SECOND,
    ]) {
      const landedUs = await goTo(targetUs);
      await expectPanelAt(landedUs);
    }
    // Playing: the panel follows the clock (checked once paused again, where the frame stays put).
    const beforeUs = (await clockUs(page))!;
    await page.keyboard.press('Space');
    await expect.poll(async () => ((await clockUs(page)) ?? 0) > beforeUs + 1_500_000, { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Space');
    const pausedUs = await waitForClock(page, (us) => us > beforeUs + US_PER_SECOND, 'a paused frame after playing');
    await expectPanelAt(pausedUs);
    const ban = manifest.chat.systemLines[1]!;
    await goTo(ban.timeUs + 500_000);
    await expect.poll(() => page.locator('.chat-line.system').filter({ hasText: ban.text }).count()).toBe(1);
    await page.screenshot({ path: path.join(os.tmpdir(), 'trimdesk-chat-1280x720.png') });
  });

  it('sizes each row to its message at both window sizes: a long one whole, a short one without a gap', { timeout: 60_000 }, async () => {
    const longest = manifest.chat.systemLines.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    await goTo(longest.timeUs + 3 * US_PER_SECOND);
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await page.setViewportSize(size);
      await page
        .locator('.chat-line.system')
        .filter({ hasText: longest.text.slice(0, 20) })
        .waitFor();
      await page.screenshot({ path: path.join(os.tmpdir(), `trimdesk-chat-rows-${size.width}x${size.height}.png`) });
      const rows = await page.getByRole('list', { name: 'Chat up to the frame on screen' }).evaluate((list) =>
        [...list.querySelectorAll('li')].map((row) => {
          const line = row.querySelector('.chat-line')!;
          const rowBox = row.getBoundingClientRect();
          const lineBox = line.getBoundingClientRect();
          return {
            text: line.textContent ?? '',
            rowTop: rowBox.top,
            rowBottom: rowBox.bottom,
            lineHeight: lineBox.height,
            hiddenPx: line.scrollHeight - line.clientHeight,
          };
        }),
      );
      expect(rows.length).toBeGreaterThan(3);
      expect(rows.some((row) => row.text.includes(longest.text))).toBe(true);
      for (const [index, row] of rows.entries()) {
        const where = `${size.width}x${size.height}: "${row.text.slice(0, 40)}"`;
        expect(row.hiddenPx, `${where} is clipped`).toBeLessThanOrEqual(0);
        expect(row.rowBottom - row.rowTop, `${where} overflows its row`).toBeGreaterThanOrEqual(row.lineHeight - 0.5);
        expect(row.rowBottom - row.rowTop - row.lineHeight, `${where} leaves a gap in its row`).toBeLessThanOrEqual(6);
        const next = rows[index + 1];
        if (next) expect(next.rowTop, `${where} overlaps the next row`).toBeGreaterThanOrEqual(row.rowBottom - 0.5);
      }
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('N and Shift+N land on the documented bursts', { timeout: 120_000 }, async () => {
    const bursts = manifest.chat.bursts.map((burst) => burst.startUs);
    expect(await page.getByTestId('chat-activity').getAttribute('data-bursts')).toBe(bursts.join(','));
    await goTo(manifest.startUs + 2 * US_PER_SECOND);
    for (const burstUs of bursts) {
      await page.keyboard.press('n');
      await waitForClock(page, (us) => Math.abs(us - burstUs) <= LANDING_SLACK_US, `the burst at ${formatInstant(burstUs)}`);
    }
    await page.keyboard.press('Shift+N');
    const landedUs = await waitForClock(page, (us) => Math.abs(us - bursts[1]!) <= LANDING_SLACK_US, 'the previous burst');
    await expectPanelAt(landedUs);
  });

  it('search lists hits with their times; a click seeks there', { timeout: 60_000 }, async () => {
    await page.getByLabel('Search chat').fill('hype from:cactuscarl');
    await page.keyboard.press('Enter');
    const hits = page.getByRole('list', { name: 'Chat search hits' });
    await hits.waitFor();
    const expected = await api<{ hits: ChatLine[] }>('chatSearch', {
      channel: manifest.channel,
      start: formatInstant(parseInstant(`${manifest.hours[0]}:00:00Z`)),
      end: formatInstant(parseInstant(`${manifest.hours[0]}:00:00Z`) + 3600 * US_PER_SECOND),
      query: 'hype from:cactuscarl',
    });
    expect(expected.hits.length).toBeGreaterThan(0);
    expect(Number(await hits.locator('li').first().getAttribute('aria-setsize'))).toBe(expected.hits.length);
    const first = expected.hits[0]!;
    await hits.locator('li').first().getByRole('button').click();
    await waitForClock(page, (us) => Math.abs(us - first.timeUs) <= LANDING_SLACK_US, `the hit at ${formatInstant(first.timeUs)}`);
    await page.getByRole('button', { name: 'Close' }).click();
    await expectPanelAt((await clockUs(page))!);
  });

  it('C hides and shows the panel; a narrow window hides it until asked for', { timeout: 60_000 }, async () => {
    const panel = page.getByRole('region', { name: 'Chat', exact: true });
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    await expect.poll(() => panel.count()).toBe(0);
    await page.keyboard.press('c');
    await expect.poll(() => panel.count()).toBe(1);
    await page.setViewportSize({ width: 900, height: 700 });
    await expect.poll(() => panel.count()).toBe(0);
    await page.keyboard.press('c');
    await expect.poll(() => panel.count()).toBe(1);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(os.tmpdir(), 'trimdesk-chat-1920x1080.png') });
  });

  it("the header's Chat button shows and hides the panel, says so in aria-pressed, and works from the keyboard", { timeout: 60_000 }, async () => {
    const panel = page.getByRole('region', { name: 'Chat', exact: true });
    const button = page.locator('header').getByRole('button', { name: 'Chat', exact: true });
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect.poll(() => panel.count()).toBe(1);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.getAttribute('title')).toContain('(C)');
    await button.click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    // C toggles the same state the button shows.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('c');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    // A narrow window hides the panel: the button says it is off, and pressing it (Tab-focused, Enter) brings it back.
    await page.setViewportSize({ width: 900, height: 700 });
    await expect.poll(() => panel.count()).toBe(0);
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('false');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    let focused = false;
    for (let tab = 0; tab < 30 && !focused; tab += 1) {
      await page.keyboard.press('Tab');
      focused = await button.evaluate((element) => element === document.activeElement);
    }
    expect(focused, 'the Chat button is reached with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});
