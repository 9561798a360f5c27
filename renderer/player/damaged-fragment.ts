/**
 * Segments playback cannot use. A segment the archive refused as damaged while hls.js
 * was loading it: playlists ask for each segment's bytes to be checked (`?check=bytes`,
 * docs/ROUTES.md), and a garbage or cut-short file is answered 422 instead of being sent
 * for hls.js to stall on. And one that passed that check (its ends are sound) but whose
 * insides hls.js could not turn into pictures: a PMT naming no stream it plays, a
 * parameter set overwritten, sync lost in the middle. hls.js skips such a fragment as a
 * gap once, then (the next time it meets it, or a second one) fails for good.
 */
import { ErrorDetails, type ErrorData, type Fragment, type LevelDetails } from 'hls.js';
import { parseInstant, US_PER_SECOND } from '../../shared/time';

/** The status of a damaged segment's refusal (the damaged-segment kind of shared/errors.ts). */
const DAMAGED_STATUS = 422;

/** The file name a segment's URL ends with. */
export function segmentFileName(url: string): string {
  const { pathname } = new URL(url);
  return decodeURIComponent(pathname.slice(pathname.lastIndexOf('/') + 1));
}

/** The file name of the segment the archive refused as damaged; undefined for any other error. */
export function refusedDamagedSegment(data: ErrorData): string | undefined {
  if (data.details !== ErrorDetails.FRAG_LOAD_ERROR || data.response?.code !== DAMAGED_STATUS || data.frag === undefined) return undefined;
  return segmentFileName(data.frag.url);
}

/** A segment hls.js loaded but could not play: its file, its span on the wall clock, and why. */
export interface UnreadableSegment {
  name: string;
  startUs: number;
  endUs: number;
  why: string;
}

/** The segment named by a media fragment, unreadable for `why`; undefined for an init segment or one without a date. */
export function unreadableSegment(frag: Fragment, why: string): UnreadableSegment | undefined {
  if (typeof frag.sn !== 'number' || frag.rawProgramDateTime === null) return undefined;
  const startUs = parseInstant(frag.rawProgramDateTime);
  return { name: segmentFileName(frag.url), startUs, endUs: startUs + Math.round(frag.duration * US_PER_SECOND), why };
}

/** Why a fragment cannot be played, and whether that is final (else parsedWithoutVideo decides once it is parsed). */
export interface UnplayableFragment {
  frag: Fragment;
  why: string;
  final: boolean;
}

/**
 * The media fragment hls.js or the browser could not make playable media of; undefined
 * for any other error. A parse error may be one hls.js gets over (a few packets lost):
 * not final. An append the browser's decoder refused (a parameter set overwritten) is:
 * hls.js resets the MediaSource and meets the same bytes again, or gives up.
 */
export function unplayableFragment(data: ErrorData): UnplayableFragment | undefined {
  const { frag } = data;
  if (frag === undefined || typeof frag.sn !== 'number') return undefined;
  if (data.details === ErrorDetails.FRAG_PARSING_ERROR) {
    // hls.js's reason names the playlist by URL: long, and no help to the user.
    const reason = (data.reason ?? data.error.message).replace(/\s*"[^"]*"/g, '');
    return { frag, why: `hls.js could not read it (${reason})`, final: data.fatal };
  }
  const refusedAppend = (data.details === ErrorDetails.BUFFER_APPEND_ERROR && data.fatal) || data.details === ErrorDetails.MEDIA_SOURCE_REQUIRES_RESET;
  return refusedAppend ? { frag, why: 'the browser could not decode its video', final: true } : undefined;
}

/** True when hls.js parsed `frag` and found no video in it (nothing to show there). */
export function parsedWithoutVideo(frag: Fragment): boolean {
  return typeof frag.sn === 'number' && !frag.elementaryStreams.video;
}

/** The tag hls.js reads `gap` from: without it, hls.js takes a gap as a guess and loads the fragment once a seek lands in it. */
const GAP_TAG = ['GAP'];

/** Marks the fragments of `details` whose files are in `unreadable` as gaps (EXT-X-GAP): hls.js neither loads nor waits for them. */
export function markUnreadable(details: LevelDetails, unreadable: ReadonlySet<string>): void {
  if (unreadable.size === 0) return;
  for (const fragment of details.fragments) {
    if (!unreadable.has(segmentFileName(fragment.url))) continue;
    fragment.gap = true;
    if (!fragment.tagList.some((tag) => tag[0] === 'GAP')) fragment.tagList.push(GAP_TAG);
  }
}

/** Chromium's decode error names the packet it failed on: `{timestamp=21300000 ...}`, in microseconds of media time. */
const FAILED_PACKET = /timestamp=(\d+)/;

/** The media time (seconds) of the picture the browser's decoder failed on, from its error message; undefined when it does not say. */
export function failedPictureSeconds(message: string): number | undefined {
  const match = FAILED_PACKET.exec(message);
  return match === null ? undefined : Number(match[1]) / US_PER_SECOND;
}

/** The media fragment of `details` that holds media time `mediaSeconds`, as hls.js places it. */
export function fragmentAtMedia(details: LevelDetails, mediaSeconds: number): Fragment | undefined {
  return details.fragments.find((fragment) => !fragment.gap && mediaSeconds >= fragment.start && mediaSeconds < fragment.end);
}
