/**
 * The node segment cache keeps pinned files through eviction (an export reads its segments
 * by path long after they were fetched), over its size limit meanwhile, and lets them go
 * once released. Real files in a temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SegmentCache } from '../../electron/node/archive/sources/segment-cache';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';
import { parseHour } from '../../shared/time';

const HOUR = '2026-11-14T03';
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A segment of `bytes` at `second`, named with their real hash. */
function segmentOf(second: number, bytes: Buffer): SegmentInfo {
  const hash = createHash('sha256').update(bytes).digest('base64url');
  return parseSegmentName(`00:${String(second).padStart(2, '0')}.000000-2.000-full-${hash}.ts`, HOUR, parseHour(HOUR)!);
}

async function fill(cache: SegmentCache, second: number): Promise<string> {
  const bytes = Buffer.alloc(100, second);
  const filled = await cache.fill('ch', 'source', segmentOf(second, bytes), 'node', async (onChunk) => {
    await onChunk(bytes);
    return bytes.length;
  });
  return filled!;
}

const exists = async (filePath: string) => (await stat(filePath).catch(() => undefined)) !== undefined;

describe('segment cache pins', () => {
  it('keep a file through eviction until released, then it goes', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cache-pins-'));
    const cache = new SegmentCache(dir, 150);
    const first = await fill(cache, 0);
    const release = cache.pin([first]);
    const second = await fill(cache, 2);
    const third = await fill(cache, 4);
    expect(await exists(first)).toBe(true);
    expect(await exists(second)).toBe(false);
    expect(await exists(third)).toBe(true);
    expect(await cache.sizeBytes()).toBe(200);
    release();
    release();
    await expect.poll(() => exists(first)).toBe(false);
    expect(await cache.sizeBytes()).toBe(100);
  });

  it('a pin taken before the file is fetched holds it once it comes; pins of two holders add up', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-cache-pins-'));
    const cache = new SegmentCache(dir, 150);
    const firstPath = cache.pathOf('ch', 'source', HOUR, segmentOf(0, Buffer.alloc(100, 0)).name);
    const releaseOne = cache.pin([firstPath]);
    const releaseTwo = cache.pin([firstPath]);
    expect(await fill(cache, 0)).toBe(firstPath);
    await fill(cache, 2);
    releaseOne();
    await fill(cache, 4);
    expect(await exists(firstPath)).toBe(true);
    releaseTwo();
    await fill(cache, 6);
    expect(await exists(firstPath)).toBe(false);
  });
});
