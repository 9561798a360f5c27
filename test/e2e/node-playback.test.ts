/**
 * Playback in Chromium from recorder nodes: browser mode over three real `trimdesk serve`
 * nodes (one missing the even segments, one the odd, one complete), each behind a
 * counting proxy. The editor plays a stretch fetched from the nodes through the protocol
 * (the page never talks to a node); the complete node killed mid-playback changes
 * nothing the viewer sees (the other two hold every segment); a second playback of the
 * same stretch, in a fresh browser context, asks no node for any segment (the cache).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/node/archive/sources/open-archive';
import type { DemoManifest } from '../../electron/node/demo/manifest';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { formatInstant, parseInstant } from '../../shared/time';
import { demoArchivePath, loadDemoManifest } from '../fixtures/demo-archive';
import { linkedCopy, removeCopy, serveNode, startProxy, stopChild, type LinkedCopy, type NodeProxy, type ServedNode } from '../fixtures/recorder-nodes';
import { AUTOPLAY_ARG, launchChromium } from '../fixtures/served-editor';

let manifest: DemoManifest;
let copies: LinkedCopy[];
let nodes: ServedNode[];
let proxies: NodeProxy[];
let server: RunningServer;
let browser: Browser;
let cacheDir: string;

beforeAll(async () => {
  const full = demoArchivePath();
  manifest = await loadDemoManifest(full);
  copies = [await linkedCopy(full, (_, index) => index % 2 === 0), await linkedCopy(full, (_, index) => index % 2 === 1)];
  nodes = await Promise.all([...copies.map((copy) => serveNode(copy.root)), serveNode(full)]);
  proxies = await Promise.all(nodes.map((node) => startProxy(node.url)));
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-node-playback-'));
  // The complete node first: it is asked for every segment until it dies.
  const archive = openArchive([proxies[2]!.url, proxies[0]!.url, proxies[1]!.url], { warn: () => undefined, cacheDir });
  server = await startServer({ archive, port: 0, log: () => undefined });
  browser = await launchChromium([AUTOPLAY_ARG]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all((proxies ?? []).map((proxy) => proxy.close()));
  await Promise.all((nodes ?? []).map((node) => node.stop()));
  await Promise.all((copies ?? []).map(removeCopy));
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

async function clockUs(page: Page): Promise<number | undefined> {
  const iso = await page.locator('output.clock').getAttribute('data-instant');
  return iso ? parseInstant(iso) : undefined;
}

async function waitForClock(page: Page, predicate: (instantUs: number) => boolean, what: string): Promise<number> {
  let last: number | undefined;
  for (let attempt = 0; attempt < 300; attempt++) {
    last = await clockUs(page);
    if (last !== undefined && predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`clock never showed ${what}; last ${last === undefined ? 'nothing' : formatInstant(last)}`);
}

/** Opens the editor on the opening run's hour, goes to `fromUs` and plays until the clock passes `toUs`. */
async function play(page: Page, fromUs: number, toUs: number): Promise<void> {
  await page.goto(server.url);
  await page.locator(`.overview [data-hour="${manifest.hours[0]}"]`).click();
  await waitForClock(page, () => true, 'any instant');
  await page.keyboard.press('g');
  await page.getByLabel('Go to time').fill(formatInstant(fromUs));
  await page.keyboard.press('Enter');
  await waitForClock(page, (us) => Math.abs(us - fromUs) < 100_000, `the seek to ${formatInstant(fromUs)}`);
  await page.keyboard.press('Space');
  await waitForClock(page, (us) => us >= toUs, `a time past ${formatInstant(toUs)}`);
  await page.keyboard.press('Space');
  expect(await page.locator('.player-overlay.error').count()).toBe(0);
}

const segmentRequests = (proxy: NodeProxy) => proxy.requests.filter((request) => request.startsWith('/segments/')).length;

describe('playback from recorder nodes', () => {
  it('plays footage fetched from the nodes, and plays on when a node dies mid-playback', { timeout: 90_000 }, async () => {
    const opening = manifest.runs[0]!;
    let asked = 0;
    // Dies once the player has had its first segments from it: the rest must come from the others.
    proxies[2]!.onRequest = (requestPath) => {
      if (requestPath.startsWith('/segments/') && ++asked === 2) void stopChild(nodes[2]!.child);
    };
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await play(page, opening.startUs + 4_000_000, opening.startUs + 20_000_000);
    await page.close();
    expect(segmentRequests(proxies[2]!)).toBeGreaterThan(0);
    // After the complete node died, the others delivered what it no longer could.
    expect(segmentRequests(proxies[0]!) + segmentRequests(proxies[1]!)).toBeGreaterThan(0);
  });

  it('a second playback of the same stretch asks no node for any segment', { timeout: 60_000 }, async () => {
    const opening = manifest.runs[0]!;
    const before = proxies.map(segmentRequests);
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await play(page, opening.startUs + 4_000_000, opening.startUs + 14_000_000);
    expect(proxies.map(segmentRequests)).toEqual(before);
    // Hovering the timeline says which node the footage there is read from.
    const box = (await page.getByTestId('timeline').boundingBox())!;
    await page.mouse.move(box.x + 2 + (box.width * 10) / 3600, box.y + 28);
    await expect.poll(() => page.locator('.thumbnail .source').textContent(), { timeout: 10_000 }).toMatch(/^from http:\/\/127\.0\.0\.1:\d+$/);
    await context.close();
  });
});
