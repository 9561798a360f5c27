/**
 * The app methods of shared/api as the desktop app answers them (native dialogs stood in
 * by functions returning what a user would pick; files, folders and settings are real)
 * and as browser mode answers them. Calls go through dispatch(), as IPC and HTTP do.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRIMDESK_VERSION } from '../../electron/node/api/app-handlers';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import { Archive } from '../../electron/node/archive/archive';
import { SettingsStore } from '../../electron/node/settings/store';
import { startServer } from '../../electron/serve/server';
import type { ApiHandlers } from '../../shared/api';
import { createDesktopBench, type DesktopBench, type DialogPicks } from '../fixtures/desktop-bench';

let bench: DesktopBench;
let dir: string;
let archiveRoot: string;
/** What the stand-in dialogs answer next (null: the user cancelled). */
const picks: DialogPicks = { folder: null, save: null };
let desktop: ApiHandlers;

beforeEach(async () => {
  bench = await createDesktopBench({ prefix: 'trimdesk-app-api-', picks, rememberOpened: true });
  ({ dir, archiveRoot, handlers: desktop } = bench);
});
afterEach(async () => {
  await bench.remove();
});

const call = (handlers: ApiHandlers, method: string, input: unknown = {}) => dispatch(handlers, method, input);

describe('desktop', () => {
  it('reports the versions of Trimdesk, Electron and the ffmpeg in use', async () => {
    const reply = await call(desktop, 'appInfo');
    expect(reply).toMatchObject({
      ok: true,
      result: { version: TRIMDESK_VERSION, mode: 'desktop', electron: '45.5.0', ffmpeg: { source: 'path', problem: null } },
    });
    const features = (reply as { result: { ffmpeg: { features: { name: string; available: boolean }[] } } }).result.ffmpeg.features;
    expect(features.find((feature) => feature.name === 'libx264')?.available).toBe(true);
  });

  it('opens the folder chosen in the dialog and remembers it', async () => {
    picks.folder = archiveRoot;
    expect(await call(desktop, 'chooseArchive')).toEqual({ ok: true, result: archiveRoot });
    expect(await call(desktop, 'archiveInfo')).toEqual({ ok: true, result: { root: archiveRoot, channels: ['chan'] } });
    expect(await call(desktop, 'recentArchives')).toEqual({ ok: true, result: [archiveRoot] });
    picks.folder = null;
    expect(await call(desktop, 'chooseArchive')).toEqual({ ok: true, result: null });
  });

  it('says which folder is missing when an archive cannot be opened', async () => {
    const missing = path.join(dir, 'unplugged');
    expect(await call(desktop, 'openArchive', { path: missing })).toMatchObject({ ok: false, error: { kind: 'archive-missing', details: { root: missing } } });
  });

  it('opens a recorder node by its address, and says which node does not answer', async () => {
    const node = await startServer({ archive: new Archive(archiveRoot, { warn: () => undefined }), log: () => undefined });
    try {
      expect(await call(desktop, 'openArchive', { path: node.url })).toEqual({ ok: true, result: { root: node.url.replace(/\/$/, ''), channels: ['chan'] } });
    } finally {
      await node.close();
    }
    const reply = await call(desktop, 'openArchive', { path: node.url });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'node-unreachable', details: { node: node.url.replace(/\/$/, '') } } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/unreachable since \d\d:\d\d UTC \((ECONNREFUSED|the connection broke off)\)$/);
    expect(await call(desktop, 'openArchive', { path: 'ftp://127.0.0.1/' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  });

  it('adds a node to the open archive as one more source, and tells which node is down', async () => {
    const node = await startServer({ archive: new Archive(archiveRoot, { warn: () => undefined }), log: () => undefined });
    await node.close();
    expect(await call(desktop, 'openArchive', { path: archiveRoot })).toMatchObject({ ok: true });
    const reply = await call(desktop, 'openArchive', { path: node.url, add: true });
    expect(reply).toMatchObject({ ok: true, result: { root: `${archiveRoot} + ${node.url.replace(/\/$/, '')}`, channels: ['chan'] } });
    expect((reply as { result: { notices: string[] } }).result.notices).toEqual([
      expect.stringMatching(/^node http:\/\/127\.0\.0\.1:\d+ unreachable since \d\d:\d\d UTC/),
    ]);
  });

  it('saves settings for the next start', async () => {
    expect(await call(desktop, 'updateSettings', { timeFormat: 'local', timeZone: 'Europe/Berlin' })).toMatchObject({
      ok: true,
      result: { timeFormat: 'local' },
    });
    expect((await SettingsStore.open(path.join(dir, 'userData'))).settings.timeZone).toBe('Europe/Berlin');
    expect(await call(desktop, 'updateSettings', { timeFormat: 'sundial' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  });

  it('refuses a time zone or event start the editor could not use, and keeps the saved ones', async () => {
    // Both were stored as given: the editor then threw "Invalid time zone specified" and showed nothing.
    await call(desktop, 'updateSettings', { timeZone: 'Europe/Berlin', eventStart: null });
    for (const changes of [{ timeZone: 'Mars/Olympus' }, { timeZone: '+01:00' }, { eventStart: 'next tuesday' }, { eventStart: '2026-02-30T00:00:00Z' }]) {
      const reply = await call(desktop, 'updateSettings', changes);
      expect(reply, JSON.stringify(changes)).toMatchObject({
        ok: false,
        error: { kind: 'bad-input', message: expect.stringMatching(/^updateSettings: (timeZone: must be an IANA time zone|eventStart: \S)/) },
      });
    }
    expect((await SettingsStore.open(path.join(dir, 'userData'))).settings).toMatchObject({ timeZone: 'Europe/Berlin', eventStart: null });
  });
});

describe('browser mode', () => {
  const browser = () => createHandlers({ archive: () => new Archive(archiveRoot) });

  it('refuses an unknown time zone and an event start that is no instant', async () => {
    const handlers = browser();
    expect(await call(handlers, 'updateSettings', { timeZone: 'Mars/Olympus' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(await call(handlers, 'updateSettings', { eventStart: 'garbage' })).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
    expect(await call(handlers, 'updateSettings', { timeZone: 'America/New_York', eventStart: '2026-11-14T00:00:00Z' })).toMatchObject({ ok: true });
    expect(await call(handlers, 'getSettings')).toMatchObject({ ok: true, result: { timeZone: 'America/New_York', eventStart: '2026-11-14T00:00:00Z' } });
  });

  it('opens only the served archive', async () => {
    expect(await call(browser(), 'openArchive', { path: archiveRoot })).toEqual({ ok: true, result: { root: archiveRoot, channels: ['chan'] } });
    expect(await call(browser(), 'openArchive', { path: dir })).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });

  it('has no dialogs: choosing answers "cancelled", the file manager is refused', async () => {
    expect(await call(browser(), 'chooseArchive')).toEqual({ ok: true, result: null });
    expect(await call(browser(), 'appInfo')).toMatchObject({ ok: true, result: { mode: 'browser', electron: null } });
    expect(await call(browser(), 'revealPath', { path: '/tmp' })).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });
});
