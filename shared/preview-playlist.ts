/**
 * The text of a preview playlist: the parts of a smart cut's stream plan as HLS entries.
 * Each part is one discontinuity sequence (its timestamps are its own: copied segments
 * keep the archive's, re-encoded ones start where their encoder put them); the EXTINF
 * durations add up to the edit's length. Pure.
 */
import { HLS_VERSION, formatExtinfSeconds } from './playlist';
import { US_PER_SECOND, formatInstant } from './time';

/** From `offsetUs` into its entry on, the picture is range `rangeIndex`'s source from `instantUs`. */
export interface PreviewSource {
  offsetUs: number;
  rangeIndex: number;
  instantUs: number;
}

export interface PreviewEntry {
  uri: string;
  durationUs: number;
  /** Source instant of the entry's first frame (its EXT-X-PROGRAM-DATE-TIME). */
  instantUs: number;
  /** What the entry shows, in order of offset; the first at offset 0. */
  sources: readonly PreviewSource[];
  /** A transition's fade inside the entry. */
  fade?: { offsetUs: number; durationUs: number };
}

/**
 * Tags players ignore (RFC 8216: unknown tags are skipped) that say which range and
 * source instant each entry shows: the editor's clock names the source of the frame
 * on screen from them, also inside a transition, where the date-time alone cannot.
 */
export const SOURCE_TAG = '#X-TRIMDESK-SOURCE:';
export const FADE_TAG = '#X-TRIMDESK-FADE:';

function sourceLine(entry: PreviewEntry): string {
  return SOURCE_TAG + entry.sources.map((source) => `${source.offsetUs}/${source.rangeIndex}/${source.instantUs}`).join(';');
}

/**
 * The playlist of `parts` (each a run of entries that play as one stream). The EXTINF
 * values are rounded to milliseconds from the running total, so their sum stays within
 * half a millisecond of the parts' total however many entries there are.
 */
export function previewPlaylistText(parts: readonly (readonly PreviewEntry[])[]): string {
  const entries = parts.flat();
  const longestUs = entries.reduce((longest, entry) => Math.max(longest, entry.durationUs), 0);
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${HLS_VERSION}`, `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(longestUs / US_PER_SECOND))}`];
  lines.push('#EXT-X-PLAYLIST-TYPE:VOD');
  let totalUs = 0;
  let writtenMs = 0;
  for (const [index, part] of parts.entries()) {
    if (index > 0 && part.length > 0) lines.push('#EXT-X-DISCONTINUITY');
    for (const entry of part) {
      totalUs += entry.durationUs;
      const endMs = Math.round(totalUs / 1000);
      lines.push(sourceLine(entry));
      if (entry.fade) lines.push(`${FADE_TAG}${entry.fade.offsetUs}/${entry.fade.durationUs}`);
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${formatInstant(entry.instantUs)}`, `#EXTINF:${formatExtinfSeconds((endMs - writtenMs) * 1000)},`, entry.uri);
      writtenMs = endMs;
    }
  }
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** An entry of a preview playlist as the editor reads it back: where it sits in the edit. */
export interface PreviewTimelineEntry {
  editStartUs: number;
  durationUs: number;
  sources: PreviewSource[];
  fade?: { offsetUs: number; durationUs: number };
}

const INTEGERS = /^\d+(\/\d+)*$/;

function integers(text: string): number[] | undefined {
  return INTEGERS.test(text) ? text.split('/').map(Number) : undefined;
}

/**
 * The entries of a preview playlist's text, placed on the edit's timeline by their
 * EXTINF durations. Lines this module did not write are skipped.
 */
export function parsePreviewPlaylist(text: string): PreviewTimelineEntry[] {
  const entries: PreviewTimelineEntry[] = [];
  let editUs = 0;
  let sources: PreviewSource[] = [];
  let fade: PreviewTimelineEntry['fade'];
  for (const line of text.split('\n')) {
    if (line.startsWith(SOURCE_TAG)) {
      sources = line
        .slice(SOURCE_TAG.length)
        .split(';')
        .map(integers)
        .filter((values) => values?.length === 3)
        .map((values) => ({ offsetUs: values![0]!, rangeIndex: values![1]!, instantUs: values![2]! }));
    } else if (line.startsWith(FADE_TAG)) {
      const values = integers(line.slice(FADE_TAG.length));
      fade = values?.length === 2 ? { offsetUs: values[0]!, durationUs: values[1]! } : undefined;
    } else if (line.startsWith('#EXTINF:')) {
      const durationUs = Math.round(Number.parseFloat(line.slice('#EXTINF:'.length)) * US_PER_SECOND);
      entries.push({ editStartUs: editUs, durationUs, sources, ...(fade ? { fade } : {}) });
      editUs += durationUs;
      sources = [];
      fade = undefined;
    }
  }
  return entries;
}

export interface PreviewInstant {
  rangeIndex: number;
  instantUs: number;
  inTransition: boolean;
}

/** The range and source instant the preview shows at `editUs`, or undefined outside the edit. */
export function previewInstantAt(entries: readonly PreviewTimelineEntry[], editUs: number): PreviewInstant | undefined {
  const entry = entries.findLast((candidate) => candidate.editStartUs <= editUs);
  if (entry === undefined || editUs >= entry.editStartUs + entry.durationUs + 1) return undefined;
  const offsetUs = editUs - entry.editStartUs;
  const source = entry.sources.findLast((candidate) => candidate.offsetUs <= offsetUs) ?? entry.sources[0];
  if (source === undefined) return undefined;
  const inTransition = entry.fade !== undefined && offsetUs >= entry.fade.offsetUs && offsetUs < entry.fade.offsetUs + entry.fade.durationUs;
  return { rangeIndex: source.rangeIndex, instantUs: source.instantUs + (offsetUs - source.offsetUs), inTransition };
}

/** The edit time showing `instantUs` of range `rangeIndex` (its first entry holding it), or undefined. */
export function previewEditTimeOf(entries: readonly PreviewTimelineEntry[], rangeIndex: number, instantUs: number): number | undefined {
  for (const entry of entries) {
    for (const [index, source] of entry.sources.entries()) {
      if (source.rangeIndex !== rangeIndex) continue;
      const endOffsetUs = entry.sources[index + 1]?.offsetUs ?? entry.durationUs;
      const offsetUs = source.offsetUs + (instantUs - source.instantUs);
      if (offsetUs >= source.offsetUs && offsetUs < endOffsetUs) return entry.editStartUs + offsetUs;
    }
  }
  return undefined;
}
