/**
 * Judging a segment from what a read saw (shared/segment-damage.ts), on synthetic
 * MPEG-TS packets: each kind of damage, the boundaries of "cut short", and what must
 * not count as damage (suspect and partial downloads, a PTS wrap inside a segment).
 */
import { describe, expect, it } from 'vitest';
import { PACKET_BYTES, SYNC_BYTE } from '../../shared/retime/packet';
import { PTS_MODULUS, writePts } from '../../shared/retime/timestamp';
import { SegmentScan, judgeScan } from '../../shared/segment-damage';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';

const HOUR = '2026-11-14T03';
const HOUR_US = Date.UTC(2026, 10, 14, 3) * 1000;
const segment = (type = 'full', duration = '2.000'): SegmentInfo => parseSegmentName(`00:00.000000-${duration}-${type}-AAAA.ts`, HOUR, HOUR_US);

/** One packet: a video PES start with `pts` (90 kHz ticks), or payload without one. */
function packet(pts?: number): Uint8Array {
  const bytes = new Uint8Array(PACKET_BYTES).fill(0xff);
  bytes.set([SYNC_BYTE, pts === undefined ? 0x01 : 0x41, 0x00, 0x10]);
  if (pts !== undefined) {
    bytes.set([0x00, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x80, 0x80, 0x05], 4);
    bytes[13] = 0x20;
    writePts(bytes, 13, pts);
  }
  return bytes;
}

function scanOf(packets: Uint8Array[]): { scan: SegmentScan; size: number } {
  const bytes = new Uint8Array(packets.length * PACKET_BYTES);
  for (const [index, one] of packets.entries()) bytes.set(one, index * PACKET_BYTES);
  const scan = new SegmentScan();
  scan.scan(bytes, 0);
  return { scan, size: bytes.length };
}

/** A segment's video: 60 frames 3000 ticks apart from `firstPts`, with filler between. */
const frames = (firstPts: number, count = 60) => Array.from({ length: count }, (_, index) => [packet(firstPts + index * 3000), packet()]).flat();

describe('judging a scanned segment', () => {
  it('finds nothing wrong with a full 2 s of timestamps', () => {
    const { scan, size } = scanOf(frames(900_000));
    expect(judgeScan(segment(), size, scan, true)).toBeNull();
  });

  it('names zero bytes, too few bytes and a first byte that is not the sync byte', () => {
    expect(judgeScan(segment(), 0, new SegmentScan(), true)?.damage).toBe('empty');
    expect(judgeScan(segment(), 100, new SegmentScan(), true)?.damage).toBe('not-mpegts');
    const garbage = frames(0, 2);
    garbage[0] = new Uint8Array(PACKET_BYTES).fill(0x12);
    const { scan, size } = scanOf(garbage);
    expect(judgeScan(segment(), size, scan, true)).toEqual({ damage: 'not-mpegts', why: `${size} bytes, no MPEG-TS sync byte at the start` });
  });

  it('names sync lost further in as corrupt, saying where', () => {
    const packets = frames(0);
    packets[10] = new Uint8Array(PACKET_BYTES);
    const { scan, size } = scanOf(packets);
    expect(judgeScan(segment(), size, scan, true)).toEqual({
      damage: 'corrupt',
      why: `1 of 120 packets lack the sync byte, the first at byte ${10 * PACKET_BYTES}`,
    });
  });

  it('calls a full segment cut short below half its named duration, and not at or above it', () => {
    // 30 frames: 29 steps of 3000 ticks = 0.967 s, under half of 2 s.
    const short = scanOf(frames(0, 30));
    expect(judgeScan(segment(), short.size, short.scan, true)).toEqual({ damage: 'truncated', why: 'its timestamps span 0.967 s, named 2.000 s' });
    // 31 frames span 1.000 s: exactly half is not "far shorter".
    const half = scanOf(frames(0, 31));
    expect(judgeScan(segment(), half.size, half.scan, true)).toBeNull();
    const none = scanOf([packet(), packet()]);
    expect(judgeScan(segment(), none.size, none.scan, true)?.damage).toBe('truncated');
  });

  it('does not call suspect or partial downloads cut short (they are short by definition)', () => {
    const { scan, size } = scanOf(frames(0, 5));
    expect(judgeScan(segment('suspect'), size, scan, true)).toBeNull();
    expect(judgeScan(segment('partial'), size, scan, true)).toBeNull();
  });

  it('measures the span across a 33-bit PTS wrap', () => {
    const { scan, size } = scanOf(frames(PTS_MODULUS - 30 * 3000));
    expect(scan.spanUs()).toBe(Math.round((59 * 3000 * 1_000_000) / 90_000));
    expect(judgeScan(segment(), size, scan, true)).toBeNull();
  });
});
