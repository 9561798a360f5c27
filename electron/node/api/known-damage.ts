/**
 * The damaged segments of a window as playback sees them: what the playlist leaves out
 * (known from earlier reads, or one stat away: empty, not a regular file), so the player
 * can say which file is missing and at what time.
 */
import { segmentLabel } from '../../../shared/segment-damage';
import type { SegmentInfo } from '../../../shared/segment';
import { US_PER_HOUR, formatInstant } from '../../../shared/time';
import type { Archive } from '../archive/archive';

/** Windows longer than the player's (12 hours) are cut there: this is for one window. */
const MAX_WINDOW_US = 12 * US_PER_HOUR;

export async function knownDamaged(archive: Archive, channel: string, quality: string, startUs: number, endUs: number) {
  const selection = await archive.select(channel, quality, startUs, Math.min(endUs, startUs + MAX_WINDOW_US));
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  const files = segments.map((segment) => archive.segmentFile(channel, quality, segment));
  const unknown = files.filter((file) => archive.damage.get(file.path) === undefined);
  await archive.inspectMany(unknown, { depth: 'stat', atOnce: 16 });
  return files.flatMap((file) => {
    const known = archive.damage.get(file.path);
    if (!known) return [];
    return [
      {
        segment: segmentLabel(channel, quality, file.segment),
        start: formatInstant(file.segment.startUs),
        end: formatInstant(file.segment.endUs),
        damage: known.damage,
        why: known.why,
      },
    ];
  });
}
