/**
 * On random archives written to disk, the Archive gives the same selection cold (fresh
 * cache), warm (after other requests filled part of the cache) and as the pure selector
 * computes it from the same names and sizes.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPerStart, selectRange } from '../../shared/select';
import { US_PER_HOUR, hoursBetween } from '../../shared/time';
import { Archive } from '../../electron/node/archive/archive';
import { ARCHIVE_START_US, archiveArb, rangeArb, sizesOf, toSegments } from '../unit/random-archive';

describe('archive selection on random archives', () => {
  it('is the same cold, warm and from the pure selector', async () => {
    await fc.assert(
      fc.asyncProperty(archiveArb, fc.array(rangeArb, { minLength: 2, maxLength: 4 }), async (raw, ranges) => {
        const root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-prop-'));
        try {
          const segments = toSegments(raw);
          const sizes = sizesOf(segments);
          for (const segment of segments) {
            const dir = path.join(root, 'c', 'q', segment.hour);
            await mkdir(dir, { recursive: true });
            await writeFile(path.join(dir, segment.name), '');
            await truncate(path.join(dir, segment.name), sizes.get(segment.name));
          }
          const warm = new Archive(root);
          for (const [startOffsetMs, lengthMs] of ranges) {
            const startUs = ARCHIVE_START_US + startOffsetMs * 1000;
            const endUs = startUs + lengthMs * 1000;
            // The archive reads hours from the one before start's through end's, as the format says.
            const scanned = new Set(hoursBetween(startUs - US_PER_HOUR, endUs));
            const inScan = segments.filter((segment) => scanned.has(segment.hour));
            const expected = selectRange(bestPerStart(inScan, sizes), startUs, endUs);
            expect(await new Archive(root).select('c', 'q', startUs, endUs)).toEqual(expected);
            expect(await warm.select('c', 'q', startUs, endUs)).toEqual(expected);
          }
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  });
});
