/**
 * Output text built straight into bytes: `segments --json` over 12 hours is 8 MB of JSON
 * in 21,600 pieces, and as a JavaScript string it was built, flattened and then encoded
 * to UTF-8 once more on its way to stdout (three times the work of writing the bytes).
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
