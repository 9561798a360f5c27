/**
 * The archive is sealed: a symlink is followed only when its real path stays inside the
 * archive's real path, for every route and API method, and exports never write into it.
 * Stray things where an hour folder belongs (a file, a symlink loop) are skipped like any
 * stray file: no 500, no truncated playlist, no local path in a reply. Real files, real
 * ffmpeg (a tiny real-video archive), the real protocol handler and API dispatch.
 */
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiReply } from '../../shared/api/contract';
import { Archive } from '../../electron/node/archive/archive';
import { dispatch } from '../../electron/node/api/dispatch';
import { createHandlers } from '../../electron/node/api/handlers';
import { EncodeSlots } from '../../electron/node/export/encode-slots';
import { ExportQueue } from '../../electron/node/export/queue';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { MEDIA_CHANNEL, MEDIA_HOUR, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

const CHANNEL = MEDIA_CHANNEL;
const HOUR = MEDIA_HOUR; // 2026-11-14T03
const SECRET = 'SECRET-OUTSIDE-THE-ARCHIVE';
/** A segment-shaped name for a symlink to a file outside the archive. */
const EVIL_SEGMENT = '00:00.000000-2.0-full-EVIL.ts';
const WINDOW = { start: '2026-11-14T03:00:00Z', end: '2026-11-14T03:00:04Z' };
const QUERY = `start=${WINDOW.start}&end=${WINDOW.end}`;

let root: string;
let outside: string;
let media: string;
const warnings: string[] = [];
const logs: string[] = [];
let archive: Archive;
let handler: ReturnType<typeof createProtocolHandler>;
let handlers: ReturnType<typeof createHandlers>;
const queue = new ExportQueue({ encodeSlots: new EncodeSlots(1) });

/** The real-video hour folder of the media archive. */
const mediaHour = () => path.join(media, CHANNEL, MEDIA_QUALITY, HOUR);

beforeAll(async () => {
  media = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-media-'));
  await writeMediaArchive(media, 2);
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-outside-'));
  // Outside the archive: a secret file, an hour folder of real video, an /etc look-alike.
  await writeFile(path.join(outside, 'passwd'), SECRET);
  await cp(mediaHour(), path.join(outside, 'video', HOUR), { recursive: true });
  await mkdir(path.join(outside, 'etc', 'ssh'), { recursive: true });
  await mkdir(path.join(outside, 'etc', 'cron.d'), { recursive: true });
  // Inside: real footage, and one escape per shape.
  await cp(mediaHour(), path.join(root, CHANNEL, MEDIA_QUALITY, HOUR), { recursive: true });
  await mkdir(path.join(root, CHANNEL, 'linkseg', HOUR), { recursive: true });
  await symlink(path.join(outside, 'passwd'), path.join(root, CHANNEL, 'linkseg', HOUR, EVIL_SEGMENT));
  await mkdir(path.join(root, CHANNEL, 'linkhour'), { recursive: true });
  await symlink(path.join(outside, 'video', HOUR), path.join(root, CHANNEL, 'linkhour', HOUR));
  await symlink(path.join(outside, 'etc'), path.join(root, 'etc'));
  // Inside links that stay inside are followed: an alias quality of the real footage.
  await symlink(path.join(root, CHANNEL, MEDIA_QUALITY), path.join(root, CHANNEL, 'alias'));
  archive = new Archive(root, { warn: (message) => warnings.push(message) });
  handler = createProtocolHandler({ archive, log: (message) => logs.push(message) });
  handlers = createHandlers({ archive: () => archive, exportQueue: queue });
});

afterAll(async () => {
  await queue.whenIdle();
  for (const dir of [root, outside, media]) await rm(dir, { recursive: true, force: true });
});

const get = (pathAndQuery: string) => handler(new Request(`archive://local${pathAndQuery}`));

async function call(method: string, input: unknown): Promise<ApiReply<unknown>> {
  return dispatch(handlers, method, input);
}

function editOf(quality: string, channel = CHANNEL) {
  return { channel, quality, ranges: [WINDOW], transitions: [], cutType: 'rough', format: 'ts', allowHoles: true };
}

describe('symlinks that lead outside the archive', () => {
  it('a segment-named symlink to an outside file is never listed, selected, played or cut', async () => {
    const segment = await get(`/segments/${CHANNEL}/linkseg/${HOUR}/${encodeURIComponent(EVIL_SEGMENT)}`);
    expect(segment.status).toBe(403);
    const cut = await get(`/cut/${CHANNEL}/linkseg.ts?${QUERY}&type=rough&allow_holes=true`);
    const cutBody = Buffer.from(await cut.arrayBuffer()).toString('latin1');
    expect(cutBody).not.toContain(SECRET);
    expect(cut.status).toBe(406); // no footage: the only "segment" is not part of the archive
    expect(await (await get(`/files/${CHANNEL}/linkseg/${HOUR}`)).json()).toEqual([]);
    const playlist = await (await get(`/playlist/${CHANNEL}/linkseg.m3u8?${QUERY}`)).text();
    expect(playlist).not.toContain('EVIL');
    const coverage = (await (await get(`/coverage/${CHANNEL}/linkseg`)).json()) as { files: { full: number } }[];
    expect(coverage.map((hour) => hour.files.full)).toEqual([0]);
    expect(warnings.join('\n')).toContain(`${EVIL_SEGMENT}: a symlink that leads outside the archive`);
  });

  it('an hour folder symlinked outside gives no waveform, frame, playlist entry, listing or coverage', async () => {
    const waveform = await get(`/waveform/${CHANNEL}/linkhour.png?${QUERY}`);
    expect(waveform.status).toBe(404);
    const frame = await get(`/frame/${CHANNEL}/linkhour.png?timestamp=2026-11-14T03:00:01Z`);
    expect(frame.status).toBe(404);
    const playlist = await (await get(`/playlist/${CHANNEL}/linkhour.m3u8?${QUERY}`)).text();
    expect(playlist).not.toMatch(/segments\//);
    expect(await (await get(`/files/${CHANNEL}/linkhour`)).json()).toEqual([]);
    expect((await get(`/files/${CHANNEL}/linkhour/${HOUR}`)).status).toBe(403);
    const [outsideSegment] = (await readdir(mediaHour())).sort();
    expect((await get(`/segments/${CHANNEL}/linkhour/${HOUR}/${encodeURIComponent(outsideSegment!)}`)).status).toBe(403);
    expect(await (await get(`/coverage/${CHANNEL}/linkhour`)).json()).toEqual([]);
    expect((await get(`/cut/${CHANNEL}/linkhour.ts?${QUERY}&type=rough`)).status).toBe(406);
    const master = await (await get(`/playlist/${CHANNEL}.m3u8?${QUERY}`)).text();
    expect(master).not.toContain('linkhour');
    expect(master).toContain(`${CHANNEL}/alias.m3u8`); // a link that stays inside is followed
  });

  it('the API refuses a channel that leads outside, as /files does, and never lists it', async () => {
    for (const [method, input] of [
      ['listQualities', { channel: 'etc' }],
      ['listHours', { channel: 'etc', quality: 'ssh' }],
      ['coverage', { channel: 'etc', quality: 'ssh' }],
    ] as const) {
      const reply = await call(method, input);
      expect(reply, method).toMatchObject({ ok: false, error: { kind: 'outside-archive' } });
      expect(JSON.stringify(reply)).not.toContain('cron.d');
    }
    expect((await get('/files/etc')).status).toBe(403);
    expect((await get('/playlist/etc.m3u8')).status).toBe(403);
    expect(await (await get('/files')).json()).toEqual([CHANNEL]);
    expect(await call('archiveInfo', {})).toMatchObject({ ok: true, result: { channels: [CHANNEL] } });
    expect(await call('listQualities', { channel: CHANNEL })).toEqual({ ok: true, result: ['alias', 'linkhour', 'linkseg', MEDIA_QUALITY] });
  });

  it('planExport and startExport find no footage behind outside links and write nothing', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-out-'));
    for (const quality of ['linkhour', 'linkseg']) {
      expect(await call('planExport', editOf(quality)), quality).toMatchObject({ ok: false, error: { kind: 'no-footage' } });
      const output = path.join(outDir, `${quality}.ts`);
      expect(await call('startExport', { ...editOf(quality), outputPath: output, overwrite: false }), quality).toMatchObject({
        ok: false,
        error: { kind: 'no-footage' },
      });
    }
    expect(await call('planExport', editOf('ssh', 'etc'))).toMatchObject({ ok: false, error: { kind: 'outside-archive' } });
    expect(await call('planExport', editOf('alias'))).toMatchObject({ ok: true, result: { copiedSegments: 2 } });
    await queue.whenIdle();
    expect(await readdir(outDir)).toEqual([]);
    await rm(outDir, { recursive: true, force: true });
  });
});

describe('export destinations', () => {
  it('refuses an output path through a symlinked folder that leads into the archive', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-dest-'));
    await symlink(path.join(root, CHANNEL, MEDIA_QUALITY, HOUR), path.join(outDir, 'into-archive'));
    const before = await readdir(path.join(root, CHANNEL, MEDIA_QUALITY, HOUR));
    const reply = await call('startExport', { ...editOf(MEDIA_QUALITY), outputPath: path.join(outDir, 'into-archive', 'clip.ts'), overwrite: false });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'output-not-writable', message: expect.stringMatching(/only ever reads the archive/) } });
    await queue.whenIdle();
    expect(await readdir(path.join(root, CHANNEL, MEDIA_QUALITY, HOUR))).toEqual(before);
    await rm(outDir, { recursive: true, force: true });
  });

  it('refuses an output path inside the archive when the archive was opened through a symlink', async () => {
    const linkDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-link-'));
    const linkedRoot = path.join(linkDir, 'archive');
    await symlink(root, linkedRoot);
    const linked = createHandlers({ archive: () => new Archive(linkedRoot, { warn: () => undefined }), exportQueue: queue });
    const hourDir = path.join(root, CHANNEL, MEDIA_QUALITY, HOUR);
    const before = await readdir(hourDir);
    const reply = await dispatch(linked, 'startExport', { ...editOf(MEDIA_QUALITY), outputPath: path.join(hourDir, 'clip.ts'), overwrite: false });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'output-not-writable' } });
    // A folder that does not exist yet inside the archive is refused too (its nearest existing part is inside).
    const deeper = await dispatch(linked, 'startExport', { ...editOf(MEDIA_QUALITY), outputPath: path.join(linkedRoot, 'new', 'clip.ts'), overwrite: false });
    expect(deeper).toMatchObject({ ok: false, error: { kind: 'output-not-writable' } });
    await queue.whenIdle();
    expect(await readdir(hourDir)).toEqual(before);
    await rm(linkDir, { recursive: true, force: true });
  });
});

