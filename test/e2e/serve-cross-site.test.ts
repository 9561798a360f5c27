/**
 * Browser mode against pages of another site, in real Chromium. A second loopback
 * server (127.0.0.2, another site) serves a page that tries what any web page could:
 * an <img> of /frame (its onload/onerror would tell whether footage exists), a no-cors
 * GET of /cut (a full server-side encode) and a simple POST to /api; every one must be
 * refused, seen in the real responses Chromium got. The editor served by Trimdesk itself
 * must still work, on loopback and with the access token (cookie set by the served page).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { buildPrivateRenderer } from './renderer-build';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

let rendererDir: string;
let trimdesk: RunningServer;
let foreign: Server;
let foreignUrl: string;
let browser: Browser;
let frameUrl: string;
let cutUrl: string;

/** The attacker's page: plain HTML on another site, no CSP, free to run inline script. */
function foreignPage(): string {
  return `<!doctype html><title>elsewhere</title><script>
    window.results = {};
    const img = new Image();
    img.onload = () => (window.results.img = 'loaded');
    img.onerror = () => (window.results.img = 'error');
    img.src = ${JSON.stringify(frameUrl)};
    fetch(${JSON.stringify(cutUrl)}, { mode: 'no-cors' }).then(() => (window.results.cut = 'sent'), () => (window.results.cut = 'failed'));
    fetch(${JSON.stringify(`${trimdesk.url}api/listExportJobs`)}, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
      .then(() => (window.results.api = 'sent'), () => (window.results.api = 'failed'));
  </script>`;
}

beforeAll(async () => {
  rendererDir = await buildPrivateRenderer('cross-site-test-');
  const manifest = await loadDemoManifest();
  const archive = new Archive(demoArchivePath(), { warn: () => undefined });
  trimdesk = await startServer({ archive, rendererDir, log: () => undefined });
  const quality = manifest.qualities[0]!.name;
  const startUs = manifest.startUs + 1_000_000;
  frameUrl = `${trimdesk.url}frame/${manifest.channel}/${quality}.png?timestamp=${formatInstant(startUs)}`;
  cutUrl = `${trimdesk.url}cut/${manifest.channel}/${quality}.ts?start=${formatInstant(startUs)}&end=${formatInstant(startUs + 4_000_000)}&type=full`;
  foreign = createServer((_message, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(foreignPage()));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.2', resolve));
  foreignUrl = `http://127.0.0.2:${(foreign.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => foreign?.close(resolve));
  await trimdesk?.close();
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
});

/** Every response Chromium received from the Trimdesk server, by path. */
function trimdeskStatuses(page: Page): Map<string, number> {
  const statuses = new Map<string, number>();
  page.on('response', (response) => {
    if (response.url().startsWith(trimdesk.url)) statuses.set(new URL(response.url()).pathname, response.status());
  });
  return statuses;
}

describe('a page of another site', () => {
  it('cannot load a frame, start a cut or call the API', async () => {
    const page = await browser.newPage();
    const statuses = trimdeskStatuses(page);
    await page.goto(foreignUrl);
    await expect.poll(() => page.evaluate(() => Object.keys((window as unknown as { results: object }).results).length), { timeout: 15_000 }).toBe(3);
    const results = await page.evaluate(() => (window as unknown as { results: Record<string, string> }).results);
    expect(results.img).toBe('error');
    await expect.poll(() => statuses.size, { timeout: 5_000 }).toBe(3);
    expect([...statuses.values()]).toEqual([403, 403, 403]);
    await page.close();
  });
});

async function openEditorAndPlay(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.overview [data-hour]').first().waitFor({ timeout: 20_000 });
  await page.locator('.overview [data-hour]').first().click();
  const instant = () => page.locator('output.clock').getAttribute('data-instant');
  await expect.poll(instant, { timeout: 20_000 }).not.toBeNull();
}

describe('the editor served by Trimdesk', () => {
  it('still works same-origin, with no refusal and no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const violations: string[] = [];
    page.on('console', (message) => message.text().includes('Content Security Policy') && violations.push(message.text()));
    const statuses = trimdeskStatuses(page);
    await openEditorAndPlay(page, trimdesk.url);
    expect([...statuses.entries()].filter(([, status]) => status === 401 || status === 403)).toEqual([]);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('works with the access token: the URL printed at start sets the cookie', async () => {
    const guarded = await startServer({
      archive: new Archive(demoArchivePath(), { warn: () => undefined }),
      rendererDir,
      requireToken: true,
      log: () => undefined,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    try {
      const statuses = trimdeskStatuses(page);
      await openEditorAndPlay(page, guarded.openUrl);
      expect(page.url()).toBe(guarded.url);
      expect([...statuses.entries()].filter(([, status]) => status === 401 || status === 403)).toEqual([]);
      const frame = await page.evaluate((url) => fetch(url).then((response) => response.status), frameUrl.replace(trimdesk.url, guarded.url));
      expect(frame).toBe(200);
    } finally {
      await page.close();
      await guarded.close();
    }
  });
});
