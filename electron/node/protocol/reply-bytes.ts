/**
 * Reading a FileReply's bytes in order, chunk by chunk, for both front doors: Electron's
 * Fetch handler (file-response.ts: a web stream) and browser mode (electron/serve/
 * file-pump.ts: straight to the socket). The file is closed once the last byte is read,
 * the reading fails or stops short, or the consumer leaves. Bytes this process read a
 * moment ago are read synchronously (warm-bytes.ts); others through libuv's threads.
 */
import { closeSync, read, readSync } from 'node:fs';
import type { FileBytes, Log } from './file-response';
import { warmBytes } from './warm-bytes';

/**
 * Called with the chunk read (a view of the buffer given), or with why reading stopped
 * (already logged, the file closed), or with neither when the consumer closed the reader
 * while the read ran.
 */
export type ChunkCallback = (error: Error | null, chunk?: Buffer) => void;

export class ReplyBytes {
  private positionByte: number;
  private remainingBytes: number;
  private closed = false;

  constructor(
    private readonly bytes: FileBytes,
    private readonly label: string,
    private readonly log: Log,
  ) {
    this.positionByte = bytes.startByte;
    this.remainingBytes = bytes.lengthBytes;
  }

  /** Bytes not read yet: 0 once the last chunk has been handed over. */
  get remaining(): number {
    return this.remainingBytes;
  }

  /** The size of the next chunk read into a buffer of `bufferBytes`. */
  nextBytes(bufferBytes: number): number {
    return Math.min(bufferBytes, this.remainingBytes);
  }

  /**
   * Reads the next chunk into `buffer` (up to its length). Warm bytes call back before this
   * returns, others later: a caller reading on from the callback must not recurse for good.
   */
  next(buffer: Buffer, done: ChunkCallback): void {
    const warm = this.nextWarm(buffer);
    if (warm instanceof Error) {
      done(warm);
      return;
    }
    if (warm !== undefined) {
      done(null, warm);
      return;
    }
    read(this.bytes.fd, buffer, 0, this.nextBytes(buffer.length), this.positionByte, (error, bytesRead) => {
      // The consumer left while the read ran: the file is closed already.
      if (this.closed) return done(null);
      if (error) return done(this.stop(error));
      const chunk = this.took(buffer, bytesRead);
      if (chunk instanceof Error) done(chunk);
      else done(null, chunk);
    });
  }

  /**
   * The next chunk read into `buffer` at once when its bytes are warm (or why reading
   * stopped, logged and the file closed); undefined when they are not, with nothing read:
   * then `next` reads them through the threads.
   */
  nextWarm(buffer: Buffer): Buffer | Error | undefined {
    const wantBytes = this.nextBytes(buffer.length);
    if (!warmBytes.covers(this.bytes.fileKey, this.positionByte, this.positionByte + wantBytes)) return undefined;
    let bytesRead: number;
    try {
      bytesRead = readSync(this.bytes.fd, buffer, 0, wantBytes, this.positionByte);
    } catch (error) {
      return this.stop(error as Error);
    }
    return this.took(buffer, bytesRead);
  }

  /** Closes the file (again is harmless): the consumer is done with it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Synchronous: closing a file opened only for reading writes nothing back, and a trip through the threads costs more.
      closeSync(this.bytes.fd);
    } catch {
      // Already closed by the system: nothing to give back.
    }
  }

  private took(buffer: Buffer, bytesRead: number): Buffer | Error {
    if (bytesRead === 0) return this.stop(new Error(`${this.label} shrank while it was being sent`), 'the file shrank while it was being sent');
    warmBytes.note(this.bytes.fileKey, this.positionByte, this.positionByte + bytesRead);
    this.positionByte += bytesRead;
    this.remainingBytes -= bytesRead;
    if (this.remainingBytes === 0) this.close();
    return bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
  }

  /** Logs why sending stopped early and closes the file: the error to hand on. */
  private stop(error: Error, why = error.message): Error {
    this.log(`Stopped sending ${this.label} at byte ${this.positionByte}: ${why}`);
    this.close();
    return error;
  }
}