describe('something else where an hour folder belongs', () => {
  /** Footage at 03 and 05; at 04 `stray` puts something that is not a folder. */
  async function strayArchive(stray: (hourPath: string) => Promise<void>) {
    const strayRoot = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-sealed-stray-'));
    const qualityDir = path.join(strayRoot, CHANNEL, MEDIA_QUALITY);
    await cp(mediaHour(), path.join(qualityDir, '2026-11-14T03'), { recursive: true });
    await cp(mediaHour(), path.join(qualityDir, '2026-11-14T05'), { recursive: true });
    await stray(path.join(qualityDir, '2026-11-14T04'));
    const strayWarnings: string[] = [];
    const strayLogs: string[] = [];
    const strayHandler = createProtocolHandler({
      archive: new Archive(strayRoot, { warn: (message) => strayWarnings.push(message) }),
      log: (message) => strayLogs.push(message),
    });
    return { strayRoot, strayWarnings, fetch: (pathAndQuery: string) => strayHandler(new Request(`archive://local${pathAndQuery}`)) };
  }

  it.each([
    ['a plain file', (hourPath: string) => writeFile(hourPath, 'not a folder'), 'a file where an hour folder should be'],
    ['a symlink loop', (hourPath: string) => symlink(path.basename(hourPath), hourPath), 'a symlink loop'],
  ])('%s is skipped with a warning: playlists complete, cuts and coverage answer', async (_, makeStray, reason) => {
    const { strayRoot, strayWarnings, fetch } = await strayArchive(makeStray);
    const window = 'start=2026-11-14T05:00:00Z&end=2026-11-14T05:00:04Z';
    const playlist = await fetch(`/playlist/${CHANNEL}/${MEDIA_QUALITY}.m3u8?${window}`);
    expect(playlist.status).toBe(200);
    const text = await playlist.text();
    expect(text.match(/^\.\.\/\.\.\/segments\//gm)).toHaveLength(2);
    expect(text).toContain('#EXT-X-ENDLIST');
    const cut = await fetch(`/cut/${CHANNEL}/${MEDIA_QUALITY}.ts?${window}&type=rough`);
    expect(cut.status).toBe(200);
    expect((await cut.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const coverage = await fetch(`/coverage/${CHANNEL}/${MEDIA_QUALITY}`);
    const coverageText = await coverage.text();
    expect(coverage.status).toBe(200);
    expect((JSON.parse(coverageText) as { hour: string; hasFootage: boolean }[]).map((hour) => [hour.hour, hour.hasFootage])).toEqual([
      ['2026-11-14T03', true],
      ['2026-11-14T04', false],
      ['2026-11-14T05', true],
    ]);
    expect(coverageText + text).not.toContain(strayRoot);
    expect(strayWarnings).toContain(`Skipping ${path.join(strayRoot, CHANNEL, MEDIA_QUALITY, '2026-11-14T04')}: ${reason}`);
    await rm(strayRoot, { recursive: true, force: true });
  });
});
