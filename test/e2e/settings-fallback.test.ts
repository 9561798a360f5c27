/**
 * A clock setting in local storage that this browser cannot use (a time zone it does not
 * know) must not leave a blank window: in real Chromium against `trimdesk serve`, the
 * editor still renders, times are shown in UTC, and a notice says why.
 */
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { demoArchivePath } from '../fixtures/demo-archive';
import { buildPrivateRenderer } from './renderer-build';
import { launchChromium } from '../fixtures/served-editor';

/** What the settings store persists (zustand's envelope), with a zone no system has. */
const STORED = JSON.stringify({ state: { clock: { format: 'local', timeZone: 'Mars/Olympus', busStartUs: 0 }, volume: 1, muted: false }, version: 1 });

let rendererDir: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  rendererDir = await buildPrivateRenderer('settings-fallback-');
  const archive = new Archive(demoArchivePath());
  await archive.check();
  server = await startServer({ archive, port: 0, rendererDir, log: () => undefined });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
});

describe('a bad stored time zone', () => {
  it('still renders the editor, in UTC, with a notice naming the zone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript((stored) => localStorage.setItem('trimdesk.settings', stored), STORED);
    await page.goto(server.url);
    await expect(page.getByRole('alert').textContent({ timeout: 15_000 })).resolves.toMatch(
      /"Mars\/Olympus" is not one this system knows: times are shown in UTC/,
    );
    await page.locator('.overview [data-hour]:not(.missing)').first().click();
    await page.locator('output.clock[data-instant^="2"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('output.clock small').textContent()).toBe('UTC'); // local time, in the fallback zone
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
