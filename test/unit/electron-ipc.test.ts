/**
 * One table, four bindings: the ipcMain handlers, the preload object, the browser-mode
 * HTTP routes and the renderer client must each have every method of shared/api, and
 * nothing else. Then the IPC path end to end in-process (preload object -> channel ->
 * registered handler -> dispatch): trusted calls work, bad input is refused by the
 * schema, and frames other than the app's own page get nothing.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerApiHandlers, type IpcMainLike } from '../../electron/main/ipc';
import { apiInvokers, preloadObject } from '../../electron/preload/ipc-preload';
import { createHandlers } from '../../electron/node/api/handlers';
import { Archive } from '../../electron/node/archive/archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { apiMethods } from '../../shared/api';
import { ipcChannel, type ApiReply } from '../../shared/api/contract';

type Listener = (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>;

/** ipcMain and ipcRenderer joined in one process; `frame` is who the calls claim to come from. */
function ipcPair(frame: { url: string; parent: unknown } | null) {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void registered.set(channel, listener),
    removeHandler: (channel) => void registered.delete(channel),
  };
  const ipcRenderer = {
    invoke: async (channel: string, input: unknown) => {
      const listener = registered.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener({ senderFrame: frame } as unknown as IpcMainInvokeEvent, input);
    },
    on: () => undefined,
    removeListener: () => undefined,
  };
  return { registered, ipcMain, ipcRenderer };
}

let root: string;
let archive: Archive;
let server: RunningServer;
const refusals: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-ipc-'));
  await mkdir(path.join(root, 'chan', 'source', '2026-11-14T03'), { recursive: true });
  archive = new Archive(root);
  server = await startServer({ archive, port: 0, log: () => undefined });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const handlers = () => createHandlers({ archive: () => archive });

describe('every binding has every method of the table', () => {
  const expected = [...apiMethods].sort();

  it('main process handlers', () => {
    expect(Object.keys(handlers()).sort()).toEqual(expected);
  });

  it('ipcMain channels', () => {
    const { registered, ipcMain } = ipcPair(null);
    registerApiHandlers(ipcMain, handlers(), () => undefined);
    expect([...registered.keys()].sort()).toEqual(expected.map(ipcChannel).sort());
  });

  it('preload invokers', () => {
    expect(Object.keys(apiInvokers(async () => undefined)).sort()).toEqual(expected);
  });

  it('HTTP routes of browser mode', async () => {
    const missing: string[] = [];
    for (const method of apiMethods) {
      const response = await fetch(new URL(`api/${method}`, server.url), { method: 'POST', body: '{}' });
      const reply = (await response.json()) as ApiReply<unknown>;
      if (response.status === 404 || (!reply.ok && reply.error.kind === 'unknown-method')) missing.push(method);
    }
    expect(missing).toEqual([]);
    expect((await fetch(new URL('api/noSuchMethod', server.url), { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('the renderer client', async () => {
    // The bridge reads the page location when no preload is present (browser mode).
    vi.stubGlobal('window', { location: { origin: 'http://127.0.0.1' } });
    const { client } = await import('../../renderer/bridge/bridge');
    vi.unstubAllGlobals();
    expect(Object.keys(client).sort()).toEqual(expected);
  });
});

describe('IPC calls', () => {
  function preloadFor(frame: { url: string; parent: unknown } | null) {
    const { ipcMain, ipcRenderer } = ipcPair(frame);
    registerApiHandlers(ipcMain, handlers(), (message) => refusals.push(message));
    return preloadObject(ipcRenderer);
  }

  it('reach the handler from the app page', async () => {
    const preload = preloadFor({ url: 'archive://local/', parent: null });
    expect(await preload.call('archiveInfo', {})).toEqual({ ok: true, result: { root: archive.root, channels: ['chan'] } });
    expect(await preload.call('listQualities', { channel: 'chan' })).toEqual({ ok: true, result: ['source'] });
  });

  it('are validated against the schema before the handler runs', async () => {
    const preload = preloadFor({ url: 'archive://local/', parent: null });
    const reply = await preload.call('listQualities', { channel: 42 });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-input' } });
  });

  it('refuse names outside the table in the preload, without reaching the main process', async () => {
    const preload = preloadFor({ url: 'archive://local/', parent: null });
    expect(await preload.call('__proto__', {})).toMatchObject({ ok: false, error: { kind: 'unknown-method' } });
    expect(await preload.call('constructor', {})).toMatchObject({ ok: false, error: { kind: 'unknown-method' } });
  });

  it.each([
    ['an iframe', { url: 'archive://local/', parent: {} }],
    ['another site', { url: 'https://evil.example/', parent: null }],
    ['a closed frame', null],
  ])('from %s are refused and logged', async (_name, frame) => {
    refusals.length = 0;
    const preload = preloadFor(frame);
    expect(await preload.call('archiveInfo', {})).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    expect(refusals).toHaveLength(1);
  });

  it('desktop shorthands go through the table (browser-mode answers here)', async () => {
    const preload = preloadFor({ url: 'archive://local/', parent: null });
    expect(await preload.chooseArchive()).toBeNull();
    await expect(preload.revealPath('/tmp/x')).rejects.toThrow(/desktop app/);
  });
});
