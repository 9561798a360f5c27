/**
 * Output text built straight into bytes: `segments --json` over 12 hours is 8 MB of JSON
 * in 21,600 pieces, and as a JavaScript string it was built, flattened and then encoded
 * to UTF-8 once more on its way to stdout (three times the work of writing the bytes).
 * Even one string per segment, written with one native call, was a sixth of the run's
 * CPU and most of its garbage; the parts repeated per segment are therefore encoded once
 * and copied, and a hot loop writes into the buffer itself (`room`).
 */
export class TextBytes {
  private buffer: Buffer;
  private length = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, expectedBytes));
  }

  /** Text of characters below U+0100 only (ASCII above all): one byte each. */
  latin1(text: string): void {
    this.reserve(text.length);
    this.length += this.buffer.write(text, this.length, 'latin1');
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** Bytes encoded once and written many times. */
  raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** One ASCII character by its code. */
  byte(code: number): void {
    this.reserve(1);
    this.buffer[this.length++] = code;
  }

  /**
   * For a loop that writes its bytes itself (one call per segment rather than a dozen:
   * with the JIT still cold each call costs more than the bytes it writes): the buffer,
   * with at least `bytes` free from `length`; `advance` then counts what was written.
   */
  room(bytes: number): Buffer {
    this.reserve(bytes);
    return this.buffer;
  }

  get written(): number {
    return this.length;
  }

  advance(bytes: number): void {
    this.length += bytes;
  }

  /** Starts again at the buffer's start (what bytes() gave is overwritten). */
  clear(): void {
    this.length = 0;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + bytes));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}
