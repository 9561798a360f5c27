/**
 * Pure planning of an export. From an edit (ranges + transitions), the segments selected
 * for every range, a cut type and a container, decide what is copied byte for byte, what
 * ffmpeg re-encodes and with which exact arguments. electron/export only runs a plan; a
 * plan prints as the commands it will run (`trimdesk cut --dry-run`).
 */
import { describeRange, editDurationUs, validateEdit, type Edit, type EditRange, type Transition } from './edit';
import { HoleError, holeSpans, type Selection } from './select';
import type { SegmentInfo } from './segment';
import { formatBytes } from './size';
import { formatSecondsExact } from './time';

export const CUT_TYPES = ['rough', 'fast', 'smart', 'full', 'archive'] as const;
export type CutType = (typeof CUT_TYPES)[number];
export const OUTPUT_FORMATS = ['ts', 'mp4', 'mkv', 'webm'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Codec names (ffprobe `codec_name`) of the source's first video and audio stream. */
export interface SourceStreams {
  video?: string;
  audio?: string;
  /** Hz; lets edge encodes end their audio on a whole AAC frame. */
  audioSampleRate?: number;
}

/** Where ffmpeg's output goes: a file path (the temporary file) or its stdout. */
export type PlanTarget = { kind: 'file'; path: string } | { kind: 'pipe' };

export interface PlanInput {
  edit: Edit;
  /** archive.select() of every range with holes allowed; the planner applies allowHoles. */
  selections: readonly Selection[];
  cutType: CutType;
  format: OutputFormat;
  allowHoles: boolean;
  /** Absolute path of a segment file. */
  segmentPath(segment: SegmentInfo): string;
  /** File sizes in bytes by absolute path, for the size estimate (missing ones count 0). */
  sizes?: ReadonlyMap<string, number>;
  /** Needed by fast and smart cuts (edge re-encodes match the source codecs). */
  source?: SourceStreams;
  ffmpegPath: string;
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
  /** Segment files it reads. */
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
  /** Smart cut: the stream passes through the MPEG-TS re-timer, with a mark between parts. */
  retime: boolean;
  /** When set, the stream is fed to this ffmpeg (stdin) which writes the container. */
  remux: FileCommand | null;
  target: PlanTarget;
}

/** full/archive: ffmpeg commands that each write one output. */
export interface CommandPlan extends PlanBase {
  mode: 'commands';
  commands: FileCommand[];
}

export type CutPlan = StreamPlan | CommandPlan;

/** A plan that cannot be made; the message says why and what to try instead. */
export class PlanError extends Error {
  constructor(
    readonly kind: 'format' | 'codec' | 'transition' | 'path',
    message: string,
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/** A range of the edit with no segment at all under it. */
export class NoFootageError extends Error {
  constructor(
    readonly rangeIndex: number,
    readonly range: EditRange,
  ) {
    super(`No footage at all in ${describeRange(rangeIndex, range)}; move or remove the range`);
    this.name = 'NoFootageError';
  }
}

/** A contiguous run of segments inside one range, and the part of it the range uses. */
interface Piece {
  rangeIndex: number;
  segments: SegmentInfo[];
  startUs: number;
  endUs: number;
}

const BASE_ARGS = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-progress', 'pipe:3', '-nostats'];

/** Plans an export. Throws EditError, HoleError, NoFootageError or PlanError before any work starts. */
export function planCut(input: PlanInput): CutPlan {
  validateEdit(input.edit);
  checkFormat(input.cutType, input.format);
  const pieces = input.selections.map((selection, rangeIndex) => rangePieces(input, selection, rangeIndex));
  for (const piece of pieces.flat()) {
    for (const segment of piece.segments) checkPath(input.segmentPath(segment));
  }
  switch (input.cutType) {
    case 'rough':
      return streamPlan(input, pieces, roughParts(input, pieces), false, input.edit.transitions.some(isNamed) ? ['Rough cuts ignore transitions: ranges are joined with hard cuts.'] : []);
    case 'fast':
    case 'smart':
      return streamPlan(input, pieces, fastParts(input, pieces), input.cutType === 'smart', []);
    case 'full':
      return fullPlan(input, pieces);
    case 'archive':
      return archivePlan(input, pieces);
  }
}

function isNamed(transition: Transition): transition is Extract<Transition, { kind: 'named' }> {
  return transition.kind === 'named';
}

function checkFormat(cutType: CutType, format: OutputFormat): void {
  if (cutType === 'archive' && format !== 'mkv') {
    throw new PlanError('format', `Archive cuts are written as MKV files only (asked for ${format}); use --format mkv`);
  }
  if (cutType !== 'full' && format === 'webm') {
    throw new PlanError('format', `WebM needs VP9/Opus, so only a full cut can make it (asked for a ${cutType} cut); use --type full`);
  }
}

/** Segment paths go into ffmpeg's concat: protocol, where `|` separates files. */
function checkPath(filePath: string): void {
  if (filePath.includes('|')) throw new PlanError('path', `Cannot cut from ${filePath}: its path contains "|"; rename the folder`);
}

/** Splits a range's selection at holes, refusing holes unless allowed and empty ranges always. */
function rangePieces(input: PlanInput, selection: Selection, rangeIndex: number): Piece[] {
  const range = input.edit.ranges[rangeIndex]!;
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  if (segments.length === 0) throw new NoFootageError(rangeIndex, range);
  if (!input.allowHoles && segments.length !== selection.length) {
    const hole = holeSpans(selection, range.startUs, range.endUs)[0]!;
    const index = selection.indexOf(null);
    const before = selection[index - 1];
    throw new HoleError(hole.startUs, hole.endUs, before !== undefined && before !== null && before.type !== 'full');
  }
  const pieces: Piece[] = [];
  let run: SegmentInfo[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const startUs = Math.max(range.startUs, run[0]!.startUs);
    const endUs = Math.min(range.endUs, run[run.length - 1]!.endUs);
    if (endUs > startUs) pieces.push({ rangeIndex, segments: run, startUs, endUs });
    run = [];
  };
  for (const segment of selection) {
    if (segment === null) flush();
    else run.push(segment);
  }
  flush();
  if (pieces.length === 0) throw new NoFootageError(rangeIndex, range);
  return pieces;
}

function sizeOf(input: PlanInput, segment: SegmentInfo): number {
  return input.sizes?.get(input.segmentPath(segment)) ?? 0;
}

/** Bytes of the part of a segment inside [startUs, endUs), assuming a constant bitrate. */
function bytesWithin(input: PlanInput, segment: SegmentInfo, startUs: number, endUs: number): number {
  const usedUs = Math.max(0, Math.min(endUs, segment.endUs) - Math.max(startUs, segment.startUs));
  return segment.durationUs > 0 ? Math.round((sizeOf(input, segment) * usedUs) / segment.durationUs) : 0;
}

function copyPart(input: PlanInput, segments: SegmentInfo[]): CopyPart {
  return {
    kind: 'copy',
    paths: segments.map((segment) => input.segmentPath(segment)),
    bytes: segments.reduce((total, segment) => total + sizeOf(input, segment), 0),
    durationUs: segments.reduce((total, segment) => total + segment.durationUs, 0),
  };
}

function roughParts(input: PlanInput, pieces: Piece[][]): StreamPart[] {
  return pieces.flat().map((piece) => copyPart(input, piece.segments));
}

function concatUrl(input: PlanInput, segments: SegmentInfo[]): string {
  return `concat:${segments.map((segment) => input.segmentPath(segment)).join('|')}`;
}

/** A stretch of contiguous segments that one ffmpeg input reads: [startUs, endUs). */
interface Stretch {
  segments: SegmentInfo[];
  startUs: number;
  endUs: number;
}

/**
 * Trims input `index` to its stretch in the filter graph, into [v<label>] and [a<label>]
 * starting at 0. Input -ss is not used: ffmpeg seeks MPEG-TS to a packet, not a keyframe,
 * and drops the video up to the next keyframe; trim decodes from the segment's start.
 */
function trimFilters(index: number, stretch: Stretch, label: string, hasAudio: boolean): string[] {
  const bounds = `start=${formatSecondsExact(stretch.startUs - stretch.segments[0]!.startUs)}:duration=${formatSecondsExact(stretch.endUs - stretch.startUs)}`;
  const filters = [`[${index}:v]trim=${bounds},setpts=PTS-STARTPTS,settb=AVTB[v${label}]`];
  if (hasAudio) filters.push(`[${index}:a]atrim=${bounds},asetpts=PTS-STARTPTS[a${label}]`);
  return filters;
}

function hasAudio(input: PlanInput): boolean {
  return Boolean(input.source?.audio ?? true);
}

const ENCODERS: Record<string, string> = {
  h264: 'libx264',
  hevc: 'libx265',
  aac: 'aac',
  mp3: 'libmp3lame',
  opus: 'libopus',
  ac3: 'ac3',
};

/** Encoder arguments matching the source's codecs, without B-frames so parts concatenate. */
function matchingEncodeArgs(input: PlanInput): string[] {
  const source = input.source;
  if (!source?.video) throw new PlanError('codec', 'The source has no video stream that could be probed; use a rough cut');
  const video = ENCODERS[source.video];
  if (!video) throw new PlanError('codec', `A ${input.cutType} cut re-encodes the edges in the source codec, and ${source.video} has no known encoder; use a rough or full cut`);
  const args = ['-c:v', video, '-preset', 'veryfast', '-crf', '18', '-bf', '0'];
  if (!source.audio) return args;
  const audio = ENCODERS[source.audio];
  if (!audio) throw new PlanError('codec', `The source audio codec ${source.audio} has no known encoder; use a rough or full cut`);
  return [...args, '-c:a', audio];
}

function streamMaps(input: PlanInput, video: string, audio: string): string[] {
  return hasAudio(input) ? ['-map', video, '-map', audio] : ['-map', video];
}

/** ffmpeg reading `inputs` (each contiguous segments) through `filters`, writing MPEG-TS to stdout. */
function encodeArgv(input: PlanInput, inputs: SegmentInfo[][], filters: string[], video: string, audio: string): string[] {
  return [
    input.ffmpegPath,
    ...BASE_ARGS,
    ...inputs.flatMap((segments) => ['-i', concatUrl(input, segments)]),
    '-filter_complex',
    filters.join(';'),
    ...streamMaps(input, video, audio),
    ...matchingEncodeArgs(input),
    '-f',
    'mpegts',
    'pipe:1',
  ];
}

/** One segment (or a few) re-encoded to MPEG-TS on stdout, trimmed to [startUs, endUs). */
function edgePart(input: PlanInput, segments: SegmentInfo[], startUs: number, endUs: number, why: string): EncodePart {
  const filters = [...trimFilters(0, { segments, startUs, endUs }, 'out', hasAudio(input)), ...edgeAudioFilter(input, 'aout', 'a', endUs - startUs)];
  return {
    kind: 'encode',
    argv: encodeArgv(input, [segments], filters, '[vout]', '[a]'),
    paths: segments.map((segment) => input.segmentPath(segment)),
    durationUs: endUs - startUs,
    why,
  };
}

/** Samples per AAC frame; ffmpeg's AAC encoder also emits one frame of priming first. */
const AAC_FRAME_SAMPLES = 1024;

/**
 * An edge encode's audio must not outlast its video: the smart re-timer starts the next
 * part after the last timestamp of this one, so longer audio would open a gap. The AAC
 * encoder adds a priming frame before the audio and pads the last frame, so the audio is
 * cut to whole frames (priming included) within the video's length and delayed by the
 * priming frame, which then starts with the first picture.
 */
function edgeAudioFilter(input: PlanInput, from: string, to: string, durationUs: number): string[] {
  if (!hasAudio(input)) return [];
  const rate = input.source?.audioSampleRate;
  if (input.source?.audio !== 'aac' || !rate) return [`[${from}]anull[${to}]`];
  const frames = Math.floor((durationUs * rate) / (AAC_FRAME_SAMPLES * 1_000_000)) - 1;
  const keptUs = Math.floor((Math.max(0, frames) * AAC_FRAME_SAMPLES * 1_000_000) / rate);
  return [`[${from}]atrim=duration=${formatSecondsExact(keptUs)},asetpts=PTS-STARTPTS+${AAC_FRAME_SAMPLES}/(SR*TB)[${to}]`];
}

function xfadeFilter(name: string, durationUs: number, offsetUs: number, video: [string, string, string], audio: [string, string, string] | null): string[] {
  const seconds = formatSecondsExact(durationUs);
  const filters = [`[${video[0]}][${video[1]}]xfade=transition=${name}:duration=${seconds}:offset=${formatSecondsExact(offsetUs)}[${video[2]}]`];
  if (audio) filters.push(`[${audio[0]}][${audio[1]}]acrossfade=duration=${seconds}[${audio[2]}]`);
  return filters;
}

/** The stretch of a piece that a transition of `durationUs` at its end touches. */
function outgoingSide(piece: Piece, durationUs: number, where: string): Stretch {
  const fromUs = piece.endUs - durationUs;
  if (fromUs < piece.startUs) {
    throw new PlanError('transition', `${where} needs ${formatSecondsExact(durationUs)} s of footage before it, but a hole leaves only ${formatSecondsExact(piece.endUs - piece.startUs)} s; use a full cut, a hard cut, or move the range`);
  }
  const segments = piece.segments.filter((segment) => segment.endUs > fromUs);
  return { segments, startUs: Math.max(piece.startUs, segments[0]!.startUs), endUs: piece.endUs };
}

/** The stretch of a piece that a transition of `durationUs` at its start touches. */
function incomingSide(piece: Piece, durationUs: number, where: string): Stretch {
  const toUs = piece.startUs + durationUs;
  if (toUs > piece.endUs) {
    throw new PlanError('transition', `${where} needs ${formatSecondsExact(durationUs)} s of footage after it, but a hole leaves only ${formatSecondsExact(piece.endUs - piece.startUs)} s; use a full cut, a hard cut, or move the range`);
  }
  const segments = piece.segments.filter((segment) => segment.startUs < toUs);
  return { segments, startUs: piece.startUs, endUs: Math.min(piece.endUs, segments[segments.length - 1]!.endUs) };
}

function transitionPart(input: PlanInput, transition: Extract<Transition, { kind: 'named' }>, from: Stretch, to: Stretch): EncodePart {
  const fromUs = from.endUs - from.startUs;
  const durationUs = fromUs + (to.endUs - to.startUs) - transition.durationUs;
  const audio = hasAudio(input) ? (['a0', 'a1', 'a'] as [string, string, string]) : null;
  const filters = [
    ...trimFilters(0, from, '0', hasAudio(input)),
    ...trimFilters(1, to, '1', hasAudio(input)),
    ...xfadeFilter(transition.name, transition.durationUs, fromUs - transition.durationUs, ['v0', 'v1', 'v'], audio),
    ...edgeAudioFilter(input, 'a', 'aout', durationUs),
  ];
  return {
    kind: 'encode',
    argv: encodeArgv(input, [from.segments, to.segments], filters, '[v]', '[aout]'),
    paths: [...from.segments, ...to.segments].map((segment) => input.segmentPath(segment)),
    durationUs,
    why: `${transition.name} transition, ${formatSecondsExact(transition.durationUs)} s`,
  };
}

/**
 * Fast/smart: in every piece the first and last segment are re-encoded when the range
 * cuts into them, footage under a transition is re-encoded with it, the rest is copied.
 */
function fastParts(input: PlanInput, pieces: Piece[][]): StreamPart[] {
  const parts: StreamPart[] = [];
  const { transitions } = input.edit;
  let pendingOut: Stretch | null = null;
  pieces.forEach((rangePieces, rangeIndex) => {
    rangePieces.forEach((piece, pieceIndex) => {
      const incoming = pieceIndex === 0 ? transitions[rangeIndex - 1] : undefined;
      const outgoing = pieceIndex === rangePieces.length - 1 ? transitions[rangeIndex] : undefined;
      let segments = piece.segments;
      let startUs = piece.startUs;
      let endUs = piece.endUs;
      if (incoming && isNamed(incoming)) {
        const where = `Transition ${rangeIndex} (${incoming.name}) into ${describeRange(rangeIndex, input.edit.ranges[rangeIndex]!)}`;
        const side = incomingSide(piece, incoming.durationUs, where);
        parts.push(transitionPart(input, incoming, pendingOut!, side));
        segments = segments.slice(side.segments.length);
        startUs = side.endUs;
      }
      let outSide: Stretch | null = null;
      if (outgoing && isNamed(outgoing)) {
        const where = `Transition ${rangeIndex + 1} (${outgoing.name}) out of ${describeRange(rangeIndex, input.edit.ranges[rangeIndex]!)}`;
        outSide = outgoingSide(piece, outgoing.durationUs, where);
        const keep = segments.length - outSide.segments.length;
        if (keep < 0 || outSide.startUs < startUs) {
          throw new PlanError('transition', `${where} overlaps the footage of the transition before it: a fast or smart cut re-encodes each transition separately; use a full cut, or lengthen the range`);
        }
        segments = segments.slice(0, keep);
        endUs = outSide.startUs;
      }
      if (segments.length > 0 && endUs > startUs) parts.push(...middleParts(input, segments, startUs, endUs));
      pendingOut = outSide;
    });
  });
  return parts;
}

/** A run of contiguous segments cut to [startUs, endUs): re-encoded edges, copied middle. */
function middleParts(input: PlanInput, segments: SegmentInfo[], startUs: number, endUs: number): StreamPart[] {
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  if (segments.length === 1 && (startUs > first.startUs || endUs < first.endUs)) {
    return [edgePart(input, [first], startUs, endUs, 'only segment, cut at both ends')];
  }
  const parts: StreamPart[] = [];
  let middle = segments;
  if (startUs > first.startUs) {
    parts.push(edgePart(input, [first], startUs, first.endUs, 'first segment, cut at the start'));
    middle = middle.slice(1);
  }
  const cutEnd = endUs < last.endUs;
  if (cutEnd) middle = middle.slice(0, -1);
  if (middle.length > 0) parts.push(copyPart(input, middle));
  if (cutEnd) parts.push(edgePart(input, [last], last.startUs, endUs, 'last segment, cut at the end'));
  return parts;
}

/** Output starts of the named transitions, measured from the start of the output. */
function transitionStarts(edit: Edit, pieces: Piece[][]): number[] {
  const starts: number[] = [];
  let outputUs = 0;
  pieces.forEach((rangePieces, rangeIndex) => {
    if (rangeIndex > 0) {
      const transition = edit.transitions[rangeIndex - 1]!;
      if (isNamed(transition)) {
        outputUs -= transition.durationUs;
        starts.push(outputUs);
      }
    }
    for (const piece of rangePieces) outputUs += piece.endUs - piece.startUs;
  });
  return starts;
}

function outputDurationUs(edit: Edit, pieces: Piece[][], cutType: CutType): number {
  if (cutType === 'rough' || cutType === 'archive') {
    return pieces.flat().reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + segment.durationUs, 0), 0);
  }
  const usedUs = pieces.flat().reduce((total, piece) => total + (piece.endUs - piece.startUs), 0);
  const rangesUs = edit.ranges.reduce((total, range) => total + (range.endUs - range.startUs), 0);
  return editDurationUs(edit) - (rangesUs - usedUs);
}

function holeNotes(input: PlanInput, pieces: Piece[][]): string[] {
  return pieces.flatMap((rangePieces, rangeIndex) => {
    const range = input.edit.ranges[rangeIndex]!;
    const usedUs = rangePieces.reduce((total, piece) => total + (piece.endUs - piece.startUs), 0);
    const missingUs = range.endUs - range.startUs - usedUs;
    return missingUs > 0 ? [`${describeRange(rangeIndex, range)}: ${formatSecondsExact(missingUs)} s with no footage is skipped.`] : [];
  });
}

function streamPlan(input: PlanInput, pieces: Piece[][], parts: StreamPart[], retime: boolean, notes: string[]): StreamPlan {
  const target = input.target(0);
  const remux = input.format === 'ts' ? null : remuxCommand(input, target, outputDurationUs(input.edit, pieces, input.cutType));
  const copied = parts.filter((part): part is CopyPart => part.kind === 'copy');
  const encoded = parts.filter((part): part is EncodePart => part.kind === 'encode');
  const encodedUs = encoded.reduce((total, part) => total + part.durationUs, 0);
  const extraNotes = remux ? [`Delivered as ${input.format.toUpperCase()} by stream copy (remux) of the MPEG-TS cut: nothing more is re-encoded.`] : [];
  return {
    mode: 'stream',
    cutType: input.cutType,
    format: input.format,
    durationUs: outputDurationUs(input.edit, pieces, input.cutType),
    estimatedBytes: copied.reduce((total, part) => total + part.bytes, 0) + encodedBytes(input, pieces, encodedUs),
    notes: [...notes, ...holeNotes(input, pieces), ...extraNotes],
    transitionStartsUs: input.cutType === 'rough' ? [] : transitionStarts(input.edit, pieces),
    copiedSegments: copied.reduce((total, part) => total + part.paths.length, 0),
    encodedSegments: new Set(encoded.flatMap((part) => part.paths)).size,
    copiedUs: copied.reduce((total, part) => total + part.durationUs, 0),
    encodedUs,
    heavy: false,
    parts,
    retime,
    remux,
    target,
  };
}

/** Re-encoded output is assumed to run at the source's average bitrate. */
function encodedBytes(input: PlanInput, pieces: Piece[][], encodedUs: number): number {
  const all = pieces.flat();
  const bytes = all.reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + sizeOf(input, segment), 0), 0);
  const us = all.reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + segment.durationUs, 0), 0);
  return us > 0 ? Math.round((bytes * encodedUs) / us) : 0;
}

