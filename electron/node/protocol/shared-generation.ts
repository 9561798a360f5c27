/**
 * Identical concurrent playlist requests share one generation: the first request starts
 * it, later ones replay the chunks made so far and then follow along. Chunks are pulled
 * from the source only as fast as the fastest reader asks. The first JOIN_WINDOW_CHARS
 * of text are kept for latecomers to replay; past that, chunks are dropped once every
 * reader has passed them (so no client makes the server hold a whole 12-hour playlist),
 * and a request arriving after the first drop starts a generation of its own. A generation is forgotten when it finishes (a later request sees a grown
 * archive) or when every reader has gone (a player that navigated away stops the work).
 */

/** Text kept from the start of a generation so requests arriving a moment later can share it. */
const JOIN_WINDOW_CHARS = 1_000_000;

interface Reader {
  /** Number of the next chunk this reader wants. */
  next: number;
}

class Recording {
  private readonly chunks: string[] = [];
  /** Number of the chunk at chunks[0]; chunks before it were read by everyone. */
  private firstKept = 0;
  private keptChars = 0;
  private done = false;
  private failure: unknown;
  private readonly readers = new Set<Reader>();
  private pending: Promise<void> | undefined;

  constructor(
    private readonly source: AsyncIterator<string>,
    private readonly forget: () => void,
  ) {}

  /** False once a chunk has been dropped: a newcomer could not replay from the start. */
  get joinable(): boolean {
    return this.firstKept === 0 && !this.done;
  }

  join(): Reader {
    const reader = { next: 0 };
    this.readers.add(reader);
    return reader;
  }

  /** The reader's next chunk, pulling the source when no reader has needed it yet; undefined at the end. */
  async read(reader: Reader): Promise<string | undefined> {
    while (reader.next >= this.firstKept + this.chunks.length) {
      if (this.failure !== undefined) throw this.failure;
      if (this.done) return undefined;
      this.pending ??= this.pullOne().finally(() => (this.pending = undefined));
      await this.pending;
    }
    const chunk = this.chunks[reader.next - this.firstKept]!;
    reader.next++;
    this.dropRead();
    return chunk;
  }

  leave(reader: Reader): void {
    if (!this.readers.delete(reader)) return;
    if (this.readers.size === 0 && !this.done) {
      this.finish();
      void this.source.return?.();
    }
    this.dropRead();
  }

  private dropRead(): void {
    if (this.firstKept === 0 && this.keptChars <= JOIN_WINDOW_CHARS && !this.done) return;
    let slowest = Infinity;
    for (const reader of this.readers) slowest = Math.min(slowest, reader.next);
    const droppable = Math.min(slowest, this.firstKept + this.chunks.length) - this.firstKept;
    if (droppable > 0) {
      for (const chunk of this.chunks.splice(0, droppable)) this.keptChars -= chunk.length;
      this.firstKept += droppable;
    }
  }

  private async pullOne(): Promise<void> {
    try {
      const next = await this.source.next();
      if (next.done) this.finish();
      else {
        this.chunks.push(next.value);
        this.keptChars += next.value.length;
      }
    } catch (error) {
      this.failure = error;
      this.finish();
    }
  }

  private finish(): void {
    this.done = true;
    this.forget();
  }
}

export class SharedGenerations {
  private readonly running = new Map<string, Recording>();

  /** A text stream of the generation for `key`, joining a running one or starting `produce()`. */
  stream(key: string, produce: () => AsyncIterable<string>): ReadableStream<Uint8Array> {
    let recording = this.running.get(key);
    if (!recording?.joinable) {
      const created: Recording = new Recording(produce()[Symbol.asyncIterator](), () => {
        if (this.running.get(key) === created) this.running.delete(key);
      });
      this.running.set(key, created);
      recording = created;
    }
    return readerStream(recording);
  }
}

function readerStream(recording: Recording): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = recording.join();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await recording.read(reader);
          if (chunk === undefined) {
            recording.leave(reader);
            controller.close();
          } else {
            controller.enqueue(encoder.encode(chunk));
          }
        } catch (error) {
          recording.leave(reader);
          controller.error(error);
        }
      },
      cancel() {
        recording.leave(reader);
      },
    },
    { highWaterMark: 0 },
  );
}
