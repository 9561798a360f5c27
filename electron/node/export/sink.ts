/**
 * Where the bytes of a stream plan go: straight into a file, through the MPEG-TS
 * re-timer, into a remuxing ffmpeg's stdin, or into an HTTP response. Every sink applies
 * back-pressure (write resolves when the bytes are accepted) and says where parts begin.
 */
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { endPipe, writeToPipe, type PipeEnd } from '../ffmpeg/pipe-write';
import { createRetimeStream, type RetimeStream } from './retime';
import type { SafeOutput } from './safe-output';

export interface ByteSink {
  write(chunk: Uint8Array): Promise<void>;
  /** A new part of the cut begins (the first one too): the re-timer recalibrates there. */
  startPart(name: string): void;
  /** Another file of the current part begins (a copied segment): the re-timer recalibrates only at a stream restart. */
  startFile(name: string): void;
  /** All bytes were written; resolves once they are all delivered. */
  finish(): Promise<void>;
}

export class FileSink implements ByteSink {
  constructor(private readonly output: SafeOutput) {}
  write(chunk: Uint8Array): Promise<void> {
    return this.output.write(chunk);
  }
  startPart(): void {}
  startFile(): void {}
  async finish(): Promise<void> {}
}

/**
 * Writes to a Node stream: a remuxing ffmpeg's stdin (give `reader` its process) or an
 * HTTP body. Each write waits until the stream took the chunk, and fails with
 * PipeClosedError as soon as the reader is gone (see ffmpeg/pipe-write.ts).
 */
export class WritableSink implements ByteSink {
  private readonly pipe: PipeEnd;
  constructor(stream: Writable, reader: { name: string; child?: ChildProcess } = { name: 'the receiving end' }) {
    this.pipe = { stream, readerName: reader.name, reader: reader.child };
  }
  write(chunk: Uint8Array): Promise<void> {
    return writeToPipe(this.pipe, chunk);
  }
  startPart(): void {}
  startFile(): void {}
  finish(): Promise<void> {
    return endPipe(this.pipe);
  }
}

/** Re-times the stream into one timeline from 0 (smart cut) before passing it on. */
export class RetimeSink implements ByteSink {
  private readonly stream: RetimeStream = createRetimeStream();
  private readonly pumping: Promise<void>;
  private failure: unknown;

  constructor(private readonly inner: ByteSink) {
    this.pumping = this.pump().catch((error: unknown) => {
      this.failure = error;
      this.stream.destroy();
    });
  }

  private async pump(): Promise<void> {
    for await (const chunk of this.stream) await this.inner.write(chunk as Uint8Array);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    // A failed pump destroys the re-timer, which ends the write: its own error says why.
    await writeToPipe({ stream: this.stream, readerName: 'the re-timer' }, chunk).catch((error: unknown) => {
      throw this.failure ?? error;
    });
  }

  startPart(name: string): void {
    this.stream.startPart(name);
  }

  startFile(name: string): void {
    this.stream.startFile(name);
  }

  async finish(): Promise<void> {
    this.stream.end();
    await this.pumping;
    if (this.failure) throw this.failure;
    await this.inner.finish();
  }
}
