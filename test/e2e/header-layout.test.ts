/**
 * The header at the two target window sizes (1280x720, 1920x1080) in real Chromium over
 * the served demo archive: the archive label names the open archive by its folder (the
 * full path in its tooltip) without being cut, and every control fits the header's width
 * without overlapping its neighbour. Screenshots are kept for people to look at.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/node/archive/sources/open-archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { demoArchivePath } from '../fixtures/demo-archive';
import { launchChromium } from '../fixtures/served-editor';

const ARTIFACTS = path.join(process.cwd(), 'test-artifacts', 'e2e');
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

let server: RunningServer;
let browser: Browser;
let cacheDir: string;

/** A loopback address nothing listens on any more: a recorder node that is down. */
async function deadNodeUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/`;
}

beforeAll(async () => {
  // The widest header there is: the drive's long folder path and "2 sources (1 unreachable)".
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-header-'));
  const archive = openArchive([demoArchivePath(), await deadNodeUrl()], { cacheDir, warn: () => undefined, nodeTimeoutMs: 1000 });
  server = await startServer({ archive, port: 0, log: () => undefined });
  browser = await launchChromium();
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

interface HeaderBox {
  name: string;
  left: number;
  right: number;
  /** Content wider than the box (text cut with an ellipsis, or a squeezed control). */
  clipped: boolean;
}

/** The header's visible children, left to right, and the header's own width. */
async function headerLayout(page: Page): Promise<{ widthPx: number; overflowPx: number; boxes: HeaderBox[] }> {
  return page.locator('header.header').evaluate((header) => {
    const boxes = [...header.children]
      .filter((child) => !child.classList.contains('spacer') && child.getClientRects().length > 0)
      .map((child) => {
        const rect = child.getBoundingClientRect();
        const name = child.getAttribute('title') ?? child.textContent ?? child.tagName;
        return { name: name.slice(0, 40), left: rect.left, right: rect.right, clipped: child.scrollWidth > child.clientWidth + 1 };
      });
    return { widthPx: header.clientWidth, overflowPx: header.scrollWidth - header.clientWidth, boxes };
  });
}

describe('the header at the target window sizes', () => {
  it('names the archive folder in full and fits every control at 1280x720 and 1920x1080', { timeout: 60_000 }, async () => {
    const root = demoArchivePath();
    const page = await browser.newPage({ viewport: SIZES[0] });
    await page.goto(server.url);
    await page.locator('.overview [data-hour]').first().waitFor();
    await page.getByRole('button', { name: '2 sources (1 unreachable)' }).waitFor({ timeout: 20_000 });
    const label = page.locator('header .archive-root');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(ARTIFACTS, `header-${size.width}x${size.height}.png`) });
      const layout = await headerLayout(page);
      const where = `${size.width}x${size.height}`;
      expect(layout.overflowPx, `${where}: header wider than the window`).toBeLessThanOrEqual(0);
      for (const box of layout.boxes) {
        expect(box.clipped, `${where}: "${box.name}" is cut`).toBe(false);
        expect(box.right, `${where}: "${box.name}" past the header's edge`).toBeLessThanOrEqual(layout.widthPx + 1);
      }
      for (const [index, after] of layout.boxes.entries()) {
        const before = layout.boxes[index - 1];
        if (before === undefined) continue;
        expect(after.left, `${where}: "${after.name}" overlaps "${before.name}"`).toBeGreaterThanOrEqual(before.right);
      }
      expect((await label.textContent())?.trim(), where).toBe(path.basename(root));
      expect(await label.getAttribute('title'), where).toBe(server.archive().root);
    }
    await page.close();
  });
});
