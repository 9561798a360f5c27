/**
 * The two ways a segment request is answered (segment-files.ts) must give the same reply:
 * the fast path, for a settled hour folder whose listing is remembered, and the careful
 * path, which checks everything from scratch (here: a folder whose mtime is in the future,
 * never trusted). Two hour folders hold the same files with the same times; every request
 * goes to both, through both front doors (browser mode over real HTTP, Electron's Fetch
 * handler), and status, headers and bytes are compared, with the hour's name the only
 * difference allowed in a text reply. `archive.inspect` (the careful path's check) shows
 * which path answered.
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { createProtocolHandler } from '../../electron/node/protocol/handler';
import { type RunningServer, startServer } from '../../electron/serve/server';

const CHANNEL = 'chan';
const QUALITY = 'source';
const FAST_HOUR = '2026-11-14T03';
const CAREFUL_HOUR = '2026-11-14T04';
const SETTLED = new Date('2026-11-15T00:00:00Z');
/** An hour from now and on: a folder modified "in the future" is never trusted, so every request takes the careful path. */
const UNSETTLED = new Date(Date.now() + 3_600_000);
const FILE_TIME = new Date('2026-11-14T12:00:00Z');

/** Larger than two 1 MiB chunks, so whole files and ranges cross chunk edges at 256 KiB and at 1 MiB. */
const BIG_BYTES = 2_700_000;
const big = Buffer.allocUnsafe(BIG_BYTES);
for (let byte = 0; byte < big.length; byte++) big[byte] = (byte * 31 + (byte >> 12)) % 256;
/** 188-byte packets starting with the sync byte: a `partial` segment judged sound by `?check=bytes`. */
const sound = Buffer.alloc(188 * 600, 0x11);
for (let at = 0; at < sound.length; at += 188) sound[at] = 0x47;
const garbage = Buffer.alloc(sound.length, 0x11);

const BIG = '00:00.000000-2.0-full-AAAA.ts';
const SOUND = '00:02.000000-2.0-partial-AAAA.ts';
const GARBAGE = '00:04.000000-2.0-partial-AAAA.ts';
const EMPTY = '00:06.000000-2.0-full-AAAA.ts';
const TOMBSTONED = '00:08.000000-2.0-full-AAAA.ts';
const MISSING = '00:10.000000-2.0-full-AAAA.ts';
const OTHER_FILE = 'notes.json';
const FILES: [string, Buffer][] = [
  [BIG, big],
  [SOUND, sound],
  [GARBAGE, garbage],
  [EMPTY, Buffer.alloc(0)],
  [TOMBSTONED, sound],
  [OTHER_FILE, Buffer.from('{"note": "not a segment"}')],
];

interface Ask {
  file: string;
  query?: string;
  method?: string;
  range?: string;
}

const ASKS: Ask[] = [
  { file: BIG },
  { file: BIG, range: 'bytes=0-0' },
  { file: BIG, range: 'bytes=262000-1048700' },
  { file: BIG, range: 'bytes=1048575-2097153' },
  { file: BIG, range: 'bytes=2600000-' },
  { file: BIG, range: 'bytes=-100' },
  { file: BIG, range: `bytes=${BIG_BYTES - 1}-${BIG_BYTES + 500}` },
  { file: BIG, range: `bytes=${BIG_BYTES}-` },
  { file: BIG, range: 'bytes=500-100' },
  { file: BIG, range: 'bytes=abc' },
  { file: BIG, range: 'bytes=0-10,20-30' },
  { file: BIG, method: 'HEAD' },
  { file: BIG, method: 'HEAD', range: 'bytes=10-20' },
  { file: SOUND, query: '?check=bytes' },
  { file: SOUND, query: '?check=bytes', range: 'bytes=100-199' },
  { file: GARBAGE, query: '?check=bytes' },
  { file: GARBAGE },
  { file: EMPTY },
  { file: EMPTY, range: 'bytes=0-' },
  { file: EMPTY, query: '?check=bytes' },
  { file: TOMBSTONED },
  { file: MISSING },
  { file: OTHER_FILE },
];

