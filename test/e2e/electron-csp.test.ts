/**
 * The desktop window's Content-Security-Policy against the real editor in real
 * Chromium. Electron cannot run here, so the app protocol (createAppProtocol: editor
 * pages with the CSP, archive routes through the playback handler) is put behind a
 * loopback HTTP server, and the built renderer is loaded from it: the editor must open
 * the demo archive and play with zero CSP violations, and an injected inline script
 * must be blocked.
 */
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/node/api/handlers';
import { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { API_PREFIX, MAX_API_BODY_BYTES, apiResponse } from '../../electron/serve/api-route';
import { readBody, sendResponse, toRequest } from '../../electron/serve/node-bridge';
import { createAppProtocol } from '../../electron/main/window/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/node/protocol/page-policy';
import { APP_BASE } from '../../shared/api/preload';
import { demoArchivePath } from '../fixtures/demo-archive';
import { buildPrivateRenderer } from './renderer-build';

let rendererDir: string;
let server: Server;
let url: string;
let browser: Browser;
let page: Page;

/** The app protocol as Electron would call it, reached over HTTP (the page's API calls too). */
async function startAppOverHttp(): Promise<void> {
  const archive = new Archive(demoArchivePath(), { warn: () => undefined });
  const log = () => undefined;
  const appProtocol = createAppProtocol({ media: createProtocolHandler({ archive, log }), rendererDir, log });
  const handlers = createHandlers({ archive: () => archive });
  server = createServer((message, res) => {
    void (async () => {
      const pathname = new URL(message.url ?? '/', APP_BASE).pathname;
      const response = pathname.startsWith(API_PREFIX)
        ? await apiResponse(pathname.slice(API_PREFIX.length), await readBody(message, MAX_API_BODY_BYTES), handlers)
        : await appProtocol(toRequest(message, res, APP_BASE));
      await sendResponse(response, res, log, pathname);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

beforeAll(async () => {
  // A private build: the shared out/renderer may be rebuilt (emptied) by another test file meanwhile.
  rendererDir = await buildPrivateRenderer('csp-test-');
  await startAppOverHttp();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`),
    );
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
});

const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

describe('the window CSP with the real editor', () => {
  it('is sent with the editor page', async () => {
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('lets the editor open the archive and play (hls.js worker, blob: media) with no violation', async () => {
    await page.locator('.overview [data-hour]').first().waitFor();
    await page.locator('.overview [data-hour]').first().click();
    const instant = () => page.locator('output.clock').getAttribute('data-instant');
    await expect.poll(instant, { timeout: 15_000 }).not.toBeNull();
    const first = await instant();
    await page.keyboard.press('Space');
    await expect.poll(instant, { timeout: 15_000 }).not.toBe(first);
    expect(await violations()).toEqual([]);
  });

  it('blocks an injected inline script', async () => {
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.head.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
    });
    expect(ran).toBe(false);
    expect((await violations()).some((line) => line.startsWith('script-src'))).toBe(true);
  });
});
