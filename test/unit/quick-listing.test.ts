/**
 * QuickListings: folder listings blocking while they are quick, one per turn of the event
 * loop, through the thread pool for a while after a slow one, with the same answers.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QuickListings } from '../../electron/node/archive/quick-listing';

let dir: string;
let other: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-listings-'));
  await writeFile(path.join(dir, 'b.ts'), 'b');
  await writeFile(path.join(dir, 'a.ts'), 'a');
  await mkdir(path.join(dir, 'folder'));
  other = path.join(dir, 'folder');
  await writeFile(path.join(other, 'c.ts'), 'c');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A clock moving `stepsMs[i]` at its i-th reading (the last step repeats), counting its readings. */
function clock(...stepsMs: number[]) {
  const state = { nowMs: 0, readings: 0 };
  return {
    state,
    nowMs: () => {
      state.nowMs += stepsMs[Math.min(state.readings, stepsMs.length - 1)]!;
      state.readings++;
      return state.nowMs;
    },
  };
}

const described = (entries: { name: string; isFile(): boolean; isDirectory(): boolean }[]) =>
  entries.map((entry) => `${entry.name}:${entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other'}`).sort();

describe('QuickListings', () => {
  it('lists blocking while listings are quick: names and types', async () => {
    const quick = clock(0);
    const listings = new QuickListings(quick.nowMs);
    expect(described(await listings.entries(dir))).toEqual(['a.ts:file', 'b.ts:file', 'folder:folder']);
    // One reading to choose, two around the blocking listing.
    expect(quick.state.readings).toBe(3);
  });

  it('fails as readdir does for a missing folder and for a file', async () => {
    const listings = new QuickListings(clock(0).nowMs);
    await expect(listings.entries(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(listings.entries(path.join(dir, 'a.ts'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    // A failed listing does not stop the next one.
    expect(described(await listings.entries(other))).toEqual(['c.ts:file']);
  });

  it('lists through the thread pool for a while after a slow listing, with the same answers', async () => {
    // Readings: choose (0), before the listing (0), after it (+50: slow), then 1 ms apart.
    const slow = clock(0, 0, 50, 1);
    const listings = new QuickListings(slow.nowMs);
    expect(described(await listings.entries(dir))).toEqual(['a.ts:file', 'b.ts:file', 'folder:folder']);
    expect(slow.state.readings).toBe(3);
    // Within the cold-drive window: the one reading that chooses, no blocking listing.
    expect(described(await listings.entries(dir))).toEqual(['a.ts:file', 'b.ts:file', 'folder:folder']);
    expect(slow.state.readings).toBe(4);
    await expect(listings.entries(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Long after, it tries blocking again.
    slow.state.nowMs += 60_000;
    const before = slow.state.readings;
    await listings.entries(other);
    expect(slow.state.readings).toBe(before + 3);
  });

  it('gives the event loop a turn between listings asked for together', async () => {
    const listings = new QuickListings(clock(0).nowMs);
    const order: string[] = [];
    const first = listings.entries(dir).then(() => {
      order.push('first listed');
      setImmediate(() => order.push('a turn of the loop'));
    });
    const second = listings.entries(other).then(() => order.push('second listed'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first listed', 'a turn of the loop', 'second listed']);
  });
});
