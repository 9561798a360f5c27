/**
 * Stream plans for rough, fast and smart cuts: the parts (copied segments, re-encoded
 * edges and transitions) that are concatenated into one MPEG-TS stream, the encoder
 * arguments that make encoded parts match the source, and the plan that sums them up.
 */
import { describeRange, type Transition } from '../edit';
import type { SegmentInfo } from '../segment';
import { formatSecondsExact } from '../time';
import { remuxCommand } from './command-plan';
import { concatUrl, cutUs, frameCutArgs, frameCuts, hasAudio, inputSegments, trimFilters, xfadeFilter, type FrameCut, type Stretch } from './filtergraph';
import { keyframeInstantUs, leadInAt, leadInBefore, leadingPictures, openGopJoinNotes } from './open-gop';
import { copyPart, holeNotes, isNamed, outputDurationUs, sizeOf, transitionStarts, type Piece } from './pieces';
import { joinEdgeSounds, recordedSoundLeadTicks, soundEdge, type SoundEdge } from './edge-sound';
import { cutStarts, fadeNote, hardCutPieces, streamSoundFade } from './hard-cuts';
import { BASE_ARGS, PlanError, type EncodePart, type PlanInput, type StreamPart, type StreamPlan } from './types';

/** Whole segments of every piece, copied; pauses after each range (see planCutSteps). */
export function* roughParts(input: PlanInput, pieces: Piece[][], cutParts: number[] = []): Generator<void, StreamPart[], void> {
  const parts: StreamPart[] = [];
  // One part per piece: the pieces after hard cuts are the parts after them.
  cutParts.push(...hardCutPieces(input, pieces.flat(), true));
  for (const rangePieces of pieces) {
    for (const piece of rangePieces) parts.push(copyPart(input, piece.segments));
    yield;
  }
  return parts;
}

const ENCODERS: Record<string, string> = {
  h264: 'libx264',
  hevc: 'libx265',
  aac: 'aac',
  mp2: 'mp2',
  mp3: 'libmp3lame',
  opus: 'libopus',
  ac3: 'ac3',
  eac3: 'eac3',
};

/**
 * Encoder arguments matching the source's codecs. B-frames only when the source has them:
 * an edge without them writes PTS alone, and a player meeting PTS-only packets among
 * B-frame packets of one stream loses their decode times (ffprobe: DTS N/A).
 */
function matchingEncodeArgs(input: PlanInput): string[] {
  const args = videoEncodeArgs(input);
  const source = input.source!;
  if (!source.audio) return args;
  const audio = ENCODERS[source.audio];
  if (!audio) throw new PlanError('codec', `The source audio codec ${source.audio} has no known encoder; use a rough or full cut`);
  return [...args, '-c:a', audio];
}

function videoEncodeArgs(input: PlanInput): string[] {
  const source = input.source;
  if (!source?.video) throw new PlanError('codec', 'The source has no video stream that could be probed; use a rough cut');
  const video = ENCODERS[source.video];
  if (!video)
    throw new PlanError(
      'codec',
      `A ${input.cutType} cut re-encodes the edges in the source codec, and ${source.video} has no known encoder; use a rough or full cut`,
    );
  return ['-c:v', video, '-preset', 'veryfast', '-crf', '18', '-bf', (source.reorderedFrames ?? 0) > 0 ? '3' : '0'];
}

function streamMaps(input: PlanInput, video: string, audio: string): string[] {
  return hasAudio(input) ? ['-map', video, '-map', audio] : ['-map', video];
}

