/**
 * Where a sound stream ends, counted from its frame headers as the bytes pass: one PES
 * packet bundles several frames (ffmpeg's muxer: ~15 AAC frames) and says only when the
 * first starts, so the re-timer would not otherwise know whether a part's sound runs
 * into the next part's. The codec's headers are read by a SoundFrameFormat
 * (sound-frames.ts). Pure: no node:* imports.
 */
import type { SoundFrameFormat } from './sound-frames';

export class SoundClock {
  /** Timeline PTS of the PES being read, null before the first one or when its frames are not this format's. */
  private pesTicks: number | null = null;
  /** Duration of the frames begun in that PES so far. */
  private pesDurationTicks = 0;
  /** Bytes of the current frame still to skip, and a header split across packets. */
  private skipBytes = 0;
  private header: number[] = [];
  private doneEndTicks: number | null = null;
  /** Duration of the latest frame read, in 90 kHz ticks (null until one was). */
  frameTicks: number | null = null;

  constructor(readonly format: SoundFrameFormat) {}

  /** A PES starts at timeline PTS `ptsTicks`; its data follows with feed(). */
  startPes(ptsTicks: number): void {
    this.doneEndTicks = this.endTicks;
    this.pesTicks = ptsTicks;
    this.pesDurationTicks = 0;
    this.skipBytes = 0;
    this.header = [];
  }

  /** PES data bytes [from, to) of `bytes`. */
  feed(bytes: Uint8Array, from: number, to: number): void {
    let at = from;
    while (this.pesTicks !== null && at < to) {
      if (this.skipBytes > 0) {
        const skipped = Math.min(this.skipBytes, to - at);
        this.skipBytes -= skipped;
        at += skipped;
        continue;
      }
      this.header.push(bytes[at]!);
      at++;
      if (this.header.length === this.format.headerBytes) this.readHeader();
    }
  }

  /** The end of the latest sound read on the timeline: its PES's PTS plus the frames begun in it; null if none. */
  get endTicks(): number | null {
    const current = this.pesTicks === null || this.pesDurationTicks === 0 ? null : this.pesTicks + this.pesDurationTicks;
    if (current === null) return this.doneEndTicks;
    return this.doneEndTicks === null ? current : Math.max(this.doneEndTicks, current);
  }

  private readHeader(): void {
    const frame = this.format.read(this.header);
    this.header = [];
    if (frame === null || frame.frameBytes < this.format.headerBytes) {
      // Not this codec (or damage): stop counting this PES rather than guess.
      this.doneEndTicks = this.endTicks;
      this.pesTicks = null;
      return;
    }
    this.pesDurationTicks += frame.ticks;
    this.frameTicks = frame.ticks;
    this.skipBytes = frame.frameBytes - this.format.headerBytes;
  }
}
