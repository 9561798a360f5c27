/**
 * The desktop consent gate (electron/main/consent): what a compromised page may not do on
 * its own. The native message box is a recording fake answering as a user would; the
 * settings file, the archive folders and the file an export would overwrite are real,
 * and calls go through dispatch() as IPC does.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsentGate, ffmpegPathDecision, openArchiveDecision, overwriteDecision, type Question } from '../../electron/main/consent/gate';
import { guardedHandlers } from '../../electron/main/consent/guarded-handlers';
import { systemFolderReason } from '../../electron/main/consent/system-folders';
import { dispatch } from '../../electron/node/api/dispatch';
import { Archive } from '../../electron/node/archive/archive';
import { ExportQueue } from '../../electron/node/export/queue';
import { SettingsStore } from '../../electron/node/settings/store';
import type { ApiHandlers } from '../../shared/api';
import { createDesktopBench, type DesktopBench, type DialogPicks } from '../fixtures/desktop-bench';

describe('system folders', () => {
  const linux = { platform: 'linux' as const, home: '/home/ann' };
  it.each([
    ['/', linux, 'it is the root of a drive'],
    ['/home', linux, 'it holds your whole home folder'],
    ['/home/ann', linux, 'it holds your whole home folder'],
    ['/home/ann/', linux, 'it holds your whole home folder'],
    ['/etc', linux, 'it is a system folder'],
    ['/usr/share/doc', linux, 'it is a system folder'],
    ['/proc/self', linux, 'it is a system folder'],
    ['/home/ann/Videos/archive', linux, undefined],
    ['/home/ann/.ssh', linux, 'it is a hidden folder, where programs keep settings and keys'],
    ['/home/ann/.config/trimdesk', linux, 'it is a hidden folder, where programs keep settings and keys'],
    ['/mnt/drive/.trash', linux, 'it is a hidden folder, where programs keep settings and keys'],
    ['/mnt/drive', linux, undefined],
    ['/media/ann/DESERTBUS', linux, undefined],
    ['/etcetera', linux, undefined],
    ['/Users/ann', { platform: 'darwin' as const, home: '/Users/ann' }, 'it holds your whole home folder'],
    ['/system/library', { platform: 'darwin' as const, home: '/Users/ann' }, 'it is a system folder'],
    ['/Volumes/Drive', { platform: 'darwin' as const, home: '/Users/ann' }, undefined],
    ['C:\\', { platform: 'win32' as const, home: 'C:\\Users\\ann' }, 'it is the root of a drive'],
    ['c:\\users', { platform: 'win32' as const, home: 'C:\\Users\\ann' }, 'it holds your whole home folder'],
    ['C:\\WINDOWS\\System32', { platform: 'win32' as const, home: 'C:\\Users\\ann' }, 'it is a system folder'],
    ['D:\\archive', { platform: 'win32' as const, home: 'C:\\Users\\ann' }, undefined],
  ])('%s', (root, facts, reason) => {
    expect(systemFolderReason(root, facts)).toBe(reason);
  });
});

describe('decisions', () => {
  it('asks about a new ffmpeg path only', () => {
    expect(ffmpegPathDecision(null, '/tmp/evil')).toBe('ask');
    expect(ffmpegPathDecision('/usr/bin/ffmpeg', '/tmp/evil')).toBe('ask');
    expect(ffmpegPathDecision('/usr/bin/ffmpeg', '/usr/bin/ffmpeg')).toBe('allow');
    expect(ffmpegPathDecision('/usr/bin/ffmpeg', null)).toBe('allow');
    expect(ffmpegPathDecision('/usr/bin/ffmpeg', undefined)).toBe('allow');
  });

  it('asks about overwriting an existing file the user did not pick', () => {
    expect(overwriteDecision({ overwrite: true, exists: true, picked: false })).toBe('ask');
    expect(overwriteDecision({ overwrite: true, exists: true, picked: true })).toBe('allow');
    expect(overwriteDecision({ overwrite: true, exists: false, picked: false })).toBe('allow');
    expect(overwriteDecision({ overwrite: false, exists: true, picked: false })).toBe('allow');
  });

  it('refuses a system folder the user did not pick', () => {
    expect(openArchiveDecision({ systemReason: 'it is the root of a drive', picked: false })).toBe('refuse');
    expect(openArchiveDecision({ systemReason: 'it is the root of a drive', picked: true })).toBe('allow');
    expect(openArchiveDecision({ systemReason: undefined, picked: false })).toBe('allow');
  });
});

describe('the desktop API behind the gate', () => {
  let bench: DesktopBench;
  let dir: string;
  let archiveRoot: string;
  let store: SettingsStore;
  let handlers: ApiHandlers;
  let gate: ConsentGate;
  const questions: Question[] = [];
  /** What the fake message box answers: 0 the safe button (Cancel), 1 proceed. */
  let answer = 0;
  /** What the fake native dialogs return. */
  const picks: DialogPicks = { folder: null, save: null };

  beforeEach(async () => {
    bench = await createDesktopBench({ prefix: 'trimdesk-consent-', picks, exportQueue: new ExportQueue(), rememberOpened: false });
    ({ dir, archiveRoot, store } = bench);
    questions.length = 0;
    answer = 0;
    // The user's home is inside the drive folder, so the drive itself "holds the home folder".
    const ask = async (question: Question) => {
      questions.push(question);
      return answer;
    };
    gate = new ConsentGate({ ask, folders: { platform: 'linux', home: path.join(archiveRoot, 'ann') }, openedBefore: () => store.recentArchives });
    handlers = guardedHandlers(bench.handlers, gate);
  });
  afterEach(async () => {
    await bench.remove();
  });

  const call = (method: string, input: unknown = {}) => dispatch(handlers, method, input);

  it('updateSettings keeps the ffmpeg path unless the user confirms it natively', async () => {
    expect(await call('updateSettings', { ffmpegPath: '/tmp/evil' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringMatching(/\/tmp\/evil was not confirmed/) },
    });
    expect(questions).toHaveLength(1);
    expect(questions[0]!.detail).toContain('/tmp/evil');
    expect((await SettingsStore.open(path.join(dir, 'userData'))).settings.ffmpegPath).toBeNull();
    answer = 1;
    expect(await call('updateSettings', { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' })).toMatchObject({
      ok: true,
      result: { ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' },
    });
    expect((await SettingsStore.open(path.join(dir, 'userData'))).settings.ffmpegPath).toBe('/opt/ffmpeg/bin/ffmpeg');
    questions.length = 0;
    expect(await call('updateSettings', { timeFormat: 'local' })).toMatchObject({
      ok: true,
      result: { timeFormat: 'local', ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' },
    });
    expect(questions).toEqual([]);
  });

  describe('startExport over an existing file', () => {
    let target: string;
    const exportInput = () => ({
      channel: 'chan',
      quality: 'source',
      ranges: [{ start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:00:10Z' }],
      transitions: [],
      outputPath: target,
      overwrite: true,
    });
    beforeEach(async () => {
      target = path.join(dir, 'notes.txt');
      await writeFile(target, 'precious');
      bench.opened = new Archive(archiveRoot);
    });

    it('is refused unless confirmed natively when the page chose the path', async () => {
      expect(await call('startExport', exportInput())).toMatchObject({
        ok: false,
        error: { kind: 'forbidden', message: expect.stringContaining(`${target} already exists`) },
      });
      expect(questions.map((question) => question.message)).toEqual(['Replace the existing file?']);
      expect(await readFile(target, 'utf8')).toBe('precious');
      expect(await call('listExportJobs')).toEqual({ ok: true, result: [] });
      answer = 1;
      // Confirmed, the request reaches the export itself (which finds no footage in this empty hour).
      expect(await call('startExport', exportInput())).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
    });

    it('needs no question for the file picked in the native save dialog', async () => {
      picks.save = target;
      expect(await call('chooseSavePath', { title: 'Export to', defaultPath: target, extensions: ['ts'] })).toEqual({ ok: true, result: target });
      expect(await call('startExport', exportInput())).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
      expect(questions).toEqual([]);
    });

    it('needs no question without overwrite or for a new file', async () => {
      expect(await call('startExport', { ...exportInput(), overwrite: false })).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
      expect(await call('startExport', { ...exportInput(), outputPath: path.join(dir, 'new.ts') })).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
      expect(questions).toEqual([]);
    });
  });

  it('openArchive from the page refuses / and a folder holding the home folder until picked natively', async () => {
    expect(await call('openArchive', { path: '/' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringMatching(/root of a drive.*File > Open Archive/) },
    });
    expect(await call('openArchive', { path: archiveRoot })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringMatching(/home folder/) },
    });
    expect(bench.opened).toBeUndefined();
    picks.folder = archiveRoot;
    expect(await call('chooseArchive')).toEqual({ ok: true, result: archiveRoot });
    expect(await call('openArchive', { path: archiveRoot })).toEqual({ ok: true, result: { root: archiveRoot, channels: ['chan'] } });
    expect(questions).toEqual([]);
  });

  it('openArchive of a system folder opened before (a recent archive) needs no new pick', async () => {
    const hidden = path.join(dir, '.config', 'demo-archive');
    await mkdir(path.join(hidden, 'chan'), { recursive: true });
    expect(await call('openArchive', { path: hidden })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: expect.stringMatching(/hidden folder/) },
    });
    await store.rememberArchive(hidden);
    expect(await call('openArchive', { path: hidden })).toEqual({ ok: true, result: { root: hidden, channels: ['chan'] } });
  });

  it('a folder "dropped" on the window (a page can fake it with a file: navigation) is confirmed when it is a system folder', async () => {
    expect(await gate.mayOpenDropped('/')).toBe(false);
    expect(questions.map((question) => question.message)).toEqual(['Open / as an archive?']);
    answer = 1;
    expect(await gate.mayOpenDropped('/etc')).toBe(true);
    questions.length = 0;
    expect(await gate.mayOpenDropped(path.join(archiveRoot, 'ann', 'Videos'))).toBe(true);
    expect(questions).toEqual([]);
  });
});
