/**
 * The bytes of copied segments, read ahead of their writes: the next few files are opened
 * and read while the sink writes the current one, so their opens, stats and reads (each a
 * trip through libuv's thread pool) overlap the writes instead of waiting for them. Each
 * chunk is a fresh buffer handed over to the sink, which may keep it (the re-timer patches
 * it in place and may hold it at a part's start), so nothing is copied on the way.
 */
import type { FileHandle } from 'node:fs/promises';
import { TrimdeskError } from '../../../shared/errors';
import { openRegularFile } from '../archive/segment-reader';

/** About 1 MiB, a whole number of 188-byte MPEG-TS packets: the re-timer then never has to join a packet split between chunks. */
export const READ_CHUNK_BYTES = 188 * 5577;

/** Files open and being read at once, the one being written first: libuv's thread pool has 4 threads. */
const FILES_AHEAD = 4;

/** Chunks a file's reader holds before the sink takes them: at most FILES_AHEAD x this x 1 MiB read ahead. */
const CHUNKS_AHEAD_PER_FILE = 2;

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

/**
 * Reads one file, from the moment it is made, up to the size it had when opened (a
 * segment is whole once it has its name: recorders write `temp` files and rename them),
 * or to where it ends if it was cut short meanwhile; holding at most
 * CHUNKS_AHEAD_PER_FILE chunks the caller has not taken. A failure is kept and thrown by
 * take() once the chunks read before it are taken, so an error names its file in turn.
 */
class FileReader {
  private readonly chunks: Buffer[] = [];
  private ended = false;
  private failure: SourceReadError | undefined;
  private stopped = false;
  /** Wakes take() waiting for a chunk, or read() waiting for room. */
  private wake: (() => void) | undefined;
  /** Settles (never rejects) once the file is closed. */
  readonly closed: Promise<void>;

  constructor(
    readonly fileIndex: number,
    private readonly segmentPath: string,
  ) {
    this.closed = this.readAll();
  }

  /** The next chunk, or null at the file's end. */
  async take(): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.chunks.shift();
      if (chunk !== undefined) {
        this.signal();
        return chunk;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await this.waitForSignal();
    }
  }

  /** Stops reading (the caller stopped early); resolves once the file is closed. */
  stop(): Promise<void> {
    this.stopped = true;
    this.signal();
    return this.closed;
  }

  private async readAll(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      // Never a plain open: a FIFO swapped in since the plan was made would block for good.
      const opened = await openRegularFile(this.segmentPath);
      handle = opened.handle;
      let leftBytes = opened.sizeBytes;
      while (!this.stopped && leftBytes > 0) {
        if (this.chunks.length >= CHUNKS_AHEAD_PER_FILE) {
          await this.waitForSignal();
          continue;
        }
        const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, leftBytes));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        leftBytes -= bytesRead;
        this.chunks.push(buffer.subarray(0, bytesRead));
        this.signal();
      }
    } catch (error) {
      this.failure = new SourceReadError(this.segmentPath, (error as NodeJS.ErrnoException).code ?? 'unknown');
    } finally {
      // Read-only: a failing close loses nothing.
      await handle?.close().catch(() => undefined);
      this.ended = true;
      this.signal();
    }
  }

  private waitForSignal(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The files' bytes in order, up to FILES_AHEAD files read while the caller handles this chunk. */
export async function* segmentChunks(paths: readonly string[]): AsyncGenerator<SegmentChunk, void, void> {
  const readers: FileReader[] = [];
  let nextFile = 0;
  const readAhead = () => {
    while (nextFile < paths.length && readers.length < FILES_AHEAD) {
      readers.push(new FileReader(nextFile, paths[nextFile]!));
      nextFile++;
    }
  };
  try {
    readAhead();
    while (readers.length > 0) {
      const reader = readers[0]!;
      const bytes = await reader.take();
      if (bytes === null) {
        readers.shift();
        readAhead();
        continue;
      }
      yield { fileIndex: reader.fileIndex, bytes };
    }
  } finally {
    // The caller stopped early, or a file failed: every file still open is closed before this returns.
    await Promise.all(readers.map((reader) => reader.stop()));
  }
}