function containerArgs(format: OutputFormat): string[] {
  switch (format) {
    case 'mp4':
      return ['-movflags', '+faststart', '-f', 'mp4'];
    case 'mkv':
      return ['-f', 'matroska'];
    case 'webm':
      return ['-f', 'webm'];
    case 'ts':
      return ['-f', 'mpegts'];
  }
}

function targetArg(target: PlanTarget): string[] {
  return target.kind === 'pipe' ? ['pipe:1'] : ['-y', target.path];
}

function remuxCommand(input: PlanInput, target: PlanTarget, durationUs: number): FileCommand {
  if (target.kind === 'pipe') throw new PlanError('format', `${input.format.toUpperCase()} needs a seekable file and cannot be streamed; ask for MPEG-TS`);
  return {
    argv: [input.ffmpegPath, ...BASE_ARGS, '-f', 'mpegts', '-i', 'pipe:0', '-map', '0', '-c', 'copy', ...containerArgs(input.format), ...targetArg(target)],
    paths: [],
    durationUs,
    target,
  };
}

/** Encoder settings of full cuts: good quality at a modest CPU cost. */
function fullEncodeArgs(format: OutputFormat): string[] {
  if (format === 'webm') return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '32', '-c:a', 'libopus'];
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'aac'];
}

/**
 * Full cut: one input per piece (each trimmed by -ss/-t), chained pairwise in the filter
 * graph: concat for hard cuts and holes, xfade + acrossfade for named transitions, the
 * offset of each measured from the start of the output so far.
 */
