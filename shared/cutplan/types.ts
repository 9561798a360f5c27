/**
 * The vocabulary of cut planning: the cut types and output formats, what the planner is
 * given (PlanInput), the plans it returns (stream plans of copied and encoded parts,
 * command plans of whole ffmpeg runs), the errors that stop a plan, and the ffmpeg
 * arguments every planned command starts with.
 */
import { describeRange, type EditRange, type ValidEdit } from '../edit';
import { TrimdeskError } from '../errors';
import type { FramePts } from '../frame-times';
import type { Selection } from '../select';
import type { SegmentInfo } from '../segment';
import type { SoundFade } from './hard-cuts';

export const CUT_TYPES = ['rough', 'fast', 'smart', 'full', 'archive'] as const;
/** A cut type as asked for; `fast` is another name for `smart` (see plannedCutType). */
export type CutType = (typeof CUT_TYPES)[number];

/**
 * The cut a type asks for. `fast` was smart without the re-timer: its edges kept the
 * source's timestamps, so the clock stepped at every range and restart. Made continuous
 * like every type it had no difference from smart left worth a choice, so the name stays
 * (CLI, `/cut`, API: scripts use it) and means smart; nothing plans a fast cut any more.
 */
export function plannedCutType(cutType: CutType): Exclude<CutType, 'fast'> {
  return cutType === 'fast' ? 'smart' : cutType;
}
export const OUTPUT_FORMATS = ['ts', 'mp4', 'mkv', 'webm'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Codec names (ffprobe `codec_name`) of the source's first video and audio stream. */
export interface SourceStreams {
  video?: string;
  audio?: string;
  /**
   * How many frames the video's decoder holds back for reordering (ffprobe has_b_frames):
   * above 0 the footage has B-frames and its packets carry DTS, so edge encodes get
   * B-frames too: a stream whose packets all carry DTS keeps one decode clock.
   */
  reorderedFrames?: number;
  /** Hz; lets edge encodes end their audio on a whole AAC frame. */
  audioSampleRate?: number;
}

/** A segment's audio packets: their PTS (90 kHz ticks, ascending) and where the last one ends. */
export interface SoundPts {
  pts: readonly number[];
  endPts: number;
}

/** Where ffmpeg's output goes: a file path (the temporary file) or its stdout. */
export type PlanTarget = { kind: 'file'; path: string } | { kind: 'pipe' };

export interface PlanInput {
  /** Checked by validateEdit where the edit came in (prepareExport); the planner does not check it again. */
  edit: ValidEdit;
  /** archive.select() of every range with holes allowed; the planner applies allowHoles. */
  selections: readonly Selection[];
  cutType: CutType;
  format: OutputFormat;
  allowHoles: boolean;
  /** Absolute path of a segment file. */
  segmentPath(segment: SegmentInfo): string;
  /** File sizes in bytes by absolute path, for the size estimate (missing ones count 0). */
  sizes?: ReadonlyMap<string, number>;
  /**
   * Video frame PTS (90 kHz ticks, display order) of the segments a range starts or ends
   * in, by absolute path: edges and full cuts are then cut on exact frames. A segment
   * missing here is trimmed by seconds.
   */
  framePts?: ReadonlyMap<string, FramePts>;
  /**
   * PTS of each probed segment's first picture in decode order, by absolute path. Where it
   * is above the segment's first PTS the GOP is open (see open-gop.ts): an edge next to the
   * segment then decodes across the join.
   */
  keyframePts?: ReadonlyMap<string, number>;
  /**
   * Audio packet PTS of the same segments, by absolute path: a smart cut's edges copy the
   * source's sound frames that meet the neighbouring parts' exactly. A segment missing
   * here gets its edge's sound re-encoded.
   */
  soundPts?: ReadonlyMap<string, SoundPts>;
  /** Needed by fast and smart cuts (edge re-encodes match the source codecs). */
  source?: SourceStreams;
  ffmpegPath: string;
  /**
   * Fade the sound out and back in over a few ms at every hard cut (see hard-cuts.ts).
   * Off unless asked for here; export requests ask for it by default.
   */
  audioFade?: boolean;
  /** Why the fade cannot run (a rough cut without ffmpeg): the plan says so and joins the sound as it is. */
  fadeUnavailable?: string;
  /**
   * The segment just before the first of each run of footage in its recording, by the
   * run's first absolute path: the fade's decoder pre-roll, and what an open-GOP edge
   * decodes first to show a run's leading pictures (see open-gop.ts).
   */
  precedingSegments?: ReadonlyMap<string, SegmentInfo>;
  /** Output of the whole cut; an archive cut names one target per contiguous run. */
  target(index: number): PlanTarget;
}

/** Source bytes appended to the output stream unchanged. */
export interface CopyPart {
  kind: 'copy';
  paths: string[];
  bytes: number;
  durationUs: number;
}

/** An ffmpeg run whose MPEG-TS stdout is appended to the output stream. */
export interface EncodePart {
  kind: 'encode';
  argv: string[];
  /**
   * Segment files it shows. An open-GOP lead-in it decodes first (the segment before, for
   * the leading pictures) is not listed: the preview and the sound fade take the first
   * listed as the part's source. The export fetches and pins lead-ins itself.
   */
  paths: string[];
  durationUs: number;
  why: string;
}

export type StreamPart = CopyPart | EncodePart;

/** An ffmpeg run that writes a whole output itself (full and archive cuts). */
export interface FileCommand {
  argv: string[];
  paths: string[];
  durationUs: number;
  target: PlanTarget;
  /** Segments fed to the command's stdin through the MPEG-TS re-timer (an archive cut's file, from 0). */
  feed?: CopyPart;
}

interface PlanBase {
  cutType: CutType;
  format: OutputFormat;
  /** Length of the output (sum of the footage used, minus transitions). */
  durationUs: number;
  /** Rough size of the output(s) in bytes. */
  estimatedBytes: number;
  /** Things the user should know: remuxing, ignored transitions, skipped holes. */
  notes: string[];
  /** Where each transition starts in the output, in order (hard cuts excluded). */
  transitionStartsUs: number[];
  copiedSegments: number;
  encodedSegments: number;
  copiedUs: number;
  encodedUs: number;
  /** True when the plan re-encodes everything (counts against the encode limit). */
  heavy: boolean;
}

/** rough/fast/smart: parts concatenated into one MPEG-TS stream, optionally re-timed and remuxed. */
export interface StreamPlan extends PlanBase {
  mode: 'stream';
  parts: StreamPart[];
  /** The stream passes through the MPEG-TS re-timer (rough and smart cuts), with a mark between parts. */
  retime: boolean;
  /** When set, the stream is fed to this ffmpeg (stdin) which writes the container. */
  remux: FileCommand | null;
  /** The hard cuts whose sound the runner fades (their few AAC frames re-encoded), or null. */
  soundFade: SoundFade | null;
  target: PlanTarget;
}

/** full/archive: ffmpeg commands that each write one output. */
export interface CommandPlan extends PlanBase {
  mode: 'commands';
  commands: FileCommand[];
}

export type CutPlan = StreamPlan | CommandPlan;

/** A plan that cannot be made; the message says why and what to try instead. */
export class PlanError extends TrimdeskError {
  constructor(
    /** What made the plan impossible (details.reason). */
    readonly reason: 'format' | 'codec' | 'transition' | 'path',
    message: string,
  ) {
    super('unsupported', message, { reason });
    this.name = 'PlanError';
  }
}

/** A range of the edit with no segment at all under it. */
export class NoFootageError extends TrimdeskError {
  constructor(
    readonly rangeIndex: number,
    readonly range: EditRange,
  ) {
    super('no-footage', `No footage at all in ${describeRange(rangeIndex, range)}; move or remove the range`, { range: rangeIndex + 1 });
    this.name = 'NoFootageError';
  }
}

export const BASE_ARGS = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:3', '-nostats'];
