/**
 * The sound of a smart cut's edges. Recorders cut segments on pictures, so a segment's
 * sound runs some ms ahead of (or behind) its pictures, to where the next segment's sound
 * begins (~58 ms ahead on the demo's B-frame quality). The re-timer puts each part's first
 * picture where the previous part's pictures end and moves its sound with it, so copied
 * segments bring that lead along. An edge therefore copies the source's own sound frames
 * too (no re-encode: an AAC encoder adds a priming frame and pads the last one, which can
 * never meet copied sound exactly), choosing which of them to keep:
 * - next to copied footage of the same range it keeps its segment's sound up to (or
 *   from) the segment's end (start): the very frames where the copy's sound starts (ends);
 * - at a hard cut (a range's start or end inside a segment) it keeps the frames that
 *   neither overlap the neighbouring part's sound nor leave a frame's worth of gap:
 *   before copied footage, those ending by where the copy's sound starts; after any part,
 *   those starting at or after where that part's sound ended; at the output's start,
 *   those from its first picture on; at its end, those the segment's own lead puts there.
 * Only the sound of two copied parts meeting at a hard cut is left as the recording has
 * it (their leads differ by less than a frame).
 */
import type { FramePts } from '../frame-times';
import { concatUrl, frameCutArgs, inputSegments, trimFilters, type FrameCut, type Stretch } from './filtergraph';
import { BASE_ARGS, type EncodePart, type PlanInput, type SoundPts, type StreamPart } from './types';

/**
 * An edge whose sound is copied: its stretch, frame cut, the timestamps of the segment its
 * sound comes from (the stretch's first), and the encoder arguments for its pictures. The
 * stretch may read a lead-in before that segment and, before copied open-GOP footage, the
 * next segment up to its keyframe (see open-gop.ts): their sound is dropped, the copy
 * brings the next segment's.
 */
export interface SoundEdge {
  stretch: Stretch;
  cut: FrameCut;
  frames: FramePts;
  /** The segment's sound packets, after those of its lead-in when probed: a range's first sound may lie there. */
  sound: SoundPts;
  /** Ticks by which the segment's own sound starts before its first picture. */
  ownLead: number;
  videoArgs: string[];
}

/**
 * Output options that keep an encode's PTS the source's: a 90 kHz video encoder clock, no
 * muxer delay, and every picture passed on as timed. In the minute before a 33-bit PTS
 * wrap ffmpeg reads a file's timestamps as negative (it unwraps them), and its default
 * frame-rate logic drops negative pictures: an edge there came out empty.
 */
export const SOURCE_TIME_ARGS = ['-vsync', 'passthrough', '-enc_time_base:v', '1/90000', '-muxdelay', '0', '-muxpreload', '0'];

/** The timestamps an edge of `stretch` needs to copy its first segment's sound, or null when they were not probed. */
export function soundEdge(input: PlanInput, stretch: Stretch, cut: FrameCut, videoArgs: string[]): SoundEdge | null {
  const segmentPath = input.segmentPath(stretch.segments[0]!);
  const frames = input.framePts?.get(segmentPath);
  const sound = input.soundPts?.get(segmentPath);
  if (!frames || frames.length === 0 || !sound || sound.pts.length === 0) return null;
  // A range starting at a segment's start after a hard cut may need sound from before it (see joinEdgeSounds).
  const leadInSound = stretch.leadIn ? input.soundPts?.get(input.segmentPath(stretch.leadIn)) : undefined;
  const before = leadInSound?.pts.filter((pts) => pts < sound.pts[0]!) ?? [];
  return { stretch, cut, frames, sound: { pts: [...before, ...sound.pts], endPts: sound.endPts }, ownLead: startLead(frames, sound), videoArgs };
}

/**
 * How far the recording's sound runs ahead of its pictures (ticks; negative: behind), from
 * the first probed segment: re-encoded transitions start and end their sound that much
 * early too, so it meets the copied segments' sound within a frame (the re-timer closes
 * the rest). 0 when no segment was probed.
 */
export function recordedSoundLeadTicks(input: PlanInput): number {
  for (const [segmentPath, frames] of input.framePts ?? []) {
    const sound = input.soundPts?.get(segmentPath);
    if (frames.length > 0 && sound && sound.pts.length > 0) return startLead(frames, sound);
  }
  return 0;
}

