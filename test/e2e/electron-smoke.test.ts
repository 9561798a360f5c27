/**
 * The desktop app itself, through Playwright's Electron driver: launch on the demo
 * archive, see the coverage, play, mark a range, start an export through the preload
 * API, then quit while it runs and choose "Cancel exports and quit": the app exits and
 * leaves neither output nor temporary file.
 *
 * It needs the Electron binary. Where it is absent (an offline install: the electron
 * package is there for its types, its binary download failed) the suite is reported as
 * SKIPPED with the reason; it never counts as passed without running.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUIT_BUTTONS } from '../../electron/main/quit-dialog';
import { installedElectron } from '../../scripts/electron-binary.js';
import { demoArchivePath } from '../fixtures/demo-archive';

const repo = path.resolve(import.meta.dirname, '../..');
const electronPath: string | undefined = installedElectron();
const SKIP_REASON =
  'the Electron binary is not installed (node_modules/electron has no downloaded dist/; install it with `npx install-electron` where the network allows)';

if (!electronPath) console.warn(`SKIPPED test/e2e/electron-smoke.test.ts: ${SKIP_REASON}`);

describe.skipIf(!electronPath)('the desktop app (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;
  let destination: string;
  let appDir: string;

  beforeAll(async () => {
    // A private build under out/ (node_modules stays reachable): the shared out/renderer
    // may be rebuilt by another test file meanwhile. Its package.json makes it the app.
    await mkdir(path.join(repo, 'out'), { recursive: true });
    appDir = await mkdtemp(path.join(repo, 'out', 'electron-smoke-'));
    execFileSync(path.join(repo, 'node_modules/.bin/electron-vite'), ['build', '--outDir', appDir, '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
    await writeFile(path.join(appDir, 'package.json'), JSON.stringify({ name: 'trimdesk', type: 'module', main: 'main/main.js' }));
    destination = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-electron-smoke-'));
    const userData = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-electron-userdata-'));
    // Root (CI containers) cannot use Chromium's sandbox; the page sandbox flag stays on.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    app = await _electron.launch({
      executablePath: electronPath!,
      args: [...rootArgs, `--user-data-dir=${userData}`, appDir, demoArchivePath()],
      cwd: repo,
    });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    if (destination) await rm(destination, { recursive: true, force: true });
    if (appDir) await rm(appDir, { recursive: true, force: true });
  });

  it('opens the demo archive given on the command line and shows its coverage', async () => {
    await page.locator('.overview [data-hour]').first().waitFor();
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => location.href)).toBe('archive://local/');
  });

  it('plays an hour: the clock advances', async () => {
    await page.locator('.overview [data-hour]').first().click();
    const instant = () => page.locator('output.clock').getAttribute('data-instant');
    await expect.poll(instant).not.toBeNull();
    const first = await instant();
    await page.keyboard.press('Space');
    await expect.poll(instant, { timeout: 15_000 }).not.toBe(first);
    await page.keyboard.press('Space');
  });

  it('marks a range with the keyboard', async () => {
    await page.keyboard.press('i');
    await page.keyboard.press('l');
    await page.keyboard.press('o');
    await expect.poll(() => page.locator('.range-card').count()).toBe(1);
  });

  it('quits while an export runs, after the user chooses to cancel it: no output, no temporary file', async () => {
    const outputPath = path.join(destination, 'clip.webm');
    const reply = await page.evaluate(
      (outputPath) =>
        (window as unknown as { trimdesk: { call(method: string, input: unknown): Promise<{ ok: boolean }> } }).trimdesk.call('startExport', {
          channel: 'desertbus',
          quality: 'source',
          ranges: [{ start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:01:00Z' }],
          transitions: [],
          cutType: 'full',
          format: 'webm',
          allowHoles: true,
          outputPath,
        }),
      outputPath,
    );
    expect(reply.ok).toBe(true);
    const cancelIndex = QUIT_BUTTONS.findIndex((button) => button.choice === 'cancel');
    // The native question cannot be clicked by a driver: answer it in the main process.
    await app.evaluate(({ dialog }, response) => {
      dialog.showMessageBox = (async () => ({ response, checkboxChecked: false })) as typeof dialog.showMessageBox;
    }, cancelIndex);
    const exited = new Promise<number | null>((resolve) => app.process().once('exit', (code) => resolve(code)));
    await app.evaluate(({ app: electronApp }) => electronApp.quit());
    expect(await exited).toBe(0);
    expect(await readdir(destination)).toEqual([]);
  });
});
