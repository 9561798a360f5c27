/**
 * Calls through the real dispatch (as IPC and HTTP make them) on a scratch archive:
 * what reply a bad input or an unreadable archive gets.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';

let root: string;
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-dispatch-'));
  // A quality "folder" that is a file: reading it fails with ENOTDIR, an unreadable archive.
  await mkdir(path.join(root, 'chan'));
  await writeFile(path.join(root, 'chan', 'source'), 'not a folder');
  handlers = createHandlers({ archive: () => new Archive(root) });
});
afterAll(() => rm(root, { recursive: true, force: true }));

const edit = (start: string, end: string) => ({ channel: 'chan', quality: 'source', ranges: [{ start, end }], transitions: [] });

describe('dispatch', () => {
  it('reports an archive folder it cannot read as archive-unreadable, in the API and in exports alike', async () => {
    // Exports used to call this archive-missing while listHours said archive-unreadable.
    const listed = await dispatch(handlers, 'listHours', { channel: 'chan', quality: 'source' });
    // Over 48 hours: the export lists the quality folder instead of visiting each hour.
    const planned = await dispatch(handlers, 'planExport', edit('2026-11-14T00:00:00Z', '2026-11-20T00:00:00Z'));
    expect(listed).toMatchObject({ ok: false, error: { kind: 'archive-unreadable', details: { code: 'ENOTDIR' } } });
    expect(planned).toMatchObject({ ok: false, error: { kind: 'archive-unreadable', details: { code: 'ENOTDIR' } } });
  });

  it.each([
    ['planExport', edit('2026-11-14T03:00:00Z', 'soon'), 'ranges[0].end'],
    ['startExport', { ...edit('2026-02-30T03:00:00Z', '2026-11-14T03:00:00Z'), outputPath: '/tmp/x.ts' }, 'ranges[0].start'],
    ['planExport', { ...edit('2026-11-14T03:00:00Z', '2026-11-14T03:00:02Z'), ranges: [{ start: 17, end: '2026-11-14T03:00:02Z' }] }, 'ranges[0].start'],
  ])('%s refuses a bad instant as bad-input naming the field', async (method, input, field) => {
    const reply = await dispatch(handlers, method, input);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'bad-input', details: { problems: [{ field }] } } });
    expect(reply.ok === false && reply.error.message.startsWith(`${method}: ${field}: `)).toBe(true);
  });

  it('answers archive-missing, not internal, when no archive is open', async () => {
    const none = createHandlers({ archive: () => undefined });
    expect(await dispatch(none, 'listQualities', { channel: 'chan' })).toEqual({
      ok: false,
      error: { kind: 'archive-missing', message: 'No archive is open. Open an archive folder first.' },
    });
  });
});