/** Ticks by which a segment's sound starts before its first picture (negative: after it). */
function startLead(frames: FramePts, sound: SoundPts): number {
  return frames[0]! - sound.pts[0]!;
}

/** Ticks by which a segment's sound ends before its pictures do (its last frame's end: one frame step past it). */
function endLead(frames: FramePts, sound: SoundPts): number {
  const last = frames[frames.length - 1]!;
  const stepTicks = frames.length > 1 ? last - frames[frames.length - 2]! : 3_000;
  return last + stepTicks - sound.endPts;
}

/** Where audio packet `index` ends: where the next starts, or the last one's end. */
function packetEnd(sound: SoundPts, index: number): number {
  return sound.pts[index + 1] ?? sound.endPts;
}

/**
 * Leads of a copied part's first and last segment, when they were probed. The copy's
 * pictures start with its first segment's keyframe: the re-timer drops open-GOP leading
 * pictures before it (an edge before the copy shows them), not the sound there.
 */
function copyLeads(input: PlanInput, paths: string[]): { start: number | null; end: number | null } {
  const lead = (segmentPath: string, of: typeof startLead) => {
    const frames = input.framePts?.get(segmentPath);
    const sound = input.soundPts?.get(segmentPath);
    return frames && frames.length > 0 && sound && sound.pts.length > 0 ? of(frames, sound) : null;
  };
  const firstPath = paths[0]!;
  const keyframePts = input.keyframePts?.get(firstPath);
  const start = lead(firstPath, startLead);
  const frames = input.framePts?.get(firstPath);
  const leadingTicks = start === null || keyframePts === undefined || !frames ? 0 : Math.max(0, keyframePts - frames[0]!);
  return { start: start === null ? null : start + leadingTicks, end: lead(paths[paths.length - 1]!, endLead) };
}

/** Index of the packet whose start (start: true) or end lies nearest `targetPts`, among indices from..to. */
function nearestPacket(sound: SoundPts, targetPts: number, from: number, to: number, start: boolean): number {
  let best = from;
  for (let index = from; index <= to; index++) {
    const at = start ? sound.pts[index]! : packetEnd(sound, index);
    const bestAt = start ? sound.pts[best]! : packetEnd(sound, best);
    if (Math.abs(at - targetPts) < Math.abs(bestAt - targetPts)) best = index;
  }
  return best;
}

/**
 * Builds the encode commands of the sound-copying edges among `parts` (listed in
 * `edges`), now that each one's neighbours are known. Returns the parts with those filled in.
 *
 * At a hard cut the re-timer moves the following part's sound onto the end of the
 * previous part's when they miss each other by less than a frame (so the sound has no
 * hole), which shifts that part's sound against its pictures by the miss, and every
 * part after it in the range alike (`driftTicks`). Each edge at a hard cut keeps the
 * sound frames that bring that shift nearest 0: it stays under half a frame instead
 * of adding up from cut to cut.
 *
 * Pauses every PARTS_PER_STEP parts (see planCutSteps): a 12,000-range edit has 24,000
 * edges, and joining them in one go held the event loop for 200-300 ms.
 */
