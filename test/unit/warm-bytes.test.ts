/** Which bytes count as just read (warm-bytes.ts): only those are read without libuv's threads. */
import { describe, expect, it } from 'vitest';
import { WarmBytes } from '../../electron/node/protocol/warm-bytes';

describe('WarmBytes', () => {
  it('covers only bytes read within 30 s, of the same file', () => {
    const warm = new WarmBytes();
    expect(warm.covers('a', 0, 100, 1_000)).toBe(false);
    warm.note('a', 0, 100_000, 1_000);
    expect(warm.covers('a', 0, 100_000, 1_000)).toBe(true);
    expect(warm.covers('a', 50_000, 60_000, 31_000)).toBe(true);
    expect(warm.covers('a', 0, 100_001, 1_000)).toBe(false);
    expect(warm.covers('b', 0, 100, 1_000)).toBe(false);
    expect(warm.covers('a', 0, 100, 31_001)).toBe(false);
  });

  it('joins reads that touch or overlap into one span, and a read elsewhere replaces it', () => {
    const warm = new WarmBytes();
    warm.note('a', 0, 262_144, 0);
    warm.note('a', 262_144, 524_288, 10);
    expect(warm.covers('a', 100_000, 400_000, 20)).toBe(true);
    warm.note('a', 1_000_000, 1_100_000, 30);
    expect(warm.covers('a', 1_000_000, 1_100_000, 40)).toBe(true);
    expect(warm.covers('a', 0, 100, 40)).toBe(false);
  });

  it('does not join a read to a span gone cold', () => {
    const warm = new WarmBytes();
    warm.note('a', 0, 100, 0);
    warm.note('a', 100, 200, 40_000);
    expect(warm.covers('a', 0, 200, 40_000)).toBe(false);
    expect(warm.covers('a', 100, 200, 40_000)).toBe(true);
  });
});
