/**
 * The short sound fade at a hard cut, as frames: which AAC frames either side of a join
 * are re-encoded, the ffmpeg filter graph that fades them, and which encoded frames take
 * their places. Pure: the node shell (electron/node/export/sound-join) runs ffmpeg.
 *
 * Why these numbers. A join between two unrelated sounds is a step in the waveform, heard
 * as a click; a ramp of a few ms removes it (5 ms is the de-click fade editors use) while
 * a 10 ms dip is too short to be heard as a gap in speech or music. Out and in each fit
 * inside the last (first) AAC frame of their side (1,024 samples: 21.3 ms at 48 kHz).
 * AAC frames overlap: the sound of frame n is made from frames n-1 and n together. So the
 * first re-encoded frame must meet an original frame on unfaded sound (the overlap then
 * cancels as it did in the source), which takes two frames before the join, and the last
 * one must meet the next original frame likewise, which takes two after it and more
 * frames of sound fed to the encoder past them (trail). The decoder needs frames before the
 * first one it uses (pre-roll: the first decoded frame lacks its overlap, the second is
 * still a little off). ffmpeg's AAC encoder emits one priming frame first, so its frame
 * k+1 carries input frame k; and it must be fed two frames of the sound before the
 * replaced ones (lead): right after its priming silence it sees a transient and
 * switches to short windows, whose first frame cannot overlap an original long one
 * (measured: the sound there off by more than its own level, against 0.1% with the lead).
 */

/** Length of the fade out before a hard cut, and of the fade in after it. */
export const FADE_US = 5_000;
/** Frames re-encoded on each side of a join. */
export const REPLACED_FRAMES = 2;
/** Original frames decoded ahead of the ones used, so their sound is whole. */
export const PREROLL_FRAMES = 3;
/** Frames of the sound before the replaced ones fed to the encoder and thrown away. */
export const LEAD_FRAMES = 2;
/**
 * Frames of the sound after the replaced ones fed to the encoder: the last replaced
 * frame overlaps the next original one, and the encoder must see far enough ahead to
 * choose the window that original frame expects (a beep starting there: short windows,
 * announced by the frame before; with one frame of look-ahead it did not, and the sound
 * there was off by a third of its level).
 */
export const TRAIL_FRAMES = 3;
export const SAMPLES_PER_FRAME = 1024;

/** What ffmpeg must decode for one join: each side's frames, and where the used ones begin. */
export interface JoinSources {
  /** Pre-roll, lead and the last REPLACED_FRAMES frames before the join. */
  tail: Uint8Array[];
  /** Lead frames in `tail` (fewer than LEAD_FRAMES only when the part is that short). */
  lead: number;
  /** Pre-roll (when known), the first REPLACED_FRAMES frames after it and the trail. */
  head: Uint8Array[];
  /** Trail frames in `head` (fewer than TRAIL_FRAMES only when the part is that short). */
  trail: number;
  /** Index in `head` of its first frame after the join (= how much pre-roll it has). */
  headFrom: number;
  rateHz: number;
  /** Bits per second the source's frames average, for the re-encode. */
  bitRate: number;
}

/**
 * The frames a join's fade needs, or null when a side has too few (a part of a few
 * frames) or the two sides differ in sample rate or channels.
 */
export function joinSources(before: readonly Uint8Array[], after: readonly Uint8Array[], afterPreroll: readonly Uint8Array[]): JoinSources | null {
  if (before.length < REPLACED_FRAMES || after.length < REPLACED_FRAMES + 1) return null;
  const rateHz = adtsRateHz(before[0]!);
  if (rateHz === null || rateHz !== adtsRateHz(after[0]!) || adtsChannels(before[0]!) !== adtsChannels(after[0]!)) return null;
  const tail = before.slice(Math.max(0, before.length - REPLACED_FRAMES - LEAD_FRAMES - PREROLL_FRAMES));
  const lead = Math.min(LEAD_FRAMES, tail.length - REPLACED_FRAMES);
  const preroll = afterPreroll.slice(Math.max(0, afterPreroll.length - PREROLL_FRAMES));
  const trail = Math.min(TRAIL_FRAMES, after.length - REPLACED_FRAMES);
  const head = [...preroll, ...after.slice(0, REPLACED_FRAMES + trail)];
  const sampled = [...before, ...after];
  const bytes = sampled.reduce((total, frame) => total + frame.length, 0);
  const bitRate = Math.round((bytes * 8 * rateHz) / (sampled.length * SAMPLES_PER_FRAME));
  return { tail, lead, head, trail, headFrom: preroll.length, rateHz, bitRate };
}

