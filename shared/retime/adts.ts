/**
 * Where an AAC stream's sound ends, counted from its ADTS frame headers as the bytes pass:
 * one PES packet bundles several audio frames (ffmpeg's muxer: ~15) and says only when
 * the first starts, so the re-timer would not otherwise know whether a part's sound runs
 * into the next part's. Pure: no node:* imports.
 */

/** ADTS sampling_frequency_index -> Hz (ISO 14496-3, 1.6.3.4). */
const SAMPLE_RATES = [96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350];
const HEADER_BYTES = 7;
const SAMPLES_PER_BLOCK = 1024;
const TICKS_PER_SECOND = 90_000;

export class AdtsClock {
  /** Timeline PTS of the PES being read, null before the first one or when it is not ADTS. */
  private pesTicks: number | null = null;
  /** Duration of the ADTS frames begun in that PES so far. */
  private pesDurationTicks = 0;
  /** Bytes of the current frame still to skip, and a header split across packets. */
  private skipBytes = 0;
  private header: number[] = [];
  private doneEndTicks: number | null = null;
  /** Duration of the latest frame read, in 90 kHz ticks (null until one was). */
  frameTicks: number | null = null;

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
      if (this.header.length === HEADER_BYTES) this.readHeader();
    }
  }

  /** The end of the latest sound read on the timeline: its PES's PTS plus the frames begun in it; null if none. */
  get endTicks(): number | null {
    const current = this.pesTicks === null || this.pesDurationTicks === 0 ? null : this.pesTicks + this.pesDurationTicks;
    if (current === null) return this.doneEndTicks;
    return this.doneEndTicks === null ? current : Math.max(this.doneEndTicks, current);
  }

  private readHeader(): void {
    const [b0, b1, b2, b3, b4, b5, b6] = this.header as [number, number, number, number, number, number, number];
    this.header = [];
    const rate = SAMPLE_RATES[(b2 >> 2) & 0x0f];
    const frameBytes = ((b3 & 0x03) << 11) | (b4 << 3) | (b5 >> 5);
    if (b0 !== 0xff || (b1 & 0xf6) !== 0xf0 || rate === undefined || frameBytes < HEADER_BYTES) {
      // Not ADTS (another codec, or damage): stop counting this PES rather than guess.
      this.doneEndTicks = this.endTicks;
      this.pesTicks = null;
      return;
    }
    const ticks = (((b6 & 0x03) + 1) * SAMPLES_PER_BLOCK * TICKS_PER_SECOND) / rate;
    this.pesDurationTicks += ticks;
    this.frameTicks = ticks;
    this.skipBytes = frameBytes - HEADER_BYTES;
  }
}