export function* joinEdgeSounds(input: PlanInput, parts: StreamPart[], edges: ReadonlyMap<EncodePart, SoundEdge>): Generator<void, StreamPart[], void> {
  // How far before the last join the sound of the part before it ended (after the
  // re-timer's move); null: not known. The output starts with sound no earlier than its
  // first picture (players take the earliest packet as the start: sound first would
  // leave a hole before the picture).
  let soundEndLead: number | null = 0;
  // How far the re-timer will have moved the current part's sound (later: positive).
  let driftTicks = 0;
  // Whether the previous part's sound ran to its segment's end, so the next part's continues it.
  let continuing = false;
  const joinOne = (part: StreamPart, index: number): StreamPart => {
    if (part.kind === 'copy') {
      const leads = copyLeads(input, part.paths);
      if (!continuing) {
        const missTicks = leads.start === null || soundEndLead === null ? 0 : leads.start - soundEndLead;
        driftTicks = index > 0 && Math.abs(missTicks) < frameTicksOf(input, part.paths[0]!) ? missTicks : 0;
      }
      soundEndLead = leads.end === null ? null : leads.end - driftTicks;
      continuing = true;
      return part;
    }
    const edge = edges.get(part);
    if (!edge) {
      soundEndLead = null;
      driftTicks = 0;
      continuing = false;
      return part;
    }
    const { cut, sound, frames, ownLead } = edge;
    let first = 0;
    if (cut.startPts !== null) {
      // The sound should start where the previous part's ended: the re-timer moves it there.
      const fromPts = cut.startPts - (soundEndLead ?? ownLead);
      first = sound.pts.findIndex((pts) => pts >= fromPts);
      if (first < 0) first = sound.pts.length;
      else if (index > 0 && soundEndLead !== null) first = nearestPacket(sound, fromPts, Math.max(0, first - 1), first, true);
      driftTicks = index > 0 && soundEndLead !== null && first < sound.pts.length ? fromPts - sound.pts[first]! : 0;
    }
    let last = sound.pts.length - 1;
    if (cut.endPts !== null) {
      const next = parts[index + 1];
      const nextLead = next?.kind === 'copy' ? copyLeads(input, next.paths).start : null;
      if (nextLead !== null) {
        // Copied sound comes next: end nearest where it starts (it is moved onto this end).
        const untilPts = cut.endPts - nextLead - driftTicks;
        while (last > first && packetEnd(sound, last - 1) >= untilPts) last--;
        last = nearestPacket(sound, untilPts, Math.max(first, last - 1), last, false);
      } else {
        // No frame past the lead before the cut: whatever comes next starts after it.
        const untilPts = cut.endPts - ownLead;
        while (last >= first && packetEnd(sound, last) > untilPts) last--;
      }
      soundEndLead = last >= first ? cut.endPts - (packetEnd(sound, last) + driftTicks) : null;
      continuing = false;
    } else {
      soundEndLead = endLead(frames, sound) - driftTicks;
      continuing = true;
    }
    if (first > last) driftTicks = 0;
    const drops =
      first > last
        ? ['1']
        : [
            // The sound of a lead-in before the segment, or of the segment after it, is not the edge's.
            first > 0 || edge.stretch.leadIn ? `lt(pts\\,${sound.pts[first]!})` : null,
            last < sound.pts.length - 1 || edge.stretch.segments.length > 1 ? `gt(pts\\,${sound.pts[last]!})` : null,
          ].filter((drop) => drop !== null);
    return { ...part, argv: soundEdgeArgv(input, edge, drops) };
  };
  const joined: StreamPart[] = [];
  for (const [index, part] of parts.entries()) {
    joined.push(joinOne(part, index));
    if (index % PARTS_PER_STEP === PARTS_PER_STEP - 1) yield;
  }
  return joined;
}

/**
 * Parts joined between two pauses of joinEdgeSounds: each builds an ffmpeg command, and
 * 500 took 70 ms on a loaded 2-core run (CPU profile of export-plan-lag); 100 keep a step
 * to a few ms (the slicer yields only every 20 ms, so pausing more often costs nothing).
 */
const PARTS_PER_STEP = 100;

/** One audio frame's duration in a probed segment (an AAC frame at 48 kHz when not probed). */
function frameTicksOf(input: PlanInput, segmentPath: string): number {
  const sound = input.soundPts?.get(segmentPath);
  return sound && sound.pts.length > 0 ? sound.endPts - sound.pts[sound.pts.length - 1]! : 1_920;
}

/**
 * ffmpeg for one edge: pictures re-encoded on the source's PTS (the re-timer needs their
 * distance to the sound as the source had it), sound copied with the frames outside the
 * kept ones dropped (`drops`: noise bitstream filter expressions on the packet PTS).
 */
function soundEdgeArgv(input: PlanInput, edge: SoundEdge, drops: string[]): string[] {
  const { stretch } = edge;
  return [
    input.ffmpegPath,
    ...BASE_ARGS,
    ...frameCutArgs([edge.cut]),
    '-i',
    concatUrl(input, inputSegments(stretch)),
    '-filter_complex',
    trimFilters(0, stretch, 'out', false, edge.cut, true).join(';'),
    '-map',
    '[vout]',
    '-map',
    '0:a:0',
    ...edge.videoArgs,
    '-c:a',
    'copy',
    ...(drops.length > 0 ? ['-bsf:a', `noise=drop=${drops.join('+')}`] : []),
    ...SOURCE_TIME_ARGS,
    '-f',
    'mpegts',
    'pipe:1',
  ];
}