/**
 * The filter graph of the fade run: input 0 is `tail` decoded, input 1 `head`. It keeps
 * the lead and used frames' samples (pre-roll dropped), fades out over the last FADE_US
 * before the join and in over the first after it (half-sine ramps: no corner at either
 * end), and joins them into [out]: lead + 2 x REPLACED_FRAMES + trail frames of sound.
 */
export function fadeFilter(sources: JoinSources): string {
  const fadeSamples = Math.round((FADE_US * sources.rateHz) / 1_000_000);
  const tailFrom = (sources.tail.length - REPLACED_FRAMES - sources.lead) * SAMPLES_PER_FRAME;
  const tailSamples = (sources.lead + REPLACED_FRAMES) * SAMPLES_PER_FRAME;
  const headFrom = sources.headFrom * SAMPLES_PER_FRAME;
  const headSamples = (REPLACED_FRAMES + sources.trail) * SAMPLES_PER_FRAME;
  return [
    `[0:a]atrim=start_sample=${tailFrom}:end_sample=${tailFrom + tailSamples},asetpts=N/SR/TB,afade=t=out:start_sample=${tailSamples - fadeSamples}:nb_samples=${fadeSamples}:curve=hsin[tail]`,
    `[1:a]atrim=start_sample=${headFrom}:end_sample=${headFrom + headSamples},asetpts=N/SR/TB,afade=t=in:start_sample=0:nb_samples=${fadeSamples}:curve=hsin[head]`,
    '[tail][head]concat=n=2:v=0:a=1[out]',
  ].join(';');
}

/**
 * The re-encoded frames that replace the originals, from the fade run's ADTS output
 * (priming frame, then the `lead` frames, first): the last REPLACED_FRAMES before the
 * join, the first after it. Null when the encoder gave fewer frames than that.
 */
export function joinReplacements(encoded: readonly Uint8Array[], lead: number): { tail: Uint8Array[]; head: Uint8Array[] } | null {
  const from = 1 + lead;
  if (encoded.length < from + 2 * REPLACED_FRAMES) return null;
  return { tail: encoded.slice(from, from + REPLACED_FRAMES), head: encoded.slice(from + REPLACED_FRAMES, from + 2 * REPLACED_FRAMES) };
}

/** ADTS sampling_frequency_index -> Hz (ISO 14496-3, 1.6.3.4). */
const SAMPLE_RATES = [96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350];

function adtsRateHz(frame: Uint8Array): number | null {
  return SAMPLE_RATES[(frame[2]! >> 2) & 0x0f] ?? null;
}

function adtsChannels(frame: Uint8Array): number {
  return ((frame[2]! & 0x01) << 2) | (frame[3]! >> 6);
}

/** Splits a stream of ADTS frames (an encoder's `-f adts` output) into frames. */
export function splitAdts(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  let at = 0;
  while (at + 7 <= bytes.length && bytes[at] === 0xff && (bytes[at + 1]! & 0xf6) === 0xf0) {
    const frameBytes = ((bytes[at + 3]! & 0x03) << 11) | (bytes[at + 4]! << 3) | (bytes[at + 5]! >> 5);
    if (frameBytes < 7 || at + frameBytes > bytes.length) break;
    frames.push(bytes.subarray(at, at + frameBytes));
    at += frameBytes;
  }
  return frames;
}

/** Index of the frame in `frames` equal to `frame` byte for byte, or -1 (a copied frame found in its source). */
export function findFrame(frames: readonly Uint8Array[], frame: Uint8Array): number {
  return frames.findIndex((candidate) => candidate.length === frame.length && candidate.every((byte, index) => byte === frame[index]));
}
