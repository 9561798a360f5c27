/**
 * Segment files from a settled hour folder: its real path and listing are remembered and
 * trusted while a stat shows the same folder and mtime (segment-files.ts). Every safety
 * check must hold on that path too, including when the folder changes in ways its mtime
 * does not show (the mtime is put back here, as a coarse-mtime drive would leave it):
 * a file swapped for a symlink out of the archive or for a FIFO, the hour folder swapped
 * for a symlink to a folder outside. Both front doors: browser mode over real HTTP and
 * the Fetch handler Electron's protocol calls.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { type RunningServer, startServer } from '../../electron/serve/server';

const CHANNEL = 'chan';
const QUALITY = 'source';
const HOUR = '2026-11-14T03';
const SECRET = 'SECRET-OUTSIDE-THE-ARCHIVE';
const SETTLED = new Date('2026-11-15T00:00:00Z');
const NAMES = ['00:00.000000-2.0-full-AAAA.ts', '00:02.000000-2.0-full-AAAA.ts', '00:04.000000-2.0-full-AAAA.ts', '00:06.000000-2.0-full-AAAA.ts'];
/** Distinct bytes per file, larger than one 256 KiB chunk so ranges cross chunk edges. */
const contents = new Map<number, Buffer>();
function contentOf(index: number): Buffer {
  let content = contents.get(index);
  if (content === undefined) {
    content = Buffer.allocUnsafe(600_000);
    for (let byte = 0; byte < content.length; byte++) content[byte] = (byte * 7 + index * 13) % 256;
    contents.set(index, content);
  }
  return content;
}

let root: string;
let outside: string;
let server: RunningServer;
let archive: Archive;
const logs: string[] = [];
let handler: ReturnType<typeof createProtocolHandler>;
const hourDir = () => path.join(root, CHANNEL, QUALITY, HOUR);
const segmentPath = (name: string) => `segments/${CHANNEL}/${QUALITY}/${HOUR}/${encodeURIComponent(name)}`;

interface Door {
  name: string;
  /** `query` goes after the path, e.g. `?check=bytes`. */
  get(name: string, init?: RequestInit, query?: string): Promise<Response>;
}
const doors: Door[] = [
  { name: 'browser mode (HTTP)', get: (name, init, query = '') => fetch(`${server.url}${segmentPath(name)}${query}`, init) },
  { name: 'Fetch handler (Electron)', get: (name, init, query = '') => handler(new Request(`archive://local/${segmentPath(name)}${query}`, init)) },
];

/** Compares as bytes: a deep toEqual of 600 kB takes seconds, long enough for the server to close an idle keep-alive connection. */
function expectBytes(received: ArrayBuffer, expected: Buffer): void {
  expect(received.byteLength).toBe(expected.length);
  expect(Buffer.compare(Buffer.from(received), expected)).toBe(0);
}