function fullPlan(input: PlanInput, pieces: Piece[][]): CommandPlan {
  const target = input.target(0);
  if (input.format === 'mp4' && target.kind === 'pipe') throw new PlanError('format', 'MP4 needs a seekable file and cannot be streamed; ask for MPEG-TS or WebM');
  const flat = pieces.flat();
  const withAudio = hasAudio(input);
  const inputs = flat.flatMap((piece) => ['-i', concatUrl(input, piece.segments)]);
  const filters = flat.flatMap((piece, index) => trimFilters(index, piece, `${index}in`, withAudio));
  let video = 'v0in';
  let audio = 'a0in';
  let outputUs = flat[0]!.endUs - flat[0]!.startUs;
  for (let index = 1; index < flat.length; index++) {
    const piece = flat[index]!;
    const transition = piece.rangeIndex !== flat[index - 1]!.rangeIndex ? input.edit.transitions[piece.rangeIndex - 1]! : { kind: 'cut' as const };
    const nextVideo = `v${index}out`;
    const nextAudio = `a${index}out`;
    if (isNamed(transition)) {
      outputUs -= transition.durationUs;
      filters.push(...xfadeFilter(transition.name, transition.durationUs, outputUs, [video, `v${index}in`, nextVideo], withAudio ? [audio, `a${index}in`, nextAudio] : null));
    } else if (withAudio) {
      filters.push(`[${video}][${audio}][v${index}in][a${index}in]concat=n=2:v=1:a=1[${nextVideo}][${nextAudio}]`);
    } else {
      filters.push(`[${video}][v${index}in]concat=n=2:v=1:a=0[${nextVideo}]`);
    }
    outputUs += piece.endUs - piece.startUs;
    video = nextVideo;
    audio = nextAudio;
  }
  const durationUs = outputDurationUs(input.edit, pieces, 'full');
  const argv = [
    input.ffmpegPath,
    ...BASE_ARGS,
    ...inputs,
    '-filter_complex',
    filters.join(';'),
    '-map',
    `[${video}]`,
    ...(withAudio ? ['-map', `[${audio}]`] : []),
    ...fullEncodeArgs(input.format),
    ...containerArgs(input.format),
    ...targetArg(target),
  ];
  const paths = flat.flatMap((piece) => piece.segments.map((segment) => input.segmentPath(segment)));
  const segmentCount = flat.reduce((total, piece) => total + piece.segments.length, 0);
  return {
    mode: 'commands',
    cutType: 'full',
    format: input.format,
    durationUs,
    estimatedBytes: flat.reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + bytesWithin(input, segment, piece.startUs, piece.endUs), 0), 0),
    notes: holeNotes(input, pieces),
    transitionStartsUs: transitionStarts(input.edit, pieces),
    copiedSegments: 0,
    encodedSegments: segmentCount,
    copiedUs: 0,
    encodedUs: durationUs,
    heavy: true,
    commands: [{ argv, paths, durationUs, target }],
  };
}

