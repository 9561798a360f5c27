/**
 * Snapshots and /thumbnail over real HTTP on a tiny real-video archive: the saved
 * snapshot is the /frame route's picture, the route's thumbnail is the composer's
 * result for that frame, and bad parameters are refused with the reason.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { composeThumbnail } from '../../electron/node/thumbnail/compose';
import { encodeRgbaPng, pngSize } from '../../electron/node/thumbnail/png-file';
import { TemplateStore } from '../../electron/node/thumbnail/templates';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { grayPixels, pictureDistance } from '../fixtures/picture';
import { MEDIA_CHANNEL, MEDIA_QUALITY, writeMediaArchive } from './serve-media';

const INSTANT = '2026-11-14T03:00:03.5Z';
let root: string;
let folder: string;
let server: RunningServer;

const template = encodeRgbaPng({ width: 320, height: 180 }, (_x, y) => (y < 40 ? [0, 255, 0, 255] : [0, 0, 0, 0]));

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-thumb-archive-'));
  folder = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-thumb-out-'));
  await writeMediaArchive(root, 3);
  server = await startServer({ archive: new Archive(root), templatesDir: path.join(folder, 'templates'), log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(folder, { recursive: true, force: true });
});

async function call(
  method: string,
  input: unknown,
): Promise<{ status: number; body: { ok: boolean; result?: unknown; error?: { kind: string; message: string } } }> {
  const response = await fetch(`${server.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
  return { status: response.status, body: await response.json() };
}

async function get(route: string): Promise<{ status: number; bytes: Buffer; text: string }> {
  const response = await fetch(`${server.url}${route}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, bytes, text: bytes.toString() };
}

const frameRoute = `frame/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=${INSTANT}`;

describe('snapshots', () => {
  it('saves exactly the picture the frame route shows, as PNG', async () => {
    const outputPath = path.join(folder, 'snap.png');
    const reply = await call('saveSnapshot', { channel: MEDIA_CHANNEL, quality: MEDIA_QUALITY, instant: INSTANT, format: 'png', outputPath });
    expect(reply.body).toEqual({ ok: true, result: { path: outputPath, bytes: (await readFile(outputPath)).length } });
    const shown = await get(frameRoute);
    expect(shown.status).toBe(200);
    expect((await readFile(outputPath)).equals(shown.bytes)).toBe(true);
  });

  it('saves a JPEG that looks like the frame', async () => {
    const outputPath = path.join(folder, 'snap.jpg');
    await call('saveSnapshot', { channel: MEDIA_CHANNEL, quality: MEDIA_QUALITY, instant: INSTANT, format: 'jpeg', outputPath });
    const jpeg = await readFile(outputPath);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    const distance = pictureDistance(await grayPixels(jpeg), await grayPixels((await get(frameRoute)).bytes));
    expect(distance).toBeLessThan(4);
  });

  it('never replaces an existing file unless asked, and refuses relative paths', async () => {
    const outputPath = path.join(folder, 'taken.png');
    await writeFile(outputPath, 'mine');
    const input = { channel: MEDIA_CHANNEL, quality: MEDIA_QUALITY, instant: INSTANT, format: 'png', outputPath };
    const refused = await call('saveSnapshot', input);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain('already exists');
    expect(await readFile(outputPath, 'utf8')).toBe('mine');
    expect((await call('saveSnapshot', { ...input, overwrite: true })).body.ok).toBe(true);
    expect(pngSize(await readFile(outputPath))).toEqual({ width: 64, height: 36 });
    const relative = await call('saveSnapshot', { ...input, outputPath: 'snap.png' });
    expect(relative.body.error?.message).toContain('is relative; give an absolute path');
    const inside = await call('saveSnapshot', { ...input, outputPath: path.join(root, 'snap.png') });
    expect(inside.body.error?.message).toContain('Trimdesk only ever reads the archive');
  });
});

describe('/thumbnail', () => {
  beforeAll(async () => {
    const added = await call('addTemplate', { name: 'band', pngBase64: template.toString('base64') });
    expect(added.body.ok).toBe(true);
  });

  it('answers the composer of the frame route picture and the template', async () => {
    const crop = { left: 40, top: 20, right: 280, bottom: 155 };
    const location = { left: 0, top: 20, right: 160, bottom: 110 };
    const answer = await get(`thumbnail/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=${INSTANT}&template=band&crop=40,20,280,155&location=0,20,160,110`);
    expect(answer.status).toBe(200);
    const store = new TemplateStore(path.join(folder, 'templates'));
    const expected = await composeThumbnail({
      ffmpeg: 'ffmpeg',
      frame: (await get(frameRoute)).bytes,
      template: await store.read('band'),
      crop,
      location,
      log: () => undefined,
    });
    expect(answer.bytes.equals(Buffer.from(expected))).toBe(true);
    expect(pngSize(answer.bytes)).toEqual({ width: 320, height: 180 });
  });

  it('uses the default template and its boxes when none are named', async () => {
    const answer = await get(`thumbnail/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=${INSTANT}`);
    expect(answer.status).toBe(200);
    expect(pngSize(answer.bytes)).toEqual({ width: 1280, height: 720 });
  });

  it.each([
    ['crop=1,2,3', 400, 'Bad crop "1,2,3": expected LEFT,TOP,RIGHT,BOTTOM in pixels'],
    ['template=band&location=0,0,400,100', 400, 'The location box 0,0,400,100 leaves the 320x180 picture'],
    ['template=..%2Fsecret', 400, 'Template name "../secret" is not allowed'],
    ['template=missing', 404, 'No thumbnail template named missing'],
  ])('refuses %s with %i', async (query, status, reason) => {
    const answer = await get(`thumbnail/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=${INSTANT}&${query}`);
    expect(answer.status).toBe(status);
    expect(answer.text).toContain(reason);
  });

  it('says when there is no footage at the instant', async () => {
    const answer = await get(`thumbnail/${MEDIA_CHANNEL}/${MEDIA_QUALITY}.png?timestamp=2026-11-14T05:00:00Z`);
    expect(answer.status).toBe(404);
    expect(answer.text).toContain('No footage on chan/source at 2026-11-14T05:00:00');
  });
});