/** Headers that say when or how the reply went, not what it is. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

interface Reply {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

let root: string;
let server: RunningServer;
let archive: Archive;
let handler: ReturnType<typeof createProtocolHandler>;
const hourDir = (hour: string) => path.join(root, CHANNEL, QUALITY, hour);

async function askVia(door: 'http' | 'fetch', hour: string, ask: Ask): Promise<Reply> {
  const url = `segments/${CHANNEL}/${QUALITY}/${hour}/${encodeURIComponent(ask.file)}${ask.query ?? ''}`;
  const init: RequestInit = { method: ask.method ?? 'GET', headers: ask.range === undefined ? {} : { Range: ask.range } };
  const response = door === 'http' ? await fetch(`${server.url}${url}`, init) : await handler(new Request(`archive://local/${url}`, init));
  const headers = [...response.headers.entries()].filter(([name]) => !TRANSPORT_HEADERS.has(name)).sort(([a], [b]) => a.localeCompare(b));
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** The careful reply with its hour's name written as the fast one's: the only difference a reply may carry. */
function asFastHour(reply: Reply): Reply {
  const text = reply.body.toString('latin1');
  if (!text.includes(CAREFUL_HOUR)) return reply;
  return { ...reply, body: Buffer.from(text.replaceAll(CAREFUL_HOUR, FAST_HOUR), 'latin1') };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-paths-agree-'));
  for (const hour of [FAST_HOUR, CAREFUL_HOUR]) {
    await mkdir(hourDir(hour), { recursive: true });
    for (const [name, bytes] of FILES) {
      await writeFile(path.join(hourDir(hour), name), bytes);
      await utimes(path.join(hourDir(hour), name), FILE_TIME, FILE_TIME);
    }
    await writeFile(path.join(hourDir(hour), TOMBSTONED.replace(/\.ts$/, '.tombstone')), '');
  }
  await utimes(hourDir(FAST_HOUR), SETTLED, SETTLED);
  await utimes(hourDir(CAREFUL_HOUR), UNSETTLED, UNSETTLED);
  archive = new Archive(root, { warn: () => undefined });
  handler = createProtocolHandler({ archive, log: () => undefined });
  server = await startServer({ archive, rendererDir: path.join(root, 'no-renderer'), log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await rm(root, { recursive: true, force: true });
});

describe.each(['http', 'fetch'] as const)('the fast and the careful path agree (%s)', (door) => {
  it('give the same status, headers and bytes for every request, asked twice (the second from what was remembered)', async () => {
    const inspect = vi.spyOn(archive, 'inspect');
    try {
      for (const round of [1, 2]) {
        for (const ask of ASKS) {
          const what = `${JSON.stringify(ask)}, round ${round}`;
          inspect.mockClear();
          const fast = await askVia(door, FAST_HOUR, ask);
          expect(inspect, `${what}: the settled folder is answered without the careful path's inspection`).not.toHaveBeenCalled();
          const careful = asFastHour(await askVia(door, CAREFUL_HOUR, ask));
          if (ask.file.endsWith('.ts') && ask.file !== TOMBSTONED && ask.file !== MISSING)
            expect(inspect, `${what}: the unsettled folder took the careful path`).toHaveBeenCalled();
          expect(fast.status, what).toBe(careful.status);
          expect(fast.headers, what).toEqual(careful.headers);
          expect(fast.body.length, what).toBe(careful.body.length);
          expect(Buffer.compare(fast.body, careful.body), `${what}: bytes`).toBe(0);
        }
      }
    } finally {
      inspect.mockRestore();
    }
  });
});

it('sends what the files hold (the agreement above is not two paths agreeing on something wrong)', async () => {
  const whole = await askVia('http', FAST_HOUR, { file: BIG });
  expect(whole.status).toBe(200);
  expect(Buffer.compare(whole.body, big)).toBe(0);
  const across = await askVia('fetch', FAST_HOUR, { file: BIG, range: 'bytes=1048575-2097153' });
  expect(across.status).toBe(206);
  expect(Buffer.compare(across.body, big.subarray(1_048_575, 2_097_154))).toBe(0);
  expect((await askVia('http', FAST_HOUR, { file: GARBAGE, query: '?check=bytes' })).status).toBe(422);
  expect((await askVia('http', FAST_HOUR, { file: TOMBSTONED })).status).toBe(404);
});
