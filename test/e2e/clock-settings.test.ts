/**
 * Who owns the clock settings in browser mode: the user's browser, not the server. A
 * `trimdesk serve` restarted on the same address must not reset the time format the user
 * chose (it used to: the server's in-memory defaults overwrote the saved choice at start).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { demoArchivePath } from '../fixtures/demo-archive';
import { launchChromium } from '../fixtures/served-editor';

let archive: Archive;
let server: RunningServer;
let browser: Browser;
let page: Page;

async function openEditor(): Promise<void> {
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
}

beforeAll(async () => {
  archive = new Archive(demoArchivePath());
  await archive.check();
  server = await startServer({ archive, port: 0, log: () => undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the clock settings in browser mode', () => {
  it('keep the chosen time format across a restart of trimdesk serve', async () => {
    await openEditor();
    await page.getByLabel('Clock format').selectOption('bus');
    // The same origin as before (localStorage is per origin): the port the first server got.
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startServer({ archive, port, log: () => undefined });
    await openEditor();
    // Whatever the page loads at start has been answered once the coverage shows; give a
    // late answer a moment to land too, then the choice must still be there.
    await page.waitForTimeout(500);
    expect(await page.getByLabel('Clock format').inputValue()).toBe('bus');
    await page.keyboard.press('Control+,');
    expect(await page.getByRole('dialog', { name: 'Settings' }).getByLabel('Time format').inputValue()).toBe('bus');
  });
});
