/**
 * The export's RetimeSink, which runs the re-timer inside write() with one write of the
 * sink after it in flight, against the re-timer's Transform stream (createRetimeStream)
 * on the same real segments of the demo archive, with and without B-frames: the same
 * bytes, part and file boundaries included. And a sink after it that fails: the failure
 * comes out of the next write or finish, never as an unhandled rejection.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { createRetimeStream } from '../../electron/node/export/retime';
import { RetimeSink, type ByteSink } from '../../electron/node/export/sink';
import { READ_CHUNK_BYTES } from '../../electron/node/export/segment-chunks';
import { findFootage } from './export-media';

/** What a sink was given, in order. */
class MemorySink implements ByteSink {
  readonly chunks: Buffer[] = [];
  finished = false;
  constructor(private readonly failAtWrite = Number.POSITIVE_INFINITY) {}
  async write(chunk: Uint8Array): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.chunks.length + 1 >= this.failAtWrite) throw Object.assign(new Error('disk gone'), { code: 'EIO' });
    this.chunks.push(Buffer.from(chunk));
  }
  startPart(): void {}
  startFile(): void {}
  async finish(): Promise<void> {
    this.finished = true;
  }
}

interface Feed {
  /** Each part's files, each file's bytes. */
  parts: Buffer[][];
}

/** Two parts of real footage: segments 0-2 and, after a jump, 6-8 (each file a boundary of its own). */
async function feedOf(quality: string): Promise<Feed> {
  const footage = await findFootage(inject('demoArchive'), quality);
  const read = (indexes: number[]) => Promise.all(indexes.map((index) => readFile(footage.pathOf(footage.segments[index]!))));
  return { parts: [await read([0, 1, 2]), await read([6, 7, 8])] };
}

/** The chunks a file is written in by the export (whole packets of about 1 MiB), each a fresh copy: both re-timers patch in place. */
function chunksOf(file: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < file.length; at += READ_CHUNK_BYTES) chunks.push(Buffer.from(file.subarray(at, at + READ_CHUNK_BYTES)));
  return chunks;
}

async function throughSink(feed: Feed, sink: RetimeSink): Promise<void> {
  for (const [partIndex, files] of feed.parts.entries()) {
    sink.startPart(`part ${partIndex}`);
    for (const [fileIndex, file] of files.entries()) {
      if (fileIndex > 0) sink.startFile(`file ${fileIndex}`);
      for (const chunk of chunksOf(file)) await sink.write(chunk);
    }
  }
  await sink.finish();
}

async function throughStream(feed: Feed): Promise<Buffer> {
  const stream = createRetimeStream();
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(Buffer.from(chunk)));
  const ended = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
  for (const [partIndex, files] of feed.parts.entries()) {
    stream.startPart(`part ${partIndex}`);
    for (const [fileIndex, file] of files.entries()) {
      if (fileIndex > 0) stream.startFile(`file ${fileIndex}`);
      for (const chunk of chunksOf(file)) stream.write(chunk);
    }
  }
  stream.end();
  await ended;
  return Buffer.concat(out);
}

describe.each(['360p', '360p-bframes'])('RetimeSink on %s', (quality) => {
  it('writes the same bytes as the re-timer stream, boundaries included', { timeout: 30_000 }, async () => {
    const feed = await feedOf(quality);
    const inner = new MemorySink();
    await throughSink(feed, new RetimeSink(inner));
    const expected = await throughStream(feed);
    const written = Buffer.concat(inner.chunks);
    expect(written.length).toBeGreaterThan(100_000);
    expect(written.equals(expected)).toBe(true);
    expect(inner.finished).toBe(true);
  });

  it("throws the next sink's failure from a later write or finish", { timeout: 30_000 }, async () => {
    const feed = await feedOf(quality);
    const inner = new MemorySink(2);
    await expect(throughSink(feed, new RetimeSink(inner))).rejects.toThrow('disk gone');
    expect(inner.finished).toBe(false);
  });
});
