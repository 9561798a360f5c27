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
 * ADTS frames in MPEG-TS, too few frames, or the encoder gave too few). `headSources`:
 * the segment the head's sound was copied from, after the one before it in the
 * recording when known: the frames before the head's first one are looked for there.
 */
export async function fadeJoin(
  tail: Uint8Array,
  head: Uint8Array,
  headSources: readonly string[],
  runner: FadeRunner,
): Promise<{ tail: Uint8Array; head: Uint8Array } | null> {
  const tailAudio = readTsAudio(tail);
  const headAudio = readTsAudio(head);
  if (tailAudio === null || headAudio === null) return null;
  const before = adtsFrames(tailAudio);
  const after = adtsFrames(headAudio);
  if (after.length === 0) return null;
  const sources = joinSources(before, after, await prerollOf(after[0]!, headSources, runner));
  if (sources === null) return null;
  const replacements = joinReplacements(splitAdts(await runner.encodeJoin(sources)), sources.lead);
  if (replacements === null) return null;
  const tailMap = new Map(replacements.tail.map((frame, index) => [before.length - REPLACED_FRAMES + index, frame]));
  const headMap = new Map(replacements.head.map((frame, index) => [index, frame]));
  const newTail = replaceFrames(tail, tailAudio, tailMap, 'forward');
  const newHead = replaceFrames(head, headAudio, headMap, 'backward');
  return newTail && newHead ? { tail: newTail, head: newHead } : null;
}

/**
 * The source frames before `first`: those before it in its own segment (the last of
 * `sources`), and before those the previous segment's; none when it is not found.
 */
async function prerollOf(first: Uint8Array, sources: readonly string[], runner: FadeRunner): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for (const [index, source] of sources.entries()) {
    const bytes = await runner.sourceBytes(source);
    const audio = bytes === null ? null : readTsAudio(bytes);
    const own = audio === null ? [] : adtsFrames(audio);
    if (index < sources.length - 1) {
      frames.push(...own);
      continue;
    }
    // Searched in its own segment only: a steady sound can repeat a frame's bytes elsewhere.
    const at = findFrame(own, first);
    return at < 0 ? [] : [...frames, ...own.slice(0, at)];
  }
  return [];
}
