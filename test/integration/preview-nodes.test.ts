/**
 * A preview of footage that only a recorder node holds, with a segment cache that has
 * room for one segment: the edges the preview re-encodes on demand read node segments
 * from the cache by path, long after the playlist was planned. They must be there for
 * each render (fetched again if the cache let them go, pinned while ffmpeg reads them),
 * and the cache must be back within its limit once the renders are done. Real
 * `trimdesk serve` node, real server, real ffmpeg.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/node/archive/sources/open-archive';
import { startServer, type RunningServer } from '../../electron/serve/server';
import { demoArchivePath } from '../fixtures/demo-archive';
import { serveNode, type ServedNode } from '../fixtures/recorder-nodes';

const CHANNEL = 'desertbus';
const QUALITY = '360p';
/** A 360p demo segment is about 67 kB: room for one, so every fetch evicts the one before. */
const CACHE_BYTES = 70_000;
/** Two ranges, each cut inside segments at both ends: four edges to render, and a hard cut between. */
const RANGES = ['2026-11-14T03:01:53.1Z,2026-11-14T03:01:58.3Z', '2026-11-14T03:02:05.4Z,2026-11-14T03:02:10.7Z'];

let node: ServedNode;
let server: RunningServer;
let cacheDir: string;

beforeAll(async () => {
  node = await serveNode(demoArchivePath());
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-preview-nodes-'));
  const archive = openArchive([node.url], { cacheDir, cacheBytes: CACHE_BYTES, warn: () => undefined });
  server = await startServer({ archive, port: 0, log: () => undefined });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await node?.stop();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

async function cachedBytes(): Promise<number> {
  const entries = await readdir(cacheDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'));
  const sizes = await Promise.all(files.map(async (entry) => (await stat(path.join(entry.parentPath, entry.name))).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

describe('preview renders of node footage', () => {
  it('renders every edge from node segments a small cache had let go, and the cache is within its limit after', { timeout: 120_000 }, async () => {
    const params = new URLSearchParams({ allow_holes: 'true' });
    for (const range of RANGES) params.append('range', range);
    params.append('transition', '');
    const playlist = await fetch(`${server.url}preview/${CHANNEL}/${QUALITY}.m3u8?${params}`);
    const text = await playlist.text();
    expect(playlist.status, text).toBe(200);
    const rendered = text.split('\n').filter((line) => line.endsWith('.ts') && !line.startsWith('../'));
    expect(rendered.length).toBeGreaterThanOrEqual(4);
    for (const uri of rendered) {
      const part = await fetch(new URL(uri, playlist.url));
      const body = Buffer.from(await part.arrayBuffer());
      expect(part.status, `${uri}: ${part.status === 200 ? '' : body.toString()}`).toBe(200);
      // MPEG-TS: whole 188-byte packets, each starting with the sync byte.
      expect(body.length % 188, uri).toBe(0);
      expect(body[0], uri).toBe(0x47);
    }
    await expect.poll(cachedBytes, { timeout: 5000 }).toBeLessThanOrEqual(CACHE_BYTES);
  });
});