/** Archive cut: whole segments stream-copied into MKV, one file per contiguous run. */
function archivePlan(input: PlanInput, pieces: Piece[][]): CommandPlan {
  const runs = pieces.flat();
  const commands = runs.map((piece, index): FileCommand => {
    const target = input.target(index);
    if (target.kind === 'pipe') throw new PlanError('format', 'Archive cuts write MKV files and cannot be streamed');
    const durationUs = piece.segments.reduce((total, segment) => total + segment.durationUs, 0);
    return {
      argv: [input.ffmpegPath, ...BASE_ARGS, '-i', concatUrl(input, piece.segments), '-map', '0', '-c', 'copy', ...containerArgs('mkv'), ...targetArg(target)],
      paths: piece.segments.map((segment) => input.segmentPath(segment)),
      durationUs,
      target,
    };
  });
  const segmentCount = runs.reduce((total, piece) => total + piece.segments.length, 0);
  const durationUs = outputDurationUs(input.edit, pieces, 'archive');
  return {
    mode: 'commands',
    cutType: 'archive',
    format: 'mkv',
    durationUs,
    estimatedBytes: runs.reduce((total, piece) => total + piece.segments.reduce((sum, segment) => sum + sizeOf(input, segment), 0), 0),
    notes: [
      ...(runs.length > 1 ? [`${runs.length} files, one per contiguous run of footage (split at holes and between ranges).`] : []),
      ...(input.edit.transitions.some(isNamed) ? ['Archive cuts ignore transitions.'] : []),
    ],
    transitionStartsUs: [],
    copiedSegments: segmentCount,
    encodedSegments: 0,
    copiedUs: durationUs,
    encodedUs: 0,
    heavy: false,
    commands,
  };
}

