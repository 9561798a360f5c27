/**
 * The export's read-ahead (electron/node/export/segment-chunks.ts) on real files: several
 * files are open and read while the sink writes, yet every byte arrives once, in order;
 * a file that cannot be read fails in its turn, naming it; stopping early closes every
 * file it opened.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_CHUNK_BYTES, SourceReadError, segmentChunks } from '../../electron/node/export/segment-chunks';

let folder: string;
/** Sizes that take one read, several (the file's reader waits for room), and a partial packet. */
const SIZES = [100, READ_CHUNK_BYTES, READ_CHUNK_BYTES + 188, 3 * READ_CHUNK_BYTES + 1000, 7, 188 * 40, 2 * READ_CHUNK_BYTES, 5000, 1, 188];

function fileAt(index: number): string {
  return path.join(folder, `${String(index).padStart(2, '0')}.ts`);
}

/** Bytes that tell every file and offset apart. */
function contentOf(index: number, size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let at = 0; at < size; at++) bytes[at] = (index * 31 + at * 7 + (at >> 8)) & 0xff;
  return bytes;
}

/** Descriptors this process has open on files in the test folder. */
function openInFolder(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(folder) ? [target] : [];
    } catch {
      return [];
    }
  });
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'trimdesk-chunks-'));
  await Promise.all(SIZES.map((size, index) => writeFile(fileAt(index), contentOf(index, size))));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('segmentChunks', () => {
  it('gives every byte of every file once, in order, each chunk with its file', async () => {
    const paths = SIZES.map((_, index) => fileAt(index));
    const received = SIZES.map(() => [] as Buffer[]);
    let lastFile = 0;
    for await (const chunk of segmentChunks(paths)) {
      expect(chunk.fileIndex).toBeGreaterThanOrEqual(lastFile);
      expect(chunk.bytes.length).toBeLessThanOrEqual(READ_CHUNK_BYTES);
      lastFile = chunk.fileIndex;
      received[chunk.fileIndex]!.push(Buffer.from(chunk.bytes));
    }
    for (const [index, size] of SIZES.entries()) expect(Buffer.concat(received[index]!).equals(contentOf(index, size)), `file ${index}`).toBe(true);
    expect(openInFolder()).toEqual([]);
  });

  it('fails at a missing file only after the files before it, naming it', async () => {
    const missing = path.join(folder, 'gone.ts');
    const paths = [fileAt(0), fileAt(1), fileAt(2), fileAt(3), fileAt(4), missing, fileAt(5)];
    const before: number[] = [];
    let failure: unknown;
    try {
      for await (const chunk of segmentChunks(paths)) before.push(chunk.fileIndex);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SourceReadError);
    expect((failure as SourceReadError).segmentPath).toBe(missing);
    expect((failure as SourceReadError).code).toBe('ENOENT');
    expect([...new Set(before)]).toEqual([0, 1, 2, 3, 4]);
    expect(openInFolder()).toEqual([]);
  });

  it('refuses a FIFO in its turn without blocking on it', async () => {
    const fifo = path.join(folder, 'fifo.ts');
    execFileSync('mkfifo', [fifo]);
    try {
      const files: number[] = [];
      await expect(
        (async () => {
          for await (const chunk of segmentChunks([fileAt(0), fifo, fileAt(1)])) files.push(chunk.fileIndex);
        })(),
      ).rejects.toMatchObject({ segmentPath: fifo });
      expect(files).toEqual([0]);
    } finally {
      await rm(fifo);
    }
  });

  it('closes every file it opened when the caller stops early', async () => {
    const paths = SIZES.map((_, index) => fileAt(index));
    const first = await readFile(paths[0]!);
    for await (const chunk of segmentChunks(paths)) {
      expect(Buffer.from(chunk.bytes).equals(first)).toBe(true);
      // The files after it are opened and read ahead meanwhile.
      await expect.poll(() => openInFolder().length).toBeGreaterThan(1);
      break;
    }
    expect(openInFolder()).toEqual([]);
  });
});
