/**
 * Adding a recorder node to the served archive from the editor (the Sources dialog, as
 * File > Add source… opens it): browser mode over a copy of the demo archive that misses
 * every other 360p segment, and the full demo archive served by a real `trimdesk serve`
 * node. Addresses browser mode must refuse (not http(s), a folder) are refused with words
 * saying why; the node's address fills the holes (the overview counts the drive's own
 * holes only); when the node dies the header and the dialog say since when.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveHandlers } from '../../electron/node/api/archive-handlers';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { demoArchivePath } from '../fixtures/demo-archive';
import { linkedCopy, removeCopy, serveNode, stopChild, type LinkedCopy, type ServedNode } from '../fixtures/recorder-nodes';
import { launchChromium } from '../fixtures/served-editor';

/** Screenshots for people to look at after a run. */
const ARTIFACTS = path.join(process.cwd(), 'test-artifacts', 'e2e');
const CHANNEL = 'desertbus';
/** The quality the editor opens on (the lightest). */
const QUALITY = '360p';

let copy: LinkedCopy;
let node: ServedNode;
let server: RunningServer;
let browser: Browser;
let cacheDir: string;
/** Holes per hour on the full drive: what the overview must count once the node is added. */
let driveHoles: Map<string, number>;

beforeAll(async () => {
  const full = demoArchivePath();
  copy = await linkedCopy(full, (relativePath, index) => relativePath.startsWith(`${CHANNEL}/${QUALITY}/`) && index % 2 === 0);
  node = await serveNode(full);
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-node-sources-'));
  const coverage = await archiveHandlers(() => new Archive(full, { warn: () => undefined })).coverage({ channel: CHANNEL, quality: QUALITY });
  driveHoles = new Map(coverage.map((hour) => [hour.hour, hour.holes.count]));
  const archive = new Archive(copy.root, { warn: () => undefined });
  server = await startServer({ archive, port: 0, log: () => undefined, sourceOptions: { cacheDir, warn: () => undefined, nodeRetryMs: 500 } });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await node?.stop();
  if (copy) await removeCopy(copy);
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

/** The hole counts the overview shows, by hour. */
async function overviewHoles(page: Page): Promise<Map<string, number>> {
  const cells = await page
    .locator('.overview [data-hour]')
    .evaluateAll((buttons) => buttons.map((button) => [button.getAttribute('data-hour')!, button.textContent ?? ''] as const));
  return new Map(cells.map(([hour, text]) => [hour, Number(text || 0)]));
}

async function addSource(page: Page, address: string): Promise<void> {
  await page.getByLabel('Node address').fill(address);
  await page.getByRole('button', { name: 'Add source' }).click();
}

describe('adding a recorder node in browser mode', () => {
  it('refuses what browser mode may not add, adds the node, and shows it unreachable once it dies', { timeout: 90_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(server.url);
    await expect.poll(async () => (await overviewHoles(page)).size, { timeout: 15_000 }).toBe(driveHoles.size);
    const before = await overviewHoles(page);
    for (const [hour, holes] of driveHoles) expect(before.get(hour)!, hour).toBeGreaterThan(holes);

    await page.getByRole('button', { name: 'Sources', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sources' });
    await expect.poll(() => dialog.locator('.source-list li').allTextContents()).toEqual([`Folder${copy.root}`]);

    await addSource(page, 'ftp://recorder-1/');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/Cannot use node ftp:\/\/recorder-1\/: ftp is not http or https/);
    await addSource(page, os.tmpdir());
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/adds only recorder nodes \(http:\/\/ or https:\/\/ addresses\), not folders/);

    await addSource(page, node.url);
    const nodeLabel = node.url.replace(/\/$/, '');
    await expect
      .poll(() => dialog.locator('.source-list li').allTextContents(), { timeout: 15_000 })
      .toEqual([`Folder${copy.root}`, `Node${nodeLabel}answers`]);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => overviewHoles(page), { timeout: 15_000 }).toEqual(driveHoles);
    await expect.poll(() => page.getByRole('button', { name: '2 sources' }).count()).toBe(1);

    // Dead: the first segment the player wants that only the node holds finds out.
    await stopChild(node.child);
    await page.locator('.overview [data-hour]').first().click();
    const unreachable = page.getByRole('button', { name: '2 sources (1 unreachable)' });
    await expect.poll(() => unreachable.count(), { timeout: 30_000 }).toBe(1);
    await unreachable.click();
    await expect
      .poll(() => page.getByRole('dialog', { name: 'Sources' }).locator('.source-list li.unreachable').textContent())
      .toMatch(new RegExp(`^Node${nodeLabel.replace(/[.]/g, '\\.')}node ${nodeLabel.replace(/[.]/g, '\\.')} unreachable since \\d\\d:\\d\\d UTC`));
    // For a person to look at after a run, at both target sizes.
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-unreachable-1280x720.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'sources-unreachable-1920x1080.png') });
    await page.close();
  });
});
