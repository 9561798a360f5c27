/**
 * The protocol handler called with `new Request(...)` as Electron's protocol.handle
 * would: every route, every refusal status, hostile paths, byte ranges, and a file
 * that shrinks while it is being sent. Archives are real temp directories.
 */
import { mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { frameShowingAt } from '../../shared/frame-times';
import { CHANNEL, HOUR, QUALITY, createTestArchive, fullRun, type TestArchive } from './protocol-archive';

const SEGMENT = '00:00.000000-2.0-full-AAAA.ts';
const SEGMENT_URL = `/segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(SEGMENT)}`;
/** 1000 bytes whose value at offset i is i % 251, so any slice is recognisable. */
const CONTENT = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
const SECRET = 'SECRET-OUTSIDE-THE-ARCHIVE';

let archive: TestArchive;
let outside: string;

beforeEach(async () => {
  archive = await createTestArchive();
  await archive.writeSegments(HOUR, { ...fullRun(2, 4), 'tomb.ts': 'x', 'tomb.tombstone': '' });
  await writeFile(path.join(archive.root, CHANNEL, QUALITY, HOUR, SEGMENT), CONTENT);
  outside = path.join(archive.root, '..', `${path.basename(archive.root)}-outside`);
  await mkdir(outside, { recursive: true });
  await writeFile(path.join(outside, 'secret.ts'), SECRET);
  await symlink(path.join(outside, 'secret.ts'), path.join(archive.root, CHANNEL, QUALITY, HOUR, 'link.ts'));
  await symlink(outside, path.join(archive.root, 'escape'));
  await mkdir(path.join(archive.root, CHANNEL, 'chat', HOUR), { recursive: true });
  await writeFile(path.join(archive.root, CHANNEL, 'chat', HOUR, '00:00-batch.json'), '{}');
});
afterEach(async () => {
  await archive.remove();
  await rm(outside, { recursive: true, force: true });
});

async function json(pathAndQuery: string): Promise<unknown> {
  const response = await archive.fetch(pathAndQuery);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return response.json();
}

describe('listing routes', () => {
  it('answers /files like the reference server: visible names, [] for missing directories', async () => {
    // `escape` is a symlink leading outside the archive: not part of it, so not listed.
    expect(await json('/files')).toEqual([CHANNEL]);
    expect(await json(`/files/${CHANNEL}`)).toEqual(['chat', QUALITY]);
    expect(await json(`/files/${CHANNEL}/${QUALITY}`)).toEqual([HOUR]);
    expect(await json('/files/nope')).toEqual([]);
    expect(await json(`/files/${CHANNEL}/${QUALITY}/2020-01-01T00`)).toEqual([]);
  });

  it('lists an hour without tombstoned files, and with tombstones when asked', async () => {
    const names = (await json(`/files/${CHANNEL}/${QUALITY}/${HOUR}`)) as string[];
    expect(names).toContain(SEGMENT);
    expect(names).not.toContain('link.ts'); // a symlink to a file outside the archive
    expect(names).not.toContain('tomb.ts');
    expect(await json(`/files/${CHANNEL}/${QUALITY}/${HOUR}?tombstones=TRUE`)).toContain('tomb.tombstone');
    expect(await json(`/files/${CHANNEL}/chat/${HOUR}`)).toEqual(['00:00-batch.json']);
    expect((await archive.fetch(`/files/${CHANNEL}/${QUALITY}/${HOUR}?tombstones=maybe`)).status).toBe(400);
  });

  it('reports per-hour coverage', async () => {
    const coverage = (await json(`/coverage/${CHANNEL}/${QUALITY}`)) as { hour: string; files: { full: number } }[];
    expect(coverage.map((hour) => hour.hour)).toEqual([HOUR]);
    expect(coverage[0]!.files.full).toBe(5);
    expect((await archive.fetch(`/coverage/${CHANNEL}/nope`)).status).toBe(404);
  });
});

describe('segments', () => {
  it('streams a whole segment with its type and length, and HEAD without a body', async () => {
    const response = await archive.fetch(SEGMENT_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp2t');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(CONTENT);
    const head = await archive.fetch(SEGMENT_URL, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
    expect(head.body).toBeNull();
  });

  it.each([
    ['first bytes', 'bytes=0-99', 0, 99],
    ['middle', 'bytes=400-649', 400, 649],
    ['suffix', 'bytes=-100', 900, 999],
    ['open-ended', 'bytes=950-', 950, 999],
    ['past the end, clamped', 'bytes=990-2000', 990, 999],
  ])('answers a %s range with 206 and the exact bytes', async (_, header, startByte, endByte) => {
    const response = await archive.fetch(SEGMENT_URL, { headers: { Range: header } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${startByte}-${endByte}/1000`);
    expect(response.headers.get('content-length')).toBe(String(endByte - startByte + 1));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(CONTENT.subarray(startByte, endByte + 1));
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const response = await archive.fetch(SEGMENT_URL, { headers: { Range: 'bytes=1000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('does not serve a tombstoned or missing segment', async () => {
    expect((await archive.fetch(`/segments/${CHANNEL}/${QUALITY}/${HOUR}/tomb.ts`)).status).toBe(404);
    expect((await archive.fetch(`/segments/${CHANNEL}/${QUALITY}/${HOUR}/missing.ts`)).status).toBe(404);
    expect((await archive.fetch(`/segments/${CHANNEL}/${QUALITY}/${HOUR}`)).status).toBe(404);
  });

  it('ends the response cleanly when the file shrinks mid-stream, logs it, and keeps serving', async () => {
    const big = '00:10.000000-2.0-full-BBBB.ts';
    const bigPath = path.join(archive.root, CHANNEL, QUALITY, HOUR, big);
    await writeFile(bigPath, Buffer.alloc(4 * 1024 * 1024, 7));
    const response = await archive.fetch(`/segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(big)}`);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await truncate(bigPath, 0);
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow(/shrank/);
    expect(archive.logs.join('\n')).toMatch(/shrank/);
    expect((await archive.fetch(SEGMENT_URL)).status).toBe(200);
  });
});

describe('refusals', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('refuses %s with 405 and Allow', async (method) => {
    const response = await archive.fetch(SEGMENT_URL, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  const playlist = `/playlist/${CHANNEL}/${QUALITY}.m3u8`;
  it.each([
    [`${playlist}?start=yesterday&end=2026-11-14T04:00:00Z`, /Bad start/],
    [`${playlist}?start=2026-11-14T03:00:00Z&end=2026-02-30T04:00:00Z`, /Bad end/],
    [`${playlist}?start=2026-11-14T04:00:00Z&end=2026-11-14T03:00:00Z`, /must be after/],
    [`/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z`, /Missing end/],
    [`/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z&end=2026-11-14T09:00:01Z`, /6 hours/],
    [`/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z&size=0x64`, /Bad size/],
    [`/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z&size=4097x64`, /Bad size/],
    [`/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z&size=big`, /Bad size/],
    [`/frame/${CHANNEL}/${QUALITY}.png`, /Missing timestamp/],
    [`/frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T03:00:00.1234567Z`, /Bad timestamp/],
  ])('400 for %s', async (url, reason) => {
    const response = await archive.fetch(url);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(reason);
    expect(text.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    '/nothing-here',
    '/files/',
    `/files/${CHANNEL}/${QUALITY}/`,
    `/playlist/nope/${QUALITY}.m3u8?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z`,
    `/playlist/${CHANNEL}/nope.m3u8`,
    `/playlist/nope.m3u8`,
    `/frame/${CHANNEL}/${QUALITY}.png?timestamp=2026-11-14T05:00:00Z`,
    `/waveform/${CHANNEL}/${QUALITY}.png?start=2026-11-14T05:00:00Z&end=2026-11-14T05:01:00Z`,
  ])('404 for %s', async (url) => {
    const response = await archive.fetch(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/\n\s+at /);
  });
});

describe('hostile paths', () => {
  const hour = `/segments/${CHANNEL}/${QUALITY}/${HOUR}`;
  it.each([
    `${hour}/..%2f..%2f..%2f..%2fescape%2fsecret.ts`,
    `${hour}/%2e%2e%2f%2e%2e%2fsecret.ts`,
    `/segments/${CHANNEL}/${QUALITY}/%2e%2e/%2e%2e/secret.ts`,
    `/segments/${CHANNEL}/${QUALITY}/../../../escape/secret.ts`,
    `${hour}/%252e%252e%252f%252e%252e%252fsecret.ts`,
    `${hour}/..%5c..%5c..%5csecret.ts`,
    `${hour}/a%5cb.ts`,
    `${hour}/link.ts`,
    `/files/escape`,
    `/segments/escape/x/y/secret.ts`,
    `${hour}/%00.ts`,
    `${hour}/x%00.ts`,
    `${hour}/x%0a.ts`,
    `${hour}/.hidden.ts`,
    `${hour}/.%2e`,
    `/segments/%2Fetc/passwd/x/y.ts`,
    `/segments/C:%5CWindows/x/y/z.ts`,
    `${hour}/${'a'.repeat(300)}.ts`,
    `${hour}/%E0%A4%A.ts`,
    `${hour}/%`,
    `/playlist/..%2F..%2Fetc/passwd.m3u8`,
    `/playlist/${CHANNEL}/..%2f${QUALITY}.m3u8`,
    `/files/${CHANNEL}/${QUALITY}/..%2F..%2F..`,
    `/waveform/%2e%2e%2f${CHANNEL}/${QUALITY}.png?start=2026-11-14T03:00:00Z&end=2026-11-14T03:01:00Z`,
    `/frame/${CHANNEL}/.%2e.png?timestamp=2026-11-14T03:00:00Z`,
    `/coverage/${CHANNEL}/..%252f..`,
    `/coverage/escape/x`,
    `${hour}//etc/passwd`,
    `//etc/passwd`,
    `/segments/${CHANNEL}/${QUALITY}/${HOUR}/%EF%BC%8E%EF%BC%8E%EF%BC%8Fsecret.ts`,
  ])('%s is refused without leaking', async (url) => {
    const response = await archive.fetch(url);
    expect([400, 403, 404]).toContain(response.status);
    const text = await response.text();
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('says 403 for traversal, symlink escape and hidden names, 400 for malformed encoding', async () => {
    expect((await archive.fetch(`${hour}/..%2fsecret.ts`)).status).toBe(403);
    expect((await archive.fetch(`${hour}/link.ts`)).status).toBe(403);
    expect((await archive.fetch('/files/escape')).status).toBe(403);
    expect((await archive.fetch(`${hour}/.hidden.ts`)).status).toBe(403);
    expect((await archive.fetch(`${hour}/%E0%A4%A.ts`)).status).toBe(400);
  });
});

describe('the frame on screen at an instant (frame route)', () => {
  // 10 fps from PTS 684000 (7.6 s): a frame every 9000 ticks, 100 ms.
  const pts = [684_000, 693_000, 702_000, 711_000, 720_000];
  const START = 1_000_000_000;
  it.each([
    [0, 0],
    [50_000, 0],
    [100_000, 1],
    [99_999, 0],
    [299_999, 2],
    [300_000, 3],
    [350_000, 3],
    [5_000_000, 4],
    [-500_000, 0],
  ])('%i us after the first frame shows frame %i', (offsetUs, expected) => {
    expect(frameShowingAt(START, pts, START + offsetUs)).toBe(expected);
  });
});

describe('the archive behind the handler', () => {
  it('follows the archive that is open now, and answers 404 while none is', async () => {
    let open: Archive | undefined;
    const handler = createProtocolHandler({ archive: () => open, log: () => undefined });
    const none = await handler(new Request('archive://local/files'));
    expect(none.status).toBe(404);
    expect(await none.text()).toMatch(/No archive is open/);
    open = archive.archive;
    expect(await (await handler(new Request('archive://local/files'))).json()).toEqual([CHANNEL]);
  });
});
