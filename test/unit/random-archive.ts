/**
 * Random archives for property tests: mostly contiguous runs of 2 s segments with
 * jitter, holes and overlaps, plus extra copies of every type at random starts.
 */
import fc from 'fast-check';
import { parseSegmentName, type SegmentInfo } from '../../shared/segment';
import { formatHour, hourStartOf } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';

export const ARCHIVE_START_US = Date.UTC(2026, 10, 14, 2, 0, 0) * 1000;

/** One recorded segment: when it starts (relative to the archive), how long, what type, which copy. */
export type RawSegment = { startMs: number; durationMs: number; type: string; hash: string };

const segmentArb = fc.record({
  startMs: fc.integer({ min: 0, max: 2 * 3600 * 1000 }),
  durationMs: fc.constantFrom(1000, 1968, 2000, 2002, 2500),
  type: fc.constantFrom('full', 'full', 'full', 'suspect', 'partial', 'temp'),
  hash: fc.constantFrom('AAAA', 'BBBB', '_AAA'),
});

/** A mostly contiguous run with jitter, holes and overlaps, plus random extra copies. */
export const archiveArb = fc
  .tuple(fc.array(fc.integer({ min: -600, max: 600 }), { minLength: 1, maxLength: 400 }), fc.array(segmentArb, { maxLength: 60 }))
  .map(([steps, extras]) => {
    const segments: { startMs: number; durationMs: number; type: string; hash: string }[] = [...extras];
    let startMs = 0;
    for (const step of steps) {
      segments.push({ startMs, durationMs: 2000, type: 'full', hash: 'AAAA' });
      // Mostly exact joins; sometimes jitter, a hole or an overlap.
      startMs += 2000 + (Math.abs(step) < 500 ? Math.trunc(step / 60) : step * 20);
    }
    return segments;
  });

export function toSegments(raw: { startMs: number; durationMs: number; type: string; hash: string }[]): SegmentInfo[] {
  const parsed = raw.map((item) => {
    const startUs = ARCHIVE_START_US + item.startMs * 1000;
    const name = segmentName(startUs, (item.durationMs / 1000).toFixed(3), item.type, item.hash);
    return parseSegmentName(name, formatHour(startUs), hourStartOf(startUs));
  });
  // Hour by hour, names in sorted order: exactly what the archive reader feeds the selector.
  return parsed.sort((a, b) => (a.hour === b.hour ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.hour < b.hour ? -1 : 1));
}

/** Every copy gets size 100 except the hash `_AAA`, so ties are decided by size or by hash. */
export function sizesOf(segments: SegmentInfo[]): Map<string, number> {
  return new Map(segments.map((segment) => [segment.name, segment.hash === '_AAA' ? 100 : 150]));
}

export const rangeArb = fc.tuple(fc.integer({ min: -60_000, max: 3 * 3600 * 1000 }), fc.integer({ min: 1, max: 2 * 3600 * 1000 }));