/** Every ffmpeg command line of a plan, in the order they run. */
export function planCommands(plan: CutPlan): string[][] {
  if (plan.mode === 'commands') return plan.commands.map((command) => command.argv);
  const encodes = plan.parts.filter((part): part is EncodePart => part.kind === 'encode').map((part) => part.argv);
  return plan.remux ? [plan.remux.argv, ...encodes] : encodes;
}

/** Quotes an argument for a POSIX shell only when it needs it. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** The plan as text: what is copied, what is re-encoded, and every command line. */
export function describePlan(plan: CutPlan): string[] {
  const lines = [
    `${plan.cutType} cut to ${plan.format}: ${formatSecondsExact(plan.durationUs)} s, about ${formatBytes(plan.estimatedBytes)}`,
    `  ${plan.copiedSegments} segment(s) copied as-is (${formatSecondsExact(plan.copiedUs)} s), ${plan.encodedSegments} segment(s) re-encoded (${formatSecondsExact(plan.encodedUs)} s)`,
    ...plan.notes.map((note) => `  note: ${note}`),
  ];
  if (plan.mode === 'commands') {
    for (const command of plan.commands) lines.push(`run: ${formatCommand(command.argv)}`);
    return lines;
  }
  const sink = plan.remux ? `| ${formatCommand(plan.remux.argv)}` : plan.target.kind === 'file' ? `>> ${shellQuote(plan.target.path)}` : '> stdout';
  if (plan.retime) lines.push('  every part below passes through the MPEG-TS re-timer (one continuous timeline from 0)');
  for (const part of plan.parts) {
    if (part.kind === 'copy') lines.push(`copy: ${part.paths.length} segment(s), ${formatSecondsExact(part.durationUs)} s: ${part.paths.map(shellQuote).join(' ')}`);
    else lines.push(`encode (${part.why}): ${formatCommand(part.argv)}`);
  }
  lines.push(`output: ${sink}`);
  return lines;
}
