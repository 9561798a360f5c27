import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PCR_MODULUS, PTS_MODULUS, readPcr, readPts, wrappedDelta, writePcr, writePts } from '../../shared/retime/timestamp';

describe('PTS fields', () => {
  it('round-trips every 33-bit value and keeps the prefix nibble and marker bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PTS_MODULUS - 1 }), fc.constantFrom(0x20, 0x30, 0x10), (ptsTicks, prefix) => {
        const field = new Uint8Array([prefix, 0, 0, 0, 0]);
        writePts(field, 0, ptsTicks);
        expect(readPts(field, 0)).toBe(ptsTicks);
        expect(field[0]! & 0xf0).toBe(prefix);
        expect([field[0]! & 1, field[2]! & 1, field[4]! & 1]).toEqual([1, 1, 1]);
      }),
    );
  });

  it('decodes a known field: 1.4 s after ffmpeg mux delay is 126000 ticks', () => {
    // 126000 = 3 * 2^15 + 27696: bits 32..30 are 0, bits 29..15 hold 3, bits 14..0 hold 27696.
    expect(readPts(new Uint8Array([0x21, 0x00, 0x07, 0xd8, 0x61]), 0)).toBe(126_000);
  });

  it('writes values past 2^33 modulo 2^33 and negative ones from the top', () => {
    const field = new Uint8Array([0x20, 0, 0, 0, 0]);
    writePts(field, 0, PTS_MODULUS + 5);
    expect(readPts(field, 0)).toBe(5);
    writePts(field, 0, -1);
    expect(readPts(field, 0)).toBe(PTS_MODULUS - 1);
  });
});

describe('PCR fields', () => {
  it('round-trips every 27 MHz value and keeps the 6 reserved bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PCR_MODULUS - 1 }), (pcrTicks) => {
        const field = new Uint8Array([0, 0, 0, 0, 0x7e, 0]);
        writePcr(field, 0, pcrTicks);
        expect(readPcr(field, 0)).toBe(pcrTicks);
        expect(field[4]! & 0x7e).toBe(0x7e);
      }),
    );
  });

  it('splits a value into a 90 kHz base and a 0..299 extension', () => {
    const field = new Uint8Array([0, 0, 0, 0, 0x7e, 0]);
    writePcr(field, 0, 300 * 2 + 299);
    // base 2 sits in bit 1 of byte 3; extension 299 = 0x12B spans byte 4 bit 0 and byte 5.
    expect([...field]).toEqual([0, 0, 0, 1, 0x7f, 0x2b]);
  });
});

describe('wrappedDelta', () => {
  it.each([
    { value: 3000, reference: 0, delta: 3000 },
    { value: 0, reference: 3000, delta: -3000 },
    { value: 1500, reference: PTS_MODULUS - 1500, delta: 3000 },
    { value: PTS_MODULUS - 1500, reference: 1500, delta: -3000 },
  ])('$value after $reference is $delta on the 33-bit clock', ({ value, reference, delta }) => {
    expect(wrappedDelta(value, reference, PTS_MODULUS)).toBe(delta);
  });
});
