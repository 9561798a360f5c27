/**
 * Identical concurrent playlist requests share one generation: the first request starts
 * it, later ones replay the chunks made so far and then follow along. Chunks are pulled
 * from the source only as fast as the fastest reader asks, and the generation is
 * forgotten when it finishes (a later request sees a grown archive) or when every reader
 * has gone (a player that navigated away stops the work).
 */

class Recording {
  readonly chunks: string[] = [];
  done = false;
  failure: unknown;
  readers = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly source: AsyncIterator<string>,
    private readonly forget: () => void,
  ) {}

  /** Chunk number `index`, pulling the source when no reader has needed it yet; undefined at the end. */
  async chunk(index: number): Promise<string | undefined> {
    while (index >= this.chunks.length) {
      if (this.failure !== undefined) throw this.failure;
      if (this.done) return undefined;
      this.pending ??= this.pullOne().finally(() => (this.pending = undefined));
      await this.pending;
    }
    return this.chunks[index];
  }

  private async pullOne(): Promise<void> {
    try {
      const next = await this.source.next();
      if (next.done) this.finish();
      else this.chunks.push(next.value);
    } catch (error) {
      this.failure = error;
      this.finish();
    }
  }

  private finish(): void {
    this.done = true;
    this.forget();
  }

  leave(): void {
    this.readers--;
    if (this.readers === 0 && !this.done) {
      this.done = true;
      this.forget();
      void this.source.return?.();
    }
  }
}

export class SharedGenerations {
  private readonly running = new Map<string, Recording>();

  /** A text stream of the generation for `key`, joining a running one or starting `produce()`. */
  stream(key: string, produce: () => AsyncIterable<string>): ReadableStream<Uint8Array> {
    let recording = this.running.get(key);
    if (!recording) {
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
  let index = 0;
  let left = false;
  const leave = () => {
    if (left) return;
    left = true;
    recording.leave();
  };
  recording.readers++;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const chunk = await recording.chunk(index++);
          if (chunk === undefined) {
            leave();
            controller.close();
          } else {
            controller.enqueue(encoder.encode(chunk));
          }
        } catch (error) {
          leave();
          controller.error(error);
        }
      },
      cancel() {
        leave();
      },
    },
    { highWaterMark: 0 },
  );
}
