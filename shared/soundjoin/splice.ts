/**
 * One hard cut's fade, from the bytes of the file before it and the file after it to the
 * same files with the few AAC frames at the join re-encoded (fade-join.ts says which and
 * why). The shell supplies what needs the system: a source segment's bytes (the frames
 * before a copied sound's first one, as decoder pre-roll) and the ffmpeg run.
 */
import { findFrame, joinReplacements, joinSources, REPLACED_FRAMES, splitAdts, type JoinSources } from './fade-join';
import { adtsFrames, readTsAudio, replaceFrames } from './ts-audio';

export interface FadeRunner {
  /** A source segment's bytes, or null when it cannot be read (the head is then decoded without pre-roll). */
  sourceBytes(segmentPath: string): Promise<Uint8Array | null>;
  /** ffmpeg decoding `sources`, fading (fadeFilter) and re-encoding them: its ADTS output. */
  encodeJoin(sources: JoinSources): Promise<Uint8Array>;
}

/**
 * The two files with their join faded, or null when it cannot be (either has no whole
 * ADTS frames in MPEG-TS, too few frames, or the encoder gave too few). `headSource`:
 * the segment the head's sound was copied from, searched for the frames before it.
 */
export async function fadeJoin(
  tail: Uint8Array,
  head: Uint8Array,
  headSource: string | null,
  runner: FadeRunner,
): Promise<{ tail: Uint8Array; head: Uint8Array } | null> {
  const tailAudio = readTsAudio(tail);
  const headAudio = readTsAudio(head);
  if (tailAudio === null || headAudio === null) return null;
  const before = adtsFrames(tailAudio);
  const after = adtsFrames(headAudio);
  if (after.length === 0) return null;
  const sources = joinSources(before, after, await prerollOf(after[0]!, headSource, runner));
  if (sources === null) return null;
  const replacements = joinReplacements(splitAdts(await runner.encodeJoin(sources)), sources.lead);
  if (replacements === null) return null;
  const tailMap = new Map(replacements.tail.map((frame, index) => [before.length - REPLACED_FRAMES + index, frame]));
  const headMap = new Map(replacements.head.map((frame, index) => [index, frame]));
  const newTail = replaceFrames(tail, tailAudio, tailMap, 'forward');
  const newHead = replaceFrames(head, headAudio, headMap, 'backward');
  return newTail && newHead ? { tail: newTail, head: newHead } : null;
}

/** The source frames before `first` in its segment (none when it is the segment's first). */
async function prerollOf(first: Uint8Array, headSource: string | null, runner: FadeRunner): Promise<Uint8Array[]> {
  if (headSource === null) return [];
  const bytes = await runner.sourceBytes(headSource);
  const audio = bytes === null ? null : readTsAudio(bytes);
  if (audio === null) return [];
  const frames = adtsFrames(audio);
  const index = findFrame(frames, first);
  return index > 0 ? frames.slice(0, index) : [];
}
