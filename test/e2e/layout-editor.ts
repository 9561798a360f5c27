/**
 * What the layout tests (*-layout.test.ts) share: `trimdesk serve` over the demo archive
 * and Chromium for the whole file, the two target window sizes, the page boxes they
 * measure and where their screenshots go (kept for people to look at).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RunningServer } from '../../electron/serve/server';
import { launchChromium, serveDemoArchive } from '../fixtures/served-editor';

export const ARTIFACTS = path.join(process.cwd(), 'test-artifacts', 'e2e');
export const TARGET_SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** A named element's box on the page, in CSS pixels. */
export interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Starts the server and Chromium before the file's tests and stops them after; the getters are for inside tests. */
export function servedEditorForFile(): { server(): RunningServer; browser(): Browser } {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await serveDemoArchive();
    browser = await launchChromium();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the served editor is started in beforeAll');
    return value;
  };
  return { server: () => started(server), browser: () => started(browser) };
}
