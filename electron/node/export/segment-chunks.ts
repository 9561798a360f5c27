/**
 * The bytes of copied segments, read ahead of their writes: while the sink writes one
 * chunk the next read (or the next file's open) is already running. Each chunk is a fresh
 * buffer handed over to the sink, which may keep it (the re-timer patches it in place),
 * so nothing is copied on the way.
 */
import type { FileHandle } from 'node:fs/promises';
import { TrimdeskError } from '../../../shared/errors';
import { openRegularFile } from '../archive/segment-reader';

/** About 1 MiB, a whole number of 188-byte MPEG-TS packets: the re-timer then never has to join a packet split between chunks. */
export const READ_CHUNK_BYTES = 188 * 5577;

/** A segment the plan reads vanished or became unreadable during the export. */
export class SourceReadError extends TrimdeskError {
  constructor(
    readonly segmentPath: string,
    readonly code: string,
  ) {
    super(
      'source-unreadable',
      `Segment ${segmentPath} could not be read during the export (${code}): it was probably deleted or the drive went away. Nothing was written; try the export again.`,
      { path: segmentPath, code },
    );
    this.name = 'SourceReadError';
  }
}

export interface SegmentChunk {
  /** Index of the chunk's file in the paths given. */
  fileIndex: number;
  bytes: Buffer;
}

function readFailure(segmentPath: string) {
  return (error: NodeJS.ErrnoException): never => {
    throw new SourceReadError(segmentPath, error.code ?? 'unknown');
  };
}

/** Reads the files one chunk at a time, in order; one file open at a time. */
class SegmentReader {
  private fileIndex = 0;
  private open: { handle: FileHandle; leftBytes: number } | null = null;

  constructor(private readonly paths: readonly string[]) {}

  async next(): Promise<SegmentChunk | null> {
    while (this.fileIndex < this.paths.length) {
      const segmentPath = this.paths[this.fileIndex]!;
      // Never a plain open: a FIFO swapped in since the plan was made would block for good.
      if (this.open === null) {
        const { handle, sizeBytes } = await openRegularFile(segmentPath).catch(readFailure(segmentPath));
        this.open = { handle, leftBytes: sizeBytes };
      }
      // Sized to what is left of the file (most segments fit one chunk), and at least a packet: a file may grow.
      const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, Math.max(188, this.open.leftBytes)));
      const { bytesRead } = await this.open.handle.read(buffer, 0, buffer.length, null).catch(readFailure(segmentPath));
      if (bytesRead > 0) {
        this.open.leftBytes -= bytesRead;
        return { fileIndex: this.fileIndex, bytes: buffer.subarray(0, bytesRead) };
      }
      await this.close();
      this.fileIndex++;
    }
    return null;
  }

  async close(): Promise<void> {
    const open = this.open;
    this.open = null;
    await open?.handle.close();
  }
}

/** The files' bytes in order, the next chunk read while the caller handles this one. */
export async function* segmentChunks(paths: readonly string[]): AsyncGenerator<SegmentChunk, void, void> {
  const reader = new SegmentReader(paths);
  let ahead = reader.next();
  try {
    for (;;) {
      const chunk = await ahead;
      if (chunk === null) return;
      ahead = reader.next();
      // Seen here if the caller stops before taking it (the finally below waits for it).
      ahead.catch(() => undefined);
      yield chunk;
    }
  } finally {
    await ahead.catch(() => undefined);
    await reader.close();
  }
}
