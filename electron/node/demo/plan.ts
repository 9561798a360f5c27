/**
 * The demo archive's timeline: which continuous recordings ("runs") exist, where the
 * holes, the overlap and the hour crossings fall, and which segment of the opening run
 * carries which ARCHIVE-FORMAT.md case. Pure: the same options give the same plan.
 */
import { US_PER_HOUR, US_PER_MS, US_PER_SECOND, hourStartOf } from '../../../shared/time';

/** Bumped whenever the generated archive changes (test/setup reuses a cached archive by it). */
export const DEMO_GENERATOR_VERSION = 4;

export const SEGMENT_SECONDS = 2;
export const SEGMENT_US = SEGMENT_SECONDS * US_PER_SECOND;
export const FRAMES_PER_SECOND = 30;
export const DEFAULT_START = '2026-11-14T03:00:00Z';
export const DEFAULT_CHANNEL = 'desertbus';
export const DEFAULT_FOOTAGE_SECONDS = 120;
/** The opening run must hold every same-start case (segments 1..13). */
export const MIN_FOOTAGE_SECONDS = 30;

export interface DemoQuality {
  name: string;
  width: number;
  height: number;
  /**
   * Consecutive B-frames x264 may use (`-bf`): 0 gives PTS-only packets in decode order
   * = display order; 3 gives packets with DTS before PTS, as OBS's x264 defaults do.
   */
  bFrames: number;
}

/**
 * The first is the one the clock is drawn on; the others are scaled from it. `360p-bframes`
 * is the light quality again with B-frames, so every media test can run on both.
 */
export const DEMO_QUALITIES: readonly DemoQuality[] = [
  { name: 'source', width: 640, height: 360, bFrames: 0 },
  { name: '360p', width: 320, height: 180, bFrames: 0 },
  { name: '360p-bframes', width: 320, height: 180, bFrames: 3 },
];

export interface DemoOptions {
  /** Start of the first hour; rounded down to the hour. */
  startUs: number;
  hours: number;
  channel: string;
  /** Length of the opening run (and of the footage starting each later hour), even seconds. */
  footageSeconds: number;
}

/** One continuous recording: one encode, split into 2 s segments with continuous timestamps. */
export interface PlannedRun {
  label: string;
  startUs: number;
  segmentCount: number;
  /** Per segment: how far its file name's start is off the true start (recorder jitter). */
  nameOffsetsUs: readonly number[];
}

export interface Span {
  startUs: number;
  endUs: number;
}

export interface DemoPlan {
  options: DemoOptions;
  runs: PlannedRun[];
  /** The 52 s hole between the opening run and the jitter run. */
  shortHole: Span;
  /** The long stretch with no recording between the restart and the hour's end. */
  missingStretch: Span;
  /** The restart run's first segment starts this long before the jitter run ends. */
  overlap: Span;
  /** Segments that start at MM:59.x of one hour and end in the next: one per hour boundary. */
  hourCrossings: Span[];
}

const SHORT_HOLE_US = 52 * US_PER_SECOND;
const OVERLAP_US = 500 * US_PER_MS;
const JITTER_SEGMENTS = 20;
const RESTART_SEGMENTS = 10;
/** Crossing runs start here before the hour boundary, so one segment starts at 59:59.250. */
const CROSSING_LEAD_US = 8_750 * US_PER_MS;
/** Segments of the crossing run after the last hour boundary. */
const FINAL_TAIL_SEGMENTS = 10;
/**
 * Name offsets of the jitter run, in ms: 1-8 ms off, and consecutive offsets never more
 * than 7 ms apart, so every gap stays inside the 10 ms tolerance.
 */
const JITTER_PATTERN_MS = [0, 3, -2, 5, 1, -4, 2, 8, 6, 1];

function run(label: string, startUs: number, segmentCount: number, nameOffsetsUs?: number[]): PlannedRun {
  return { label, startUs, segmentCount, nameOffsetsUs: nameOffsetsUs ?? new Array<number>(segmentCount).fill(0) };
}

export function runEndUs(planned: PlannedRun): number {
  return planned.startUs + planned.segmentCount * SEGMENT_US;
}

export function planDemo(options: DemoOptions): DemoPlan {
  const firstHourUs = hourStartOf(options.startUs);
  const footageSegments = options.footageSeconds / SEGMENT_SECONDS;
  const opening = run('opening', firstHourUs, footageSegments);
  const jitterStartUs = runEndUs(opening) + SHORT_HOLE_US;
  const jitterOffsets = Array.from({ length: JITTER_SEGMENTS }, (_, index) =>
    index === JITTER_SEGMENTS - 1 ? 0 : JITTER_PATTERN_MS[index % JITTER_PATTERN_MS.length]! * US_PER_MS,
  );
  const jitter = run('jitter', jitterStartUs, JITTER_SEGMENTS, jitterOffsets);
  const restart = run('restart', runEndUs(jitter) - OVERLAP_US, RESTART_SEGMENTS);
  const runs = [opening, jitter, restart];
  const hourCrossings: Span[] = [];
  for (let hour = 1; hour <= options.hours; hour++) {
    const boundaryUs = firstHourUs + hour * US_PER_HOUR;
    const leadSegments = Math.ceil(CROSSING_LEAD_US / SEGMENT_US);
    const tailSegments = hour < options.hours ? footageSegments : FINAL_TAIL_SEGMENTS;
    const crossing = run(`crossing-${hour}`, boundaryUs - CROSSING_LEAD_US, leadSegments + tailSegments);
    const crossingStartUs = crossing.startUs + (leadSegments - 1) * SEGMENT_US;
    hourCrossings.push({ startUs: crossingStartUs, endUs: crossingStartUs + SEGMENT_US });
    runs.push(crossing);
  }
  return {
    options,
    runs,
    shortHole: { startUs: runEndUs(opening), endUs: jitterStartUs },
    missingStretch: { startUs: runEndUs(restart), endUs: runs[3]!.startUs },
    overlap: { startUs: restart.startUs, endUs: runEndUs(jitter) },
    hourCrossings,
  };
}
