/**
 * Segments playback got through although they are damaged: hls.js read them only in part
 * (a non-fatal parse error: packets without their sync byte skipped) or the browser was
 * refused part of them at first (a non-fatal append error hls.js retried), or their
 * pictures cover clearly less than their name's duration (cut short, a stretch of packets
 * missing: hls.js only logs the continuity counters' jump). Unlike the segments of
 * damaged-fragment.ts they stay in the time map: their frames are real and show, with a
 * glitch. A segment is judged once it is in the buffer, so one hls.js then gives up on
 * is not also called recovered.
 */
import { ErrorDetails, type ErrorData, type Fragment } from 'hls.js';
import { parseSegmentName } from '../../shared/segment';
import { US_PER_SECOND } from '../../shared/time';
import { segmentFileName, type UnreadableSegment, unreadableSegment } from './damaged-fragment';

/** Pictures covering less than the name's duration by this much (and by SHORT_SHARE of it) are clearly short. */
const SHORT_BY_SECONDS = 0.2;
const SHORT_SHARE = 0.9;
/** A gap between two pictures longer than this many frames is pictures missing, not one frame. */
const MISSING_AFTER_FRAMES = 1.5;

/** The duration a segment's file name gives it; undefined for a name of another form. */
function namedSegment(url: string): { durationUs: number; full: boolean } | undefined {
  try {
    const segment = parseSegmentName(segmentFileName(url), '', 0);
    return { durationUs: segment.durationUs, full: segment.type === 'full' };
  } catch {
    // A preview's re-encoded part or a node's other naming: nothing to compare with.
    return undefined;
  }
}

/** The seconds a full segment's file name says it lasts; undefined for another type (short by definition) or form. */
function namedFullSeconds(url: string): number | undefined {
  const named = namedSegment(url);
  return named?.full ? named.durationUs / US_PER_SECOND : undefined;
}

/**
 * The seconds a segment's pictures cover, from their presentation times (ascending): one
 * frame each, the frame being the usual gap between them. A gap of several frames is
 * pictures missing (their time is not covered), however long the picture before it stays.
 */
export function picturedSeconds(presentationSeconds: readonly number[]): number {
  if (presentationSeconds.length < 2) return 0;
  const gaps = presentationSeconds.slice(1).map((seconds, index) => seconds - presentationSeconds[index]!);
  const frameSeconds = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
  const covered = gaps.reduce((sum, gap) => sum + (gap > frameSeconds * MISSING_AFTER_FRAMES ? frameSeconds : gap), 0);
  return covered + frameSeconds;
}

/** Why a segment named `url` whose pictures cover `picturedSeconds` is damaged; undefined when they cover about all of it. */
export function shortfall(url: string, pictured: number): string | undefined {
  const namedSeconds = namedFullSeconds(url);
  if (namedSeconds === undefined || pictured >= namedSeconds * SHORT_SHARE || namedSeconds - pictured < SHORT_BY_SECONDS) return undefined;
  return `its pictures cover ${pictured.toFixed(2)} s of the ${namedSeconds.toFixed(2)} s its name says`;
}

/** hls.js's words for packets it skipped (their sync byte lost): said in the user's words instead. */
const LOST_SYNC = /^Found (\d+) TS packet\/s that do not start with 0x47/;

/** Why a non-fatal error says hls.js or the browser had trouble with a media fragment; undefined for any other error. */
export function recoverableTrouble(data: ErrorData): { sn: number; why: string } | undefined {
  const { frag } = data;
  if (data.fatal || frag === undefined || typeof frag.sn !== 'number') return undefined;
  if (data.details === ErrorDetails.FRAG_PARSING_ERROR) {
    // hls.js's reason names the playlist by URL: long, and no help to the user.
    const reason = (data.reason ?? data.error.message).replace(/\s*"[^"]*"/g, '');
    const lostSync = LOST_SYNC.exec(reason);
    return { sn: frag.sn, why: lostSync ? `${lostSync[1]} of its packets were unreadable and skipped` : `hls.js skipped part of it: ${reason}` };
  }
  if (data.details === ErrorDetails.BUFFER_APPEND_ERROR) return { sn: frag.sn, why: 'the browser refused part of its video at first' };
  return undefined;
}

/** What one playlist's fragments went through, by segment number, until each reaches the buffer. */
export class RecoveredFragments {
  private readonly troubles = new Map<number, string>();

  /** Notes an hls.js error, when it is one hls.js gets over. */
  noteError(data: ErrorData): void {
    const trouble = recoverableTrouble(data);
    if (trouble !== undefined && !this.troubles.has(trouble.sn)) this.troubles.set(trouble.sn, trouble.why);
  }

  /** Notes the presentation times (seconds, ascending) of the pictures appended for `frag`. */
  noteFrames(frag: Fragment, presentationSeconds: readonly number[]): void {
    const why = typeof frag.sn === 'number' ? shortfall(frag.url, picturedSeconds(presentationSeconds)) : undefined;
    if (why !== undefined && !this.troubles.has(frag.sn as number)) this.troubles.set(frag.sn as number, why);
  }

  /** The damaged segment `frag` is, once it is in the buffer with video; undefined for a sound one. Said once per fragment. */
  buffered(frag: Fragment): UnreadableSegment | undefined {
    if (typeof frag.sn !== 'number' || !frag.elementaryStreams.video) return undefined;
    const why = this.troubles.get(frag.sn);
    this.troubles.delete(frag.sn);
    const found = why === undefined ? undefined : unreadableSegment(frag, why);
    // Its span on the wall clock is the name's: hls.js shortens a cut-short fragment's duration once parsed.
    const namedUs = namedSegment(frag.url)?.durationUs;
    return found && namedUs !== undefined ? { ...found, endUs: found.startUs + namedUs } : found;
  }

  clear(): void {
    this.troubles.clear();
  }
}
