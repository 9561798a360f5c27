/**
 * Project > Open in real Chromium against `trimdesk serve`: the file chosen in the picker
 * arrives even when a garbage collection runs while the picker is open. The picker's input
 * is never in the document; while nothing referenced it, a collection took it (and its
 * change handler), so the chosen file was dropped without a word. In the e2e tests this
 * showed as a file chooser Playwright never reported on a loaded machine (it resolves the
 * input after the chooser opened, and it was gone).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { HARD_CUT } from '../../shared/edit';
import { serializeProject } from '../../shared/project';
import { US_PER_HOUR, US_PER_SECOND, parseInstant } from '../../shared/time';
import { demoArchivePath } from '../fixtures/demo-archive';
import { launchChromium } from '../fixtures/served-editor';

let server: RunningServer;
let browser: Browser;
let page: Page;
let scratch: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-picker-'));
  const archive = new Archive(demoArchivePath());
  await archive.check();
  server = await startServer({ archive, port: 0, log: () => undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.locator('.overview [data-hour]').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** A two-range project for the archive's first hour, written where the picker can choose it. */
async function writeProject(name: string): Promise<string> {
  const hourStartUs = parseInstant(`${await page.locator('.overview [data-hour]').first().getAttribute('data-hour')}:00:00Z`);
  const text = serializeProject({
    archive: undefined,
    channel: await page.getByLabel('Channel').inputValue(),
    quality: await page.getByLabel('Quality').inputValue(),
    window: { startUs: hourStartUs, endUs: hourStartUs + US_PER_HOUR },
    ranges: [
      { startUs: hourStartUs + 2 * US_PER_SECOND, endUs: hourStartUs + 4 * US_PER_SECOND, label: 'first' },
      { startUs: hourStartUs + 6 * US_PER_SECOND, endUs: hourStartUs + 8 * US_PER_SECOND, label: 'second' },
    ],
    transitions: [HARD_CUT],
  });
  const file = path.join(scratch, name);
  await writeFile(file, text);
  return file;
}

describe('Project > Open', () => {
  it('loads the chosen file even after a garbage collection while the picker is open', async () => {
    const file = await writeProject('picked.trimdesk.json');
    // The DevTools protocol directly, so the collection runs between the picker opening
    // and the file being chosen (Playwright's own chooser event resolves the input at once).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Page.setInterceptFileChooserDialog', { enabled: true });
    const opened = new Promise<{ backendNodeId?: number }>((resolve) => cdp.once('Page.fileChooserOpened', resolve));
    await page.keyboard.press('Control+Shift+O');
    const { backendNodeId } = await opened;
    expect(typeof backendNodeId).toBe('number');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('DOM.setFileInputFiles', { backendNodeId, files: [file] });
    await expect.poll(() => page.locator('.notice').textContent(), { timeout: 30_000 }).toMatch(/^Opened picked\.trimdesk\.json: 2 ranges/);
    expect(await page.getByLabel('Label of range 2').inputValue()).toBe('second');
    await cdp.detach();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
