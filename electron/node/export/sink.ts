/**
 * Where the bytes of a stream plan go: straight into a file, through the MPEG-TS
 * re-timer, into a remuxing ffmpeg's stdin, or into an HTTP response. Every sink applies
 * back-pressure (write resolves when the bytes are accepted) and says where parts begin.
 */
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { endPipe, writeToPipe, type PipeEnd } from '../ffmpeg/pipe-write';
import { Retimer } from '../../../shared/retime';
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

/**
 * Re-times the stream into one timeline from 0 (rough and smart cuts) before passing it
 * on. The re-timer runs right in write(), on the chunk as given (patched in place), while
 * the sink's previous write is still under way: one write in flight, so re-timing a chunk
 * overlaps writing the one before. Its failure is thrown by the next write or finish.
 */
export class RetimeSink implements ByteSink {
  private readonly retimer = new Retimer();
  private partOpen = false;
  /** The bytes a part boundary released (the end of the part before), written before anything after it. */
  private released: Uint8Array[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  constructor(private readonly inner: ByteSink) {}

  async write(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    if (!this.partOpen) this.openPart();
    this.released.push(this.retimer.push(chunk));
    await this.writing;
    this.throwIfFailed();
    this.writeReleased();
  }

  startPart(name: string): void {
    this.endOpenPart();
    this.openPart(name);
  }

  startFile(name: string): void {
    if (this.partOpen) this.retimer.startFile(name);
    else this.openPart(name);
  }

  async finish(): Promise<void> {
    this.throwIfFailed();
    this.endOpenPart();
    await this.writing;
    this.throwIfFailed();
    this.writeReleased();
    await this.writing;
    this.throwIfFailed();
    await this.inner.finish();
  }

  private openPart(name?: string): void {
    this.retimer.startPart(name);
    this.partOpen = true;
  }

  private endOpenPart(): void {
    if (this.partOpen) this.released.push(this.retimer.endPart());
    this.partOpen = false;
  }

  /** Starts writing what the re-timer released so far (the previous write is done). */
  private writeReleased(): void {
    const pieces = this.released.filter((bytes) => bytes.length > 0);
    this.released = [];
    this.writing = (async () => {
      for (const bytes of pieces) await this.inner.write(bytes);
    })().catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