/** Leaves the hour folder looking as it did: the change is one its mtime does not show. */
const settle = () => utimes(hourDir(), SETTLED, SETTLED);

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-fast-'));
  outside = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-fast-outside-'));
  await writeFile(path.join(outside, 'passwd'), SECRET);
  await mkdir(path.join(outside, 'video'), { recursive: true });
  await mkdir(hourDir(), { recursive: true });
  for (const [index, name] of NAMES.entries()) {
    await writeFile(path.join(hourDir(), name), contentOf(index));
    await writeFile(path.join(outside, 'video', name), SECRET);
  }
  await settle();
  archive = new Archive(root, { warn: () => undefined });
  handler = createProtocolHandler({ archive, log: (message) => logs.push(message) });
  server = await startServer({ archive, rendererDir: path.join(root, 'no-renderer'), log: (message) => logs.push(message) });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe.each(doors)('segments from a settled hour folder, $name', (door) => {
  it('sends whole files, ranges across chunk edges, suffixes, HEAD and 416 exactly', async () => {
    const content = contentOf(0);
    const whole = await door.get(NAMES[0]!);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(content.length));
    expect(whole.headers.get('content-type')).toBe('video/mp2t');
    expect(whole.headers.get('cache-control')).toBe('private, max-age=86400');
    expectBytes(await whole.arrayBuffer(), content);
    for (const [range, start, end] of [
      ['bytes=262000-524300', 262_000, 524_300],
      ['bytes=599999-', 599_999, 599_999],
      ['bytes=-100', 599_900, 599_999],
      ['bytes=0-0', 0, 0],
    ] as const) {
      const partial = await door.get(NAMES[0]!, { headers: { Range: range } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toBe(`bytes ${start}-${end}/${content.length}`);
      expectBytes(await partial.arrayBuffer(), content.subarray(start, end + 1));
    }
    const beyond = await door.get(NAMES[0]!, { headers: { Range: 'bytes=600000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${content.length}`);
    const head = await door.get(NAMES[0]!, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(content.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers a name the listing does not hold with 404', async () => {
    const missing = await door.get('00:08.000000-2.0-full-AAAA.ts');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toMatch(/Not found: chan\/source\/2026-11-14T03\/00:08/);
  });

  it('sends a file changed in place at its new size (the listing holds names, not sizes)', async () => {
    const name = NAMES[3]!;
    await door.get(name).then((response) => response.arrayBuffer());
    await truncate(path.join(hourDir(), name), 1000);
    const shorter = await door.get(name);
    expect(shorter.headers.get('content-length')).toBe('1000');
    expectBytes(await shorter.arrayBuffer(), contentOf(3).subarray(0, 1000));
    await writeFile(path.join(hourDir(), name), contentOf(3));
    await settle();
  });
});

describe('changes a settled folder does not show in its mtime', () => {
  it('refuses a file swapped for a symlink out of the archive', async () => {
    const name = NAMES[1]!;
    for (const door of doors) expect((await door.get(name)).status).toBe(200);
    await rm(path.join(hourDir(), name));
    await symlink(path.join(outside, 'passwd'), path.join(hourDir(), name));
    await settle();
    for (const door of doors) {
      const response = await door.get(name);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain(SECRET);
    }
    await rm(path.join(hourDir(), name));
    await writeFile(path.join(hourDir(), name), contentOf(1));
    await settle();
  });

  it('refuses a file swapped for a FIFO at once, remembers it as damaged, and keeps serving', async () => {
    const name = NAMES[2]!;
    for (const door of doors) expect((await door.get(name)).status).toBe(200);
    await rm(path.join(hourDir(), name));
    execFileSync('mkfifo', [path.join(hourDir(), name)]);
    await settle();
    for (const door of doors) {
      const response = await door.get(name);
      expect(response.status).toBe(422);
      expect(await response.text()).toMatch(/not a regular file|FIFO/i);
    }
    expect(archive.damage.get(archive.segmentPath(CHANNEL, QUALITY, HOUR, name))?.damage).toBe('not-a-file');
    for (const door of doors) expect((await door.get(NAMES[0]!)).status).toBe(200);
    await rm(path.join(hourDir(), name));
    await writeFile(path.join(hourDir(), name), contentOf(2));
    await settle();
  });

  it('refuses an hour folder swapped for a symlink to a folder outside holding the same names', async () => {
    for (const door of doors) expect((await door.get(NAMES[0]!)).status).toBe(200);
    const parked = `${hourDir()}-parked`;
    await rename(hourDir(), parked);
    await symlink(path.join(outside, 'video'), hourDir());
    // Same mtime as the real folder: only its identity (device and inode) tells them apart.
    await utimes(path.join(outside, 'video'), SETTLED, SETTLED);
    try {
      for (const door of doors) {
        const response = await door.get(NAMES[0]!);
        expect([403, 404]).toContain(response.status);
        expect(await response.text()).not.toContain(SECRET);
      }
    } finally {
      await rm(hourDir());
      await rename(parked, hourDir());
    }
  });
});

describe('changes a settled folder shows', () => {
  it('stops serving a segment once a tombstone is written beside it', async () => {
    const name = NAMES[0]!;
    for (const door of doors) expect((await door.get(name)).status).toBe(200);
    const tombstone = path.join(hourDir(), name.replace(/\.ts$/, '.tombstone'));
    await writeFile(tombstone, '');
    for (const door of doors) {
      const response = await door.get(name);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/tombstoned/);
    }
    await rm(tombstone);
    await settle();
  });

  it('remembers a zero-byte segment as empty and still sends it (its hash is the backfiller’s to check)', async () => {
    const name = '00:10.000000-2.0-full-AAAA.ts';
    await writeFile(path.join(hourDir(), name), '');
    await settle();
    for (const door of doors) {
      const response = await door.get(name);
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(0);
    }
    expect(archive.damage.get(archive.segmentPath(CHANNEL, QUALITY, HOUR, name))?.damage).toBe('empty');
  });
});

describe('`?check=bytes` (the URIs playback playlists give) on the fast path', () => {
  // `partial` segments: judged by their sync bytes alone (no timestamps needed).
  const SOUND = '00:20.000000-2.0-partial-AAAA.ts';
  const GARBAGE = '00:22.000000-2.0-partial-AAAA.ts';
  /** Packets of 188 bytes, each starting with the sync byte: more than both 48 KiB ends. */
  const soundBytes = Buffer.alloc(188 * 600, 0x11);
  for (let at = 0; at < soundBytes.length; at += 188) soundBytes[at] = 0x47;
  const garbageBytes = Buffer.alloc(soundBytes.length, 0x11);
  /** Another settled mtime than SETTLED: the folder's listing must be read again to hold the new names. */
  const settleAgain = (at: Date) => utimes(hourDir(), at, at);
  const checked = (door: Door, name: string, init?: RequestInit) => door.get(name, init, '?check=bytes');

  beforeAll(async () => {
    await writeFile(path.join(hourDir(), SOUND), soundBytes);
    await writeFile(path.join(hourDir(), GARBAGE), garbageBytes);
    await settleAgain(new Date('2026-11-15T01:00:00Z'));
  });

  it.each(doors)('checks on the open file, not through the careful path, and reads a sound file once ($name)', async (door) => {
    const careful = vi.spyOn(archive, 'inspect');
    const inspected = vi.spyOn(archive, 'noteInspected');
    try {
      const first = await checked(door, SOUND);
      expect(first.status).toBe(200);
      expectBytes(await first.arrayBuffer(), soundBytes);
      const again = await checked(door, SOUND, { headers: { Range: 'bytes=100-199' } });
      expect(again.status).toBe(206);
      expectBytes(await again.arrayBuffer(), soundBytes.subarray(100, 200));
      expect(careful).not.toHaveBeenCalled();
      // Each door has its own route state: the first checked request through it reads the bytes, the second does not.
      expect(inspected).toHaveBeenCalledTimes(1);
      expect(inspected.mock.calls[0]![1]).toBeNull();
    } finally {
      careful.mockRestore();
      inspected.mockRestore();
    }
  });

  it.each(doors)('refuses a damaged file with 422 naming it, and remembers it as damaged ($name)', async (door) => {
    const response = await checked(door, GARBAGE);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(`${CHANNEL}/${QUALITY}/${HOUR}/${GARBAGE} (2026-11-14T03:00:22.000000Z) is damaged: it is not MPEG-TS`);
    expect(archive.damage.get(archive.segmentPath(CHANNEL, QUALITY, HOUR, GARBAGE))?.damage).toBe('not-mpegts');
    // Unchecked, the same file is sent as stored (the reference's static route).
    expect((await door.get(GARBAGE)).status).toBe(200);
  });

  it.each(doors)('checks again once the file is rewritten, even at the same size and mtime ($name)', async (door) => {
    const file = path.join(hourDir(), SOUND);
    expect((await checked(door, SOUND)).status).toBe(200);
    const sentAt = new Date('2026-11-15T00:30:00Z');
    await utimes(file, sentAt, sentAt);
    expect((await checked(door, SOUND)).status).toBe(200);
    try {
      // In place: same inode, size and (put back) mtime; only the change time tells.
      await writeFile(file, garbageBytes);
      await utimes(file, sentAt, sentAt);
      const response = await checked(door, SOUND);
      expect(response.status).toBe(422);
      expect(await response.text()).toContain(`${SOUND} (2026-11-14T03:00:20.000000Z) is damaged: it is not MPEG-TS`);
    } finally {
      await writeFile(file, soundBytes);
      await settleAgain(new Date('2026-11-15T01:00:00Z'));
    }
  });
});
