/**
 * What the desktop app remembers, on a real file system: settings, recent archives and
 * window bounds survive a restart, writes are atomic and ordered, a broken file is set
 * aside instead of stopping the app; and which ffmpeg the app picks.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/api/app';
import { writeFileAtomic } from '../../electron/node/settings/atomic-file';
import { bundledFfmpegDir, chooseFfmpeg } from '../../electron/node/settings/ffmpeg';
import { RECENT_ARCHIVES_LIMIT, SETTINGS_FILE, SettingsStore } from '../../electron/node/settings/store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts with defaults and remembers changes across a restart', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
    await store.updateSettings({ timeFormat: 'bus', eventStart: '2026-11-14T00:00:00.000000Z' });
    await store.rememberArchive('/mnt/a');
    await store.rememberWindow({ x: 10, y: 20, width: 1400, height: 900, maximized: false });
    const reopened = await SettingsStore.open(dir);
    expect(reopened.settings).toEqual({ ...DEFAULT_SETTINGS, timeFormat: 'bus', eventStart: '2026-11-14T00:00:00.000000Z' });
    expect(reopened.recentArchives).toEqual(['/mnt/a']);
    expect(reopened.window).toEqual({ x: 10, y: 20, width: 1400, height: 900, maximized: false });
  });

  it('keeps recent archives newest first, once each, at most the limit', async () => {
    const store = await SettingsStore.open(dir);
    for (let index = 0; index < RECENT_ARCHIVES_LIMIT + 3; index++) await store.rememberArchive(`/mnt/${index}`);
    await store.rememberArchive('/mnt/5');
    expect(store.recentArchives[0]).toBe('/mnt/5');
    expect(store.recentArchives).toHaveLength(RECENT_ARCHIVES_LIMIT);
    expect(new Set(store.recentArchives).size).toBe(RECENT_ARCHIVES_LIMIT);
  });

  it('refuses invalid settings and keeps the saved ones', async () => {
    const store = await SettingsStore.open(dir);
    await expect(store.updateSettings({ timeFormat: 'martian' as 'utc' })).rejects.toThrow();
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('writes many quick changes in order: the file ends with the last, and no temporary files remain', async () => {
    const store = await SettingsStore.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, index) => store.rememberArchive(`/mnt/${index}`)));
    await store.flushed();
    const saved = JSON.parse(await readFile(path.join(dir, SETTINGS_FILE), 'utf8')) as { recentArchives: string[] };
    expect(saved.recentArchives[0]).toBe('/mnt/19');
    expect(await readdir(dir)).toEqual([SETTINGS_FILE]);
  });

  it('sets a broken file aside and starts with defaults', async () => {
    await writeFile(path.join(dir, SETTINGS_FILE), '{"version": 1, "settings": {"timeFormat": ');
    const warnings: string[] = [];
    const store = await SettingsStore.open(dir, (message) => warnings.push(message));
    expect(store.settings).toEqual(DEFAULT_SETTINGS);
    expect(warnings[0]).toMatch(/settings\.json\.bad/);
    expect(await readFile(path.join(dir, `${SETTINGS_FILE}.bad`), 'utf8')).toContain('"timeFormat": ');
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole file', async () => {
    const target = path.join(dir, 'x.json');
    await writeFileAtomic(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('leaves nothing behind when the folder is gone', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'x.json'), 'text')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('chooseFfmpeg', () => {
  async function fakeProgram(folder: string, name: string): Promise<string> {
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, name);
    await writeFile(file, '#!/bin/sh\n');
    await chmod(file, 0o755);
    return file;
  }
  const search = { configuredPath: null, env: {}, resourcesPath: undefined, platform: 'linux' as const };

  it('uses the configured path first, with ffprobe beside it', async () => {
    const choice = await chooseFfmpeg({ ...search, configuredPath: '/opt/ff/ffmpeg', env: { PATH: '/usr/bin' } });
    expect(choice).toEqual({ ffmpegPath: '/opt/ff/ffmpeg', ffprobePath: '/opt/ff/ffprobe', source: 'settings' });
  });

  it('then FFMPEG_PATH, then PATH', async () => {
    const onPath = path.join(dir, 'bin');
    const ffmpeg = await fakeProgram(onPath, 'ffmpeg');
    const ffprobe = await fakeProgram(onPath, 'ffprobe');
    expect(await chooseFfmpeg({ ...search, env: { FFMPEG_PATH: '/x/ffmpeg', PATH: onPath } })).toMatchObject({
      ffmpegPath: '/x/ffmpeg',
      source: 'environment',
    });
    expect(await chooseFfmpeg({ ...search, env: { PATH: onPath } })).toEqual({ ffmpegPath: ffmpeg, ffprobePath: ffprobe, source: 'path' });
  });

  it('then the copy bundled under resources/ffmpeg/<platform>', async () => {
    const resources = path.join(dir, 'resources');
    const bundled = await fakeProgram(bundledFfmpegDir(resources, 'linux'), 'ffmpeg');
    const choice = await chooseFfmpeg({ ...search, env: { PATH: path.join(dir, 'empty') }, resourcesPath: resources });
    expect(choice).toEqual({ ffmpegPath: bundled, ffprobePath: path.join(path.dirname(bundled), 'ffprobe'), source: 'bundled' });
    expect(bundled).toBe(path.join(resources, 'ffmpeg', 'linux', 'ffmpeg'));
  });

  it('finds none when there is none', async () => {
    expect(await chooseFfmpeg({ ...search, env: { PATH: path.join(dir, 'empty') }, resourcesPath: path.join(dir, 'resources') })).toBeUndefined();
  });
});
