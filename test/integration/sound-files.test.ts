/**
 * The archive's memory of segments found sound (electron/node/archive/sound-files.ts), on
 * a scratch copy of real demo footage: a quick inspection asked again of unchanged files
 * reads none of their bytes (this process's read counter, /proc/self/io, says so), a
 * segment reply's check counts as such a read, and a file changed in any way, even with
 * its size and modification time put back, is read again and its damage found. The size
 * a check saw is what an export's size estimate uses (electron/node/export/prepare.ts).
 */
import { readFileSync } from 'node:fs';
import { open, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Archive } from '../../electron/node/archive/archive';
import { inspectOpenSegment } from '../../electron/node/archive/segment-reader';
import { findFootage, scratchCopy, type Footage } from './export-media';

let scratch: Footage;

beforeAll(async () => {
  const footage = await findFootage(inject('demoArchive'));
  scratch = await scratchCopy(footage, footage.segments.slice(0, 12));
});
afterAll(async () => {
  await rm(scratch.root, { recursive: true, force: true });
});

/** Bytes this process has read through read calls so far (files and pipes alike). */
function bytesRead(): number {
  return Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'latin1'))![1]);
}

/** The bytes `task` made this process read. */
async function readBy(task: () => Promise<unknown>): Promise<number> {
  const before = bytesRead();
  await task();
  return bytesRead() - before;
}

function filesOf(archive: Archive) {
  return scratch.segments.map((segment) => archive.segmentFile(scratch.channel, scratch.quality, segment));
}

describe('segments found sound', () => {
  it('are not read again by a quick inspection while unchanged', async () => {
    const archive = new Archive(scratch.root, { warn: () => undefined });
    const files = filesOf(archive);
    const cold = await readBy(async () => expect(await archive.inspectMany(files, { depth: 'quick' })).toEqual(files.map(() => null)));
    // Both ends of each segment: 48 KiB twice, or the whole of a small one.
    expect(cold).toBeGreaterThan(files.length * 40_000);
    const again = await readBy(async () => expect(await archive.inspectMany(files, { depth: 'quick' })).toEqual(files.map(() => null)));
    expect(again).toBeLessThan(cold / 10);
  });

  it("count a segment reply's check as a read of them", async () => {
    const archive = new Archive(scratch.root, { warn: () => undefined });
    const [file] = filesOf(archive);
    const handle = await open(file!.path, 'r');
    try {
      const info = await handle.stat();
      archive.noteInspected(file!, await inspectOpenSegment(handle.fd, info.size, file!.segment), info);
    } finally {
      await handle.close();
    }
    expect(await readBy(async () => expect(await archive.inspect(file!, { depth: 'quick' })).toBeNull())).toBeLessThan(20_000);
  });

  it("give an export's size estimate the size their check saw, and no size once found damaged", async () => {
    const archive = new Archive(scratch.root, { warn: () => undefined });
    const files = filesOf(archive).slice(6, 9);
    expect(files.map((file) => archive.soundFiles.sizeAtCheck(file.path))).toEqual([undefined, undefined, undefined]);
    await archive.inspectMany(files, { depth: 'quick' });
    const sizes = await Promise.all(files.map(async (file) => (await stat(file.path)).size));
    expect(files.map((file) => archive.soundFiles.sizeAtCheck(file.path))).toEqual(sizes);
    await writeFile(files[1]!.path, Buffer.alloc(4_000, 0x5a));
    expect(await archive.inspect(files[1]!, { depth: 'quick' })).toMatchObject({ damage: expect.any(String) });
    expect(archive.soundFiles.sizeAtCheck(files[1]!.path)).toBeUndefined();
  });

  it('are read again once changed, even with their size and modification time put back', async () => {
    const archive = new Archive(scratch.root, { warn: () => undefined });
    const file = filesOf(archive)[3]!;
    // A whole second, so that it can be put back exactly.
    const WHEN_S = 1_790_000_000;
    await utimes(file.path, WHEN_S, WHEN_S);
    expect(await archive.inspect(file, { depth: 'quick' })).toBeNull();
    const before = await stat(file.path);
    // Garbage of the same length, its mtime restored: only the change time (and the bytes) differ.
    await writeFile(file.path, Buffer.alloc(before.size, 0x5a));
    await utimes(file.path, WHEN_S, WHEN_S);
    const after = await stat(file.path);
    expect([after.size, after.mtimeMs, after.ino]).toEqual([before.size, before.mtimeMs, before.ino]);
    expect(await archive.inspect(file, { depth: 'quick' })).toMatchObject({ damage: expect.any(String) });
    // And, damaged, it stays suspect: the next inspection reads it again.
    expect(await readBy(() => archive.inspect(file, { depth: 'quick' }))).toBeGreaterThan(40_000);
  });
});
