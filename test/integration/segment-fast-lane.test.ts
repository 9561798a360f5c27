/**
 * Browser mode answers a warm segment GET in the request's own turn, without a URL object
 * (electron/serve/server.ts sentAtOnce). It may take only targets whose path the URL parser
 * keeps as they are: a target it rewrites (dot segments, a backslash, percent-encoded
 * dots) must get the very answer the full route gives after `new URL`, over a raw socket
 * (fetch would normalise the target before sending it).
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { SegmentFiles } from '../../electron/node/protocol/segment-files';
import { type RunningServer, startServer } from '../../electron/serve/server';

const CHANNEL = 'chan';
const QUALITY = 'source';
const HOUR = '2026-11-14T03';
const NAME = '00:00.000000-2.0-full-AAAA.ts';
const CONTENT = Buffer.from('segment bytes, sent whole\n');
/** A `partial` segment is judged by its sync bytes alone: packets of 188 bytes, each starting with 0x47, more than both 48 KiB ends. */
const SOUND = '00:20.000000-2.0-partial-AAAA.ts';
const SOUND_BYTES = Buffer.alloc(188 * 600, 0x11);
for (let at = 0; at < SOUND_BYTES.length; at += 188) SOUND_BYTES[at] = 0x47;
const SETTLED = new Date('2026-11-15T00:00:00Z');

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-fast-lane-'));
  const hourDir = path.join(root, CHANNEL, QUALITY, HOUR);
  await mkdir(hourDir, { recursive: true });
  await writeFile(path.join(hourDir, NAME), CONTENT);
  await writeFile(path.join(hourDir, SOUND), SOUND_BYTES);
  await utimes(hourDir, SETTLED, SETTLED);
  server = await startServer({ archive: new Archive(root, { warn: () => undefined }), rendererDir: path.join(root, 'no-renderer'), log: () => undefined });
  // The hour folder's listing is remembered from here on: requests after this may take the fast lane.
  const warm = await fetch(`${server.url}segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(NAME)}`);
  expect(warm.status).toBe(200);
  await warm.arrayBuffer();
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

/** Sends `GET target` byte for byte; resolves with the status and body. */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), body: text.slice(split + 4) });
    });
  });
}

const name = encodeURIComponent(NAME);

describe('segment targets the URL parser rewrites', () => {
  it.each([
    ['a dot-dot segment', `/segments/${CHANNEL}/${QUALITY}/elsewhere/../${HOUR}/${name}`],
    ['a dot segment', `/segments/${CHANNEL}/./${QUALITY}/${HOUR}/${name}`],
    ['percent-encoded dots', `/segments/${CHANNEL}/${QUALITY}/elsewhere/%2E%2e/${HOUR}/${name}`],
    ['a backslash', `/segments/${CHANNEL}\\${QUALITY}/${HOUR}/${name}`],
  ])('answers %s as the full route does, with the file it resolves to', async (_what, target) => {
    const reply = await rawGet(target);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(CONTENT.toString('latin1'));
  });

  it('refuses a hidden component the parser keeps (403), as before', async () => {
    const reply = await rawGet(`/segments/${CHANNEL}/.${QUALITY}/${HOUR}/${name}`);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatch(/may not start with a period/);
  });

  it('sends the plain target itself on the fast lane, and `?check=bytes` among other parameters', async () => {
    const plain = await rawGet(`/segments/${CHANNEL}/${QUALITY}/${HOUR}/${name}`);
    expect(plain.status).toBe(200);
    expect(plain.body).toBe(CONTENT.toString('latin1'));
    // Not MPEG-TS: a checked request is refused, wherever `check` sits in the query.
    const checked = await rawGet(`/segments/${CHANNEL}/${QUALITY}/${HOUR}/${name}?x=1&check=bytes`);
    expect(checked.status).toBe(422);
  });
});

describe('`?check=bytes` on the fast lane', () => {
  it('answers a checked request at once once its file has passed, without the full path', async () => {
    const url = `${server.url}segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(SOUND)}?check=bytes`;
    const fullPath = vi.spyOn(SegmentFiles.prototype, 'open');
    try {
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(Buffer.compare(Buffer.from(await first.arrayBuffer()), SOUND_BYTES)).toBe(0);
      // The first check reads the bytes on the full path.
      expect(fullPath).toHaveBeenCalledTimes(1);
      const again = await fetch(url, { headers: { Range: 'bytes=188-375' } });
      expect(again.status).toBe(206);
      expect(Buffer.compare(Buffer.from(await again.arrayBuffer()), SOUND_BYTES.subarray(188, 376))).toBe(0);
      expect(fullPath).toHaveBeenCalledTimes(1);
    } finally {
      fullPath.mockRestore();
    }
  });
});
