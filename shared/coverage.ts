/**
 * What a reviewer reads first about a drive: per hour, how much footage there is, where
 * the holes and overlaps are, and which stretches only have partial or suspect copies.
 * Pure: computed from an hour's best-per-start segments and file counts.
 */
import type { SegmentInfo, SegmentType } from './segment';
import { TOLERANCE_US } from './select';
import { US_PER_HOUR, formatInstant, usToSeconds } from './time';

export interface Span {
  startUs: number;
  endUs: number;
}

export interface UntrustedSpan extends Span {
  type: Exclude<SegmentType, 'full' | 'temp'>;
}

export interface HourCoverage {
  hour: string;
  hourStartUs: number;
  /** False when the hour directory is missing or has no usable segment. */
  hasFootage: boolean;
  files: Record<SegmentType | 'bad', number>;
  /** Usable copies beyond the one chosen per start (normal with several recorder nodes). */
  duplicates: number;
  coveredUs: number;
  holes: Span[];
  holeUs: number;
  overlaps: number;
  overlapUs: number;
  /** Chosen segments that are only partial or suspect downloads. */
  untrusted: UntrustedSpan[];
}

export interface HourCoverageInput {
  hour: string;
  hourStartUs: number;
  files: Record<SegmentType | 'bad', number>;
  duplicates: number;
  best: readonly SegmentInfo[];
  /**
   * How far footage from earlier hours reaches (the latest end seen so far), or undefined
   * before the archive's first footage: time before the first recording is not a hole.
   */
  reachUs: number | undefined;
  /** True for the archive's last hour with footage: time after the last recording is not a hole. */
  isLast: boolean;
}

export interface HourCoverageResult {
  coverage: HourCoverage;
  /** How far footage reaches after this hour: feed it to the next hour. */
  reachUs: number | undefined;
}

/** Adds [startUs, endUs) clipped to [fromUs, toUs) to `spans` when it is longer than the tolerance. */
function addClipped(spans: Span[], startUs: number, endUs: number, fromUs: number, toUs: number): void {
  const clippedStart = Math.max(startUs, fromUs);
  const clippedEnd = Math.min(endUs, toUs);
  if (clippedEnd - clippedStart > 0 && endUs - startUs > TOLERANCE_US) {
    spans.push({ startUs: clippedStart, endUs: clippedEnd });
  }
}

export function hourCoverage(input: HourCoverageInput): HourCoverageResult {
  const hourEndUs = input.hourStartUs + US_PER_HOUR;
  const holes: Span[] = [];
  const untrusted: UntrustedSpan[] = [];
  let reachUs = input.reachUs;
  let previous: SegmentInfo | undefined;
  let coveredUs = 0;
  let overlaps = 0;
  let overlapUs = 0;
  for (const segment of input.best) {
    if (previous !== undefined && segment.startUs - previous.endUs < -TOLERANCE_US) {
      overlaps++;
      overlapUs += Math.min(previous.endUs, segment.endUs) - segment.startUs;
    }
    if (reachUs !== undefined) addClipped(holes, reachUs, segment.startUs, input.hourStartUs, hourEndUs);
    const newFromUs = Math.max(segment.startUs, reachUs ?? segment.startUs, input.hourStartUs);
    coveredUs += Math.max(0, Math.min(segment.endUs, hourEndUs) - newFromUs);
    reachUs = Math.max(reachUs ?? segment.endUs, segment.endUs);
    if (segment.type === 'suspect' || segment.type === 'partial') {
      untrusted.push({ startUs: segment.startUs, endUs: segment.endUs, type: segment.type });
    }
    previous = segment;
  }
  if (!input.isLast && reachUs !== undefined) addClipped(holes, reachUs, hourEndUs, input.hourStartUs, hourEndUs);
  const coverage: HourCoverage = {
    hour: input.hour,
    hourStartUs: input.hourStartUs,
    hasFootage: input.best.length > 0,
    files: { ...input.files },
    duplicates: input.duplicates,
    coveredUs,
    holes,
    holeUs: holes.reduce((total, hole) => total + hole.endUs - hole.startUs, 0),
    overlaps,
    overlapUs,
    untrusted,
  };
  return { coverage, reachUs };
}

/** Coverage as JSON for the CLI and the API: ISO instants and seconds. */
export function coverageJson(hour: HourCoverage) {
  const span = (s: { startUs: number; endUs: number }) => ({ start: formatInstant(s.startUs), end: formatInstant(s.endUs) });
  return {
    hour: hour.hour,
    hasFootage: hour.hasFootage,
    files: hour.files,
    duplicates: hour.duplicates,
    coveredSeconds: usToSeconds(hour.coveredUs),
    holes: { count: hour.holes.length, seconds: usToSeconds(hour.holeUs), spans: hour.holes.map(span) },
    overlaps: { count: hour.overlaps, seconds: usToSeconds(hour.overlapUs) },
    untrusted: hour.untrusted.map((u) => ({ ...span(u), type: u.type })),
  };
}
