import { describe, expect, it } from 'vitest';
import { frameSpan, presentationTicks } from '../../renderer/player/fmp4-frames';

function box(type: string, ...payloads: Uint8Array[]): Uint8Array {
  const size = 8 + payloads.reduce((total, payload) => total + payload.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  let offset = 8;
  for (const payload of payloads) {
    out.set(payload, offset);
    offset += payload.length;
  }
  return out;
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [index, value] of values.entries()) view.setInt32(index * 4, value);
  return out;
}

const FRAME_TICKS = 3000;

/** A moof as hls.js writes one: tfdt version 1, trun with duration, size, flags and composition offset per sample. */
function moof(decodeStartTicks: number, samples: { duration: number; cts: number }[]): Uint8Array {
  const tfdt = new Uint8Array(12);
  new DataView(tfdt.buffer).setUint32(0, 0x01000000);
  new DataView(tfdt.buffer).setBigUint64(4, BigInt(decodeStartTicks));
  const trun = words(0x00000f01, samples.length, 0, ...samples.flatMap((s) => [s.duration, 100, 0, s.cts]));
  return box('moof', box('mfhd', words(0, 1)), box('traf', box('tfhd', words(0x00020000, 1)), box('tfdt', tfdt), box('trun', trun)));
}

describe('presentation times of an fMP4 fragment', () => {
  it('adds composition offsets to decode times and sorts them (B-frames: decode order is not display order)', () => {
    // I P B B in decode order, shown as I B B P.
    const segment = moof(90_000, [
      { duration: FRAME_TICKS, cts: 2 * FRAME_TICKS },
      { duration: FRAME_TICKS, cts: 4 * FRAME_TICKS },
      { duration: FRAME_TICKS, cts: FRAME_TICKS },
      { duration: FRAME_TICKS, cts: FRAME_TICKS },
    ]);
    const withMdat = new Uint8Array([...segment, ...box('mdat', new Uint8Array(16))]);
    expect(presentationTicks(withMdat)).toEqual([96_000, 99_000, 102_000, 105_000]);
  });

  it('is undefined for an init segment or bytes that are no boxes', () => {
    expect(presentationTicks(box('moov', box('mvhd', words(0))))).toBeUndefined();
    expect(presentationTicks(new Uint8Array([1, 2, 3]))).toBeUndefined();
  });

  it('is undefined for a trun longer than its box', () => {
    const cut = moof(0, [
      { duration: FRAME_TICKS, cts: 0 },
      { duration: FRAME_TICKS, cts: 0 },
    ]);
    const view = new DataView(cut.buffer);
    // The trun's sample count (after the moof, mfhd, traf, tfhd, tfdt headers) claims 50 samples.
    const trunCountOffset = 8 + 16 + 8 + 16 + 20 + 8 + 4;
    view.setUint32(trunCountOffset, 50);
    expect(presentationTicks(cut)).toBeUndefined();
  });
});

describe("the span of a segment's pictures", () => {
  const frame = 1 / 30;
  it('runs from the first frame to one frame after the last', () => {
    const span = frameSpan([10, 10 + frame, 10 + 2 * frame, 10 + 3 * frame]);
    expect(span?.mediaStartSeconds).toBeCloseTo(10, 9);
    expect(span?.durationSeconds).toBeCloseTo(4 * frame, 9);
  });

  it('starts one frame before the second when the first was moved earlier (hls.js closing a gap)', () => {
    const span = frameSpan([10 - 2 * frame, 10 + frame, 10 + 2 * frame, 10 + 3 * frame]);
    expect(span?.mediaStartSeconds).toBeCloseTo(10, 9);
    expect(span?.durationSeconds).toBeCloseTo(4 * frame, 9);
  });

  it('is undefined for a single frame', () => {
    expect(frameSpan([10])).toBeUndefined();
  });
});
