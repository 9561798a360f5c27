/**
 * Which bytes of which files were read a moment ago, so that sending them again can read
 * them synchronously. A read through libuv's threads costs a thread wake-up and an event
 * loop turn on top of the copy (most of a 100 kB Range reply's time for one client), yet
 * a synchronous read of bytes not in the page cache would hold every other request while
 * the disk seeks. Bytes this process read within WARM_MS are (short of heavy memory
 * pressure) still cached, so only those are read without the threads. A file is known by
 * device, inode, size and both times: rewritten or replaced, it is another file.
 */

/** How long bytes read stay counted as in the page cache (ms). */
const WARM_MS = 30_000;

/** Files remembered (least recently read dropped first). */
const MAX_FILES = 4_096;

/** One run of bytes read, [startByte, endByte), last read at atMs. */
interface Span {
  startByte: number;
  endByte: number;
  atMs: number;
}

export class WarmBytes {
  private readonly spans = new Map<string, Span>();

  /** Whether bytes [startByte, endByte) of the file were all read within WARM_MS. */
  covers(fileKey: string, startByte: number, endByte: number, nowMs = Date.now()): boolean {
    const span = this.spans.get(fileKey);
    return span !== undefined && nowMs - span.atMs <= WARM_MS && span.startByte <= startByte && endByte <= span.endByte;
  }

  /** Bytes [startByte, endByte) were just read: joined to the file's span when they touch it, else they replace it. */
  note(fileKey: string, startByte: number, endByte: number, nowMs = Date.now()): void {
    const span = this.spans.get(fileKey);
    if (span !== undefined) {
      // Kept as the most recently read (the map's order drops the least recently read first).
      this.spans.delete(fileKey);
      this.spans.set(fileKey, span);
      if (nowMs - span.atMs <= WARM_MS && startByte <= span.endByte && span.startByte <= endByte) {
        span.startByte = Math.min(startByte, span.startByte);
        span.endByte = Math.max(endByte, span.endByte);
      } else {
        span.startByte = startByte;
        span.endByte = endByte;
      }
      span.atMs = nowMs;
      return;
    }
    this.spans.set(fileKey, { startByte, endByte, atMs: nowMs });
    if (this.spans.size > MAX_FILES) this.spans.delete(this.spans.keys().next().value!);
  }
}

/** The process's memory of bytes read: every reply reads through it (reply-bytes.ts). */
export const warmBytes = new WarmBytes();
