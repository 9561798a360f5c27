/**
 * Saves from the page (project, ranges CSV, chapters) are blob downloads: the desktop app
 * turns each into a native save dialog with the suggested name, in the last folder used.
 * The decision is pure; askWhereToSave runs it for each download of a session.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { askWhereToSave, downloadDialog, type DownloadDialog, type DownloadingSession, type SavableDownload } from '../../electron/main/window/download';

describe('download save dialog', () => {
  it('starts in the default folder with the suggested name until something was saved', () => {
    expect(downloadDialog('desertbus-2026-11-14T03.trimdesk.json', undefined, '/home/ed/Documents')).toEqual({
      title: 'Save desertbus-2026-11-14T03.trimdesk.json',
      defaultPath: '/home/ed/Documents/desertbus-2026-11-14T03.trimdesk.json',
      filters: [
        { name: 'JSON (.json)', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
  });

  it('starts in the folder the previous save went to', () => {
    expect(downloadDialog('desertbus-edit.csv', '/media/drive/edits', '/home/ed/Documents').defaultPath).toBe('/media/drive/edits/desertbus-edit.csv');
  });

  it('never lets the suggested name choose the folder', () => {
    expect(downloadDialog('../../etc/passwd', undefined, '/home/ed/Documents').defaultPath).toBe('/home/ed/Documents/passwd');
    expect(downloadDialog('..\\chapters.TXT', undefined, '/home/ed/Documents').defaultPath).toBe('/home/ed/Documents/chapters.TXT');
    expect(downloadDialog('', undefined, '/home/ed/Documents').defaultPath).toBe('/home/ed/Documents/trimdesk-file');
    expect(downloadDialog('a/..', undefined, '/home/ed/Documents').defaultPath).toBe('/home/ed/Documents/trimdesk-file');
  });

  it('filters on the extension, whatever its case, and offers all files', () => {
    expect(downloadDialog('chapters.TXT', undefined, '/d').filters[0]).toEqual({ name: 'TXT (.txt)', extensions: ['txt'] });
    expect(downloadDialog('notes', undefined, '/d').filters).toEqual([{ name: 'All files', extensions: ['*'] }]);
  });

  it('asks for every download of the session, starting where the last completed save went', () => {
    const session = new RecordingSession();
    askWhereToSave(session, '/home/ed/Documents');
    const first = session.download('desertbus.trimdesk.json');
    expect(first.dialog?.defaultPath).toBe('/home/ed/Documents/desertbus.trimdesk.json');
    first.finish('completed', '/media/drive/edits/desertbus.trimdesk.json');
    expect(session.download('ranges.csv').dialog?.defaultPath).toBe('/media/drive/edits/ranges.csv');
  });

  it('keeps the folder of the last completed save when a save is cancelled or interrupted', () => {
    const session = new RecordingSession();
    askWhereToSave(session, '/home/ed/Documents');
    session.download('a.csv').finish('completed', '/media/drive/a.csv');
    session.download('b.csv').finish('cancelled', '');
    session.download('c.csv').finish('interrupted', '/tmp/c.csv');
    expect(session.download('d.csv').dialog).toEqual(downloadDialog('d.csv', '/media/drive', '/home/ed/Documents'));
  });
});

/**
 * Stands in for Electron's Session and DownloadItem (the binary is not installable here):
 * real EventEmitters emitting the events Electron emits, recording the dialog asked for.
 * That editor-window.ts passes its window's session is only seen by the Electron smoke test.
 */
class RecordingDownload extends EventEmitter implements SavableDownload {
  dialog: DownloadDialog | undefined;
  private savePath = '';

  constructor(private readonly filename: string) {
    super();
  }

  getFilename(): string {
    return this.filename;
  }

  setSaveDialogOptions(options: DownloadDialog): void {
    this.dialog = options;
  }

  getSavePath(): string {
    return this.savePath;
  }

  finish(state: 'completed' | 'cancelled' | 'interrupted', savePath: string): void {
    this.savePath = savePath;
    this.emit('done', {}, state);
  }
}

class RecordingSession extends EventEmitter implements DownloadingSession {
  download(filename: string): RecordingDownload {
    const item = new RecordingDownload(filename);
    this.emit('will-download', {}, item);
    return item;
  }
}
