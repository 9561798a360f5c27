/**
 * Saves from the page (project, ranges CSV, chapters) are blob downloads: the desktop app
 * turns each into a native save dialog with the suggested name, in the last folder used.
 * The decision is pure; the glue in editor-window.ts is checked to use it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadDialog } from '../../electron/main/window/download';

const repo = path.resolve(import.meta.dirname, '../..');

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

  it('is what the editor window hands to every download of its session', async () => {
    const glue = await readFile(path.join(repo, 'electron/main/window/editor-window.ts'), 'utf8');
    expect(glue).toMatch(/session\.on\('will-download', \(_event, item\) => \{\s+item\.setSaveDialogOptions\(downloadDialog\(item\.getFilename\(\), /);
  });
});
