/**
 * HLS playlist text from a selection (shared/select): pure, and produced as a sequence
 * of text chunks so a 12-hour playlist (tens of thousands of segments) can be streamed
 * to the player while it is being written, never held whole.
 *
 * Every segment carries its own EXT-X-PROGRAM-DATE-TIME: the player maps its time to
 * wall-clock time from these tags alone.
 */
import type { SegmentInfo } from './segment';
import type { Selection } from './select';
import { US_PER_MS, US_PER_SECOND, formatInstant } from './time';

/** EXTINF with decimal durations needs protocol version 3. */
export const HLS_VERSION = 3;

/** Target duration of a playlist that lists no segment at all. */
const EMPTY_TARGET_DURATION_SECONDS = 6;

/** Segments per chunk: big enough to keep per-chunk overhead low, small enough to stream. */
export const SEGMENTS_PER_CHUNK = 500;

/** The lines every media playlist starts with; they do not depend on the selection. */
export function mediaPlaylistHead(): string {
  return `#EXTM3U\n#EXT-X-VERSION:${HLS_VERSION}\n`;
}

/**
 * `#EXT-X-TARGETDURATION`: an integer no smaller than any segment's duration rounded to
 * the nearest second (RFC 8216 section 4.3.3.1).
 */
export function targetDurationSeconds(selection: Selection): number {
  let maxUs = -1;
  for (const segment of selection) {
    if (segment !== null && segment.durationUs > maxUs) maxUs = segment.durationUs;
  }
  if (maxUs < 0) return EMPTY_TARGET_DURATION_SECONDS;
  return Math.max(1, Math.round(maxUs / US_PER_SECOND));
}

/** Seconds with exactly 3 decimals, rounded half-up from integer microseconds: 1968500 -> "1.969". */
export function formatExtinfSeconds(durationUs: number): string {
  const ms = Math.round(durationUs / US_PER_MS);
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** True when the selection ends with a hole: the playlist stays open (no ENDLIST). */
export function hasTrailingHole(selection: Selection): boolean {
  return selection.length === 0 || selection[selection.length - 1] === null;
}

function segmentLines(segment: SegmentInfo, uri: string): string {
  return `#EXT-X-PROGRAM-DATE-TIME:${formatInstant(segment.startUs)}\n#EXTINF:${formatExtinfSeconds(segment.durationUs)},\n${uri}\n`;
}

/**
 * Everything after the head: target duration, one entry per segment, a discontinuity
 * at every interior hole, and ENDLIST only when nothing is missing at the end.
 * A leading hole adds nothing: the first date-time already says where playback starts.
 */
export function* mediaPlaylistBody(
  selection: Selection,
  segmentUri: (segment: SegmentInfo) => string,
  segmentsPerChunk = SEGMENTS_PER_CHUNK,
): Generator<string> {
  let chunk = `#EXT-X-TARGETDURATION:${targetDurationSeconds(selection)}\n`;
  let inChunk = 0;
  let seenSegment = false;
  for (let index = 0; index < selection.length; index++) {
    const segment = selection[index]!;
    if (segment === null) {
      const interior = seenSegment && index < selection.length - 1;
      if (interior) chunk += '#EXT-X-DISCONTINUITY\n';
      continue;
    }
    seenSegment = true;
    chunk += segmentLines(segment, segmentUri(segment));
    if (++inChunk >= segmentsPerChunk) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  }
  if (!hasTrailingHole(selection)) chunk += '#EXT-X-ENDLIST\n';
  if (chunk !== '') yield chunk;
}

/** A whole media playlist as one string (tests, small playlists). */
export function mediaPlaylistText(selection: Selection, segmentUri: (segment: SegmentInfo) => string): string {
  return mediaPlaylistHead() + [...mediaPlaylistBody(selection, segmentUri)].join('');
}

export interface Variant {
  /** Quality name, shown by players as the level name. */
  name: string;
  /** URI of the variant's media playlist (relative to the master playlist). */
  uri: string;
}

/** Rough bits per second by quality name: players need a BANDWIDTH to order levels. */
const BANDWIDTH_BY_HEIGHT: ReadonlyMap<number, number> = new Map([
  [1080, 6_000_000],
  [720, 3_000_000],
  [480, 1_500_000],
  [360, 700_000],
  [240, 400_000],
  [160, 250_000],
]);
/** `source` and names without a height are assumed to be the best quality. */
const DEFAULT_BANDWIDTH = 6_000_000;

/** Estimated bandwidth of a quality like `720p` or `720p60`; unknown names get the top figure. */
export function bandwidthOfQuality(quality: string): number {
  const height = /^(\d+)p/.exec(quality)?.[1];
  if (height === undefined) return DEFAULT_BANDWIDTH;
  return BANDWIDTH_BY_HEIGHT.get(Number(height)) ?? Math.max(200_000, Math.round(Number(height) * 5_500));
}

/** Quotes an attribute value; names come from directory names, so `"` and line breaks are dropped. */
function quotedAttribute(text: string): string {
  return `"${text.replace(/["\r\n]/g, '')}"`;
}

/** A master playlist with one variant per quality, best first. */
export function masterPlaylistText(variants: readonly Variant[]): string {
  const sorted = [...variants].sort((a, b) => bandwidthOfQuality(b.name) - bandwidthOfQuality(a.name));
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${HLS_VERSION}`];
  for (const variant of sorted) {
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidthOfQuality(variant.name)},NAME=${quotedAttribute(variant.name)}`, variant.uri);
  }
  return `${lines.join('\n')}\n`;
}