/** ffmpeg reading `inputs` (each contiguous segments) through `filters`, writing MPEG-TS to stdout. */
function encodeArgv(input: PlanInput, inputs: SegmentInfo[][], filters: string[], video: string, audio: string, cuts: FrameCut[] | null): string[] {
  return [
    input.ffmpegPath,
    ...BASE_ARGS,
    ...frameCutArgs(cuts),
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
function edgePart(
  input: PlanInput,
  segments: SegmentInfo[],
  startUs: number,
  endUs: number,
  why: string,
  soundEdges: Map<EncodePart, SoundEdge>,
  leadIn?: SegmentInfo,
): EncodePart {
  const stretch: Stretch = { segments, startUs, endUs, leadIn };
  const cuts = frameCuts(input, [stretch]);
  const cut = cuts?.[0] ?? null;
  const durationUs = cutUs(stretch, cut);
  // The segments it shows (a lead-in is only decoded): the preview and the sound fade take the first as the part's source.
  const paths = segments.map((segment) => input.segmentPath(segment));
  // A smart cut's edge copies the source's sound frames; joinEdgeSounds writes its command once its neighbours are known.
  const sound = input.cutType === 'smart' && cut !== null && hasAudio(input) ? soundEdge(input, stretch, cut, videoEncodeArgs(input)) : null;
  if (sound !== null) {
    const part: EncodePart = { kind: 'encode', argv: [], paths, durationUs, why };
    soundEdges.set(part, sound);
    return part;
  }
  const filters = [...trimFilters(0, stretch, 'out', hasAudio(input), cut), ...edgeAudioFilter(input, 'aout', 'a', durationUs)];
  return { kind: 'encode', argv: encodeArgv(input, [inputSegments(stretch)], filters, '[vout]', '[a]', cuts), paths, durationUs, why };
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
function edgeAudioFilter(input: PlanInput, from: string, to: string, durationUs: number, leadTicks = 0): string[] {
  if (!hasAudio(input)) return [];
  const rate = input.source?.audioSampleRate;
  if (input.source?.audio !== 'aac' || !rate) return [`[${from}]anull[${to}]`];
  const frames = Math.floor((durationUs * rate) / (AAC_FRAME_SAMPLES * 1_000_000)) - 1;
  const keptUs = Math.floor((Math.max(0, frames) * AAC_FRAME_SAMPLES * 1_000_000) / rate);
  const lead = leadTicks === 0 ? '' : `${leadTicks > 0 ? '-' : '+'}${Math.abs(leadTicks)}/(90000*TB)`;
  const rebase = `PTS-STARTPTS+${AAC_FRAME_SAMPLES}/(SR*TB)${lead}`;
  return [`[${from}]atrim=duration=${formatSecondsExact(keptUs)},asetpts=${rebase}[${to}]`];
}

/**
 * The stretch of a piece that a transition of `durationUs` at its end touches. Starting
 * at or inside open-GOP leading pictures it is decoded after the segment before (see open-gop.ts).
 */
function outgoingSide(input: PlanInput, piece: Piece, durationUs: number, where: string): Stretch {
  const fromUs = piece.endUs - durationUs;
  if (fromUs < piece.startUs) {
    throw new PlanError(
      'transition',
      `${where} needs ${formatSecondsExact(durationUs)} s of footage before it, but a hole leaves only ${formatSecondsExact(piece.endUs - piece.startUs)} s; use a full cut, a hard cut, or move the range`,
    );
  }
  const segments = piece.segments.filter((segment) => segment.endUs > fromUs);
  const startUs = Math.max(piece.startUs, segments[0]!.startUs);
  const leadIn = leadInAt(input, piece.segments, piece.segments.length - segments.length, startUs);
  return { segments, startUs, endUs: piece.endUs, leadIn };
}

/**
 * The stretch of a piece that a transition of `durationUs` at its start touches. Where
 * copied open-GOP footage follows, it runs on to that footage's keyframe: the copy's
 * leading pictures are the transition's (the re-timer drops the copied ones).
 */
function incomingSide(input: PlanInput, piece: Piece, durationUs: number, where: string): Stretch {
  const toUs = piece.startUs + durationUs;
  if (toUs > piece.endUs) {
    throw new PlanError(
      'transition',
      `${where} needs ${formatSecondsExact(durationUs)} s of footage after it, but a hole leaves only ${formatSecondsExact(piece.endUs - piece.startUs)} s; use a full cut, a hard cut, or move the range`,
    );
  }
  const segments = piece.segments.filter((segment) => segment.startUs < toUs);
  const leadIn = leadInBefore(input, segments[0]!, piece.startUs);
  const endUs = Math.min(piece.endUs, segments[segments.length - 1]!.endUs);
  const next = piece.segments[segments.length];
  const nextKeyUs = next ? keyframeInstantUs(input, next) : null;
  if (next && nextKeyUs !== null && endUs === next.startUs && nextKeyUs < piece.endUs) {
    return { segments: [...segments, next], startUs: piece.startUs, endUs: nextKeyUs, leadIn };
  }
  return { segments, startUs: piece.startUs, endUs, leadIn };
}

function transitionPart(input: PlanInput, transition: Extract<Transition, { kind: 'named' }>, from: Stretch, to: Stretch): EncodePart {
  const cuts = frameCuts(input, [from, to]);
  const fromUs = cutUs(from, cuts?.[0] ?? null);
  const durationUs = fromUs + cutUs(to, cuts?.[1] ?? null) - transition.durationUs;
  const audio = hasAudio(input) ? (['a0', 'a1', 'a'] as [string, string, string]) : null;
  // A smart cut's transition starts and ends its sound as early as the recording's runs
  // ahead of its pictures, like the copied segments around it (the re-timer puts pictures end to end).
  const leadTicks = input.cutType === 'smart' && cuts !== null ? recordedSoundLeadTicks(input) : 0;
  const filters = [
    ...trimFilters(0, from, '0', hasAudio(input), cuts?.[0] ?? null, false, leadTicks),
    ...trimFilters(1, to, '1', hasAudio(input), cuts?.[1] ?? null, false, leadTicks),
    ...xfadeFilter(transition.name, transition.durationUs, fromUs - transition.durationUs, ['v0', 'v1', 'v'], audio),
    ...edgeAudioFilter(input, 'a', 'aout', durationUs, leadTicks),
  ];
  return {
    kind: 'encode',
    argv: encodeArgv(input, [inputSegments(from), inputSegments(to)], filters, '[v]', '[aout]', cuts),
    paths: [...from.segments, ...to.segments].map((segment) => input.segmentPath(segment)),
    durationUs,
    why: `${transition.name} transition, ${formatSecondsExact(transition.durationUs)} s`,
  };
}

/**
 * Fast/smart: in every piece the first and last segment are re-encoded when the range
 * cuts into them, footage under a transition is re-encoded with it, the rest is copied.
 */
export function* fastParts(input: PlanInput, pieces: Piece[][], cutParts: number[] = []): Generator<void, StreamPart[], void> {
  const parts: StreamPart[] = [];
  const cutPieces = new Set(hardCutPieces(input, pieces.flat()));
  let pieceNumber = 0;
  const soundEdges = new Map<EncodePart, SoundEdge>();
  const { transitions } = input.edit;
  let pendingOut: Stretch | null = null;
  for (const [rangeIndex, rangePieces] of pieces.entries()) {
    rangePieces.forEach((piece, pieceIndex) => {
      const incoming = pieceIndex === 0 ? transitions[rangeIndex - 1] : undefined;
      const outgoing = pieceIndex === rangePieces.length - 1 ? transitions[rangeIndex] : undefined;
      let segments = piece.segments;
      let startUs = piece.startUs;
      let endUs = piece.endUs;
      let copiedFromKeyframe = false;
      if (incoming && isNamed(incoming)) {
        const where = `Transition ${rangeIndex} (${incoming.name}) into ${describeRange(rangeIndex, input.edit.ranges[rangeIndex]!)}`;
        const side = incomingSide(input, piece, incoming.durationUs, where);
        parts.push(transitionPart(input, incoming, pendingOut!, side));
        // Run on to a copied segment's keyframe, the side ends inside that segment, whose copy starts there.
        const runsOn = side.segments[side.segments.length - 1]!.endUs > side.endUs && side.endUs < piece.endUs;
        segments = segments.slice(side.segments.length - (runsOn ? 1 : 0));
        startUs = side.endUs;
        copiedFromKeyframe = runsOn;
      }
      let outSide: Stretch | null = null;
      if (outgoing && isNamed(outgoing)) {
        const where = `Transition ${rangeIndex + 1} (${outgoing.name}) out of ${describeRange(rangeIndex, input.edit.ranges[rangeIndex]!)}`;
        outSide = outgoingSide(input, piece, outgoing.durationUs, where);
        const keep = segments.length - outSide.segments.length;
        if (keep < 0 || outSide.startUs < startUs) {
          throw new PlanError(
            'transition',
            `${where} overlaps the footage of the transition before it: a fast or smart cut re-encodes each transition separately; use a full cut, or lengthen the range`,
          );
        }
        segments = segments.slice(0, keep);
        endUs = outSide.startUs;
      }
      // A piece after a hard cut has no incoming transition: its first part follows the cut.
      if (cutPieces.has(pieceNumber++)) cutParts.push(parts.length);
      if (segments.length > 0 && endUs > startUs) parts.push(...middleParts(input, segments, startUs, endUs, soundEdges, copiedFromKeyframe));
      pendingOut = outSide;
    });
    yield;
  }
  return soundEdges.size > 0 ? yield* joinEdgeSounds(input, parts, soundEdges) : parts;
}

/**
 * A run of contiguous segments cut to [startUs, endUs): re-encoded edges, copied middle.
 * `copiedFromKeyframe`: startUs is the first segment's keyframe, and the part before (a
 * transition) showed its leading pictures: copied, it starts there (see open-gop.ts).
 */
function middleParts(
  input: PlanInput,
  segments: SegmentInfo[],
  startUs: number,
  endUs: number,
  soundEdges: Map<EncodePart, SoundEdge>,
  copiedFromKeyframe = false,
): StreamPart[] {
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  // Starting at or inside open-GOP leading pictures, the first segment is an edge decoded after the one before (see open-gop.ts).
  const leadIn = copiedFromKeyframe ? undefined : leadInBefore(input, first, startUs);
  const cutStart = (startUs > first.startUs && !copiedFromKeyframe) || leadIn !== undefined;
  const startWhy = startUs > first.startUs ? 'cut at the start' : 'decoded after the one before for its leading pictures';
  if (segments.length === 1 && (cutStart || endUs < first.endUs)) {
    return [edgePart(input, [first], startUs, endUs, endUs < first.endUs ? 'only segment, cut at both ends' : `only segment, ${startWhy}`, soundEdges, leadIn)];
  }
  const parts: StreamPart[] = [];
  const cutEnd = endUs < last.endUs;
  const middle = segments.slice(cutStart ? 1 : 0, cutEnd ? -1 : undefined);
  if (cutStart) {
    // Before copied open-GOP footage the edge also encodes the copied run's leading pictures (see open-gop.ts).
    const copiedKeyUs = middle.length > 0 ? keyframeInstantUs(input, middle[0]!) : null;
    if (copiedKeyUs === null) parts.push(edgePart(input, [first], startUs, first.endUs, `first segment, ${startWhy}`, soundEdges, leadIn));
    else parts.push(edgePart(input, [first, middle[0]!], startUs, copiedKeyUs, `first segment, ${startWhy}, to the next one's keyframe`, soundEdges, leadIn));
  }
  if (middle.length > 0) parts.push(copyPart(input, middle));
  if (cutEnd) {
    const leadIn = leadingPictures(input, last) > 0 ? segments[segments.length - 2] : undefined;
    parts.push(edgePart(input, [last], last.startUs, endUs, 'last segment, cut at the end', soundEdges, leadIn));
  }
  return parts;
}

/** Parts summed between pauses: a 12,000-range smart cut has some 36,000 parts. */
const PARTS_PER_STEP = 1000;

/** What the parts add up to: copied and re-encoded segments, seconds and bytes. Pauses every PARTS_PER_STEP parts. */
function* partTotals(
  parts: StreamPart[],
): Generator<void, { copiedSegments: number; copiedUs: number; copiedBytes: number; encodedPaths: Set<string>; encodedUs: number }, void> {
  const totals = { copiedSegments: 0, copiedUs: 0, copiedBytes: 0, encodedPaths: new Set<string>(), encodedUs: 0 };
  for (const [index, part] of parts.entries()) {
    if (part.kind === 'copy') {
      totals.copiedSegments += part.paths.length;
      totals.copiedUs += part.durationUs;
      totals.copiedBytes += part.bytes;
    } else {
      for (const segmentPath of part.paths) totals.encodedPaths.add(segmentPath);
      totals.encodedUs += part.durationUs;
    }
    if (index % PARTS_PER_STEP === PARTS_PER_STEP - 1) yield;
  }
  return totals;
}

/**
 * The plan around the parts. Each summary below walks every part or piece once (24,000
 * parts for 12,000 ranges): run in one go they held the event loop for 80-220 ms under
 * load (CPU profile of export-plan-lag), so it pauses after each.
 */
export function* streamPlan(
  input: PlanInput,
  pieces: Piece[][],
  parts: StreamPart[],
  retime: boolean,
  notes: string[],
  cutParts: readonly number[] = [],
): Generator<void, StreamPlan, void> {
  const target = input.target(0);
  const durationUs = outputDurationUs(input.edit, pieces, input.cutType);
  const remux = input.format === 'ts' ? null : remuxCommand(input, target, durationUs);
  yield;
  const totals = yield* partTotals(parts);
  const bytesEncoded = yield* encodedBytes(input, pieces, totals.encodedUs);
  const soundFade = streamSoundFade(input, parts, cutParts);
  yield;
  const fadeNotes = fadeNote(input, cutStarts(parts, cutParts), true);
  yield;
  const gapNotes = holeNotes(input, pieces);
  yield;
  const joinNotes = openGopJoinNotes(input, parts);
  yield;
  const transitionStartsUs = input.cutType === 'rough' ? [] : transitionStarts(input.edit, pieces);
  yield;
  const extraNotes = remux ? [`Delivered as ${input.format.toUpperCase()} by stream copy (remux) of the MPEG-TS cut: nothing more is re-encoded.`] : [];
  return {
    mode: 'stream',
    cutType: input.cutType,
    format: input.format,
    durationUs,
    estimatedBytes: totals.copiedBytes + bytesEncoded,
    notes: [...notes, ...gapNotes, ...fadeNotes, ...joinNotes, ...extraNotes],
    transitionStartsUs,
    copiedSegments: totals.copiedSegments,
    encodedSegments: totals.encodedPaths.size,
    copiedUs: totals.copiedUs,
    encodedUs: totals.encodedUs,
    heavy: false,
    parts,
    retime,
    remux,
    soundFade,
    target,
  };
}

/** Re-encoded output is assumed to run at the source's average bitrate. Pauses after each range. */
function* encodedBytes(input: PlanInput, pieces: Piece[][], encodedUs: number): Generator<void, number, void> {
  let bytes = 0;
  let us = 0;
  for (const rangePieces of pieces) {
    for (const piece of rangePieces) {
      for (const segment of piece.segments) {
        bytes += sizeOf(input, segment);
        us += segment.durationUs;
      }
    }
    yield;
  }
  return us > 0 ? Math.round((bytes * encodedUs) / us) : 0;
}
