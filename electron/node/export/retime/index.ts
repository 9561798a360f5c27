/**
 * The re-timer: joins the MPEG-TS parts of a smart or rough cut (edge encodes and byte-copied
 * segments) into one continuous timeline starting at 0, by rewriting PCR, PTS and DTS in the
 * 188-byte packets as they stream through, in place (only those fields are written; most
 * packets are told apart by their first four bytes). Memory is bounded: one partial packet, plus at
 * most LOOKAHEAD_BYTES (2 MiB) held at the start of each part (see below).
 *
 * Public API
 * - `retimeParts(parts, onParts?, options?): Readable` — the usual entry point. `parts` is a (sync or
 *   async) iterable of `{ name: string, data: AsyncIterable<Uint8Array> }` (a fs read
 *   stream or an ffmpeg stdout is such an iterable). Parts are pulled one at a time, in
 *   order, only when the previous one is used up. Returns one Readable of re-timed bytes
 *   with back-pressure. Destroying it stops the iteration (your iterable's `return()`
 *   runs, so a generator's `finally` can kill its ffmpeg). A bad part makes the Readable
 *   emit one of the errors below. `onParts(parts: RetimedPart[])` runs after the last byte.
 * - `createRetimeStream(options?): RetimeStream` — a Transform (bytes in, bytes out) for when you
 *   write yourself. `stream.startPart(name?)` queues a part boundary after everything
 *   written so far (the first part needs no call); `stream.startFile(name)` queues the start
 *   of another file of the open part (see Retimer.startFile); `stream.parts` is complete at 'end'.
 * - `Retimer` — the pure core (shared/retime: no Node), for one part at a time: `startPart(name?)`,
 *   `push(chunk): Uint8Array` (re-timed packets ready so far, maybe none; the chunk's clock
 *   fields are patched in place and the result is a view of it: no copy, at memory speed), `endPart(): Uint8Array` (the part's remaining bytes; must be written
 *   too), `startFile(name)` (the next bytes begin another file of the open part: a new part
 *   starts there only if that file's first picture lands more than FILE_JOIN_TICKS (1 s)
 *   from where the part's video ends, i.e. at a stream restart),
 *   `parts: readonly RetimedPart[]`, `endTicks` (timeline end so far).
 * - `RetimedPart = { name, startTicks, endTicks, bytes }`: where a part landed, in 90 kHz
 *   ticks from the output's start (`PTS_HZ` = 90 000; seconds = ticks / PTS_HZ).
 *
 * Timing semantics (reasons in retimer.ts)
 * - Per part, PCR and PTS are calibrated separately. PCR maps its first value to the
 *   part's start; PTS maps the part's first picture there (its first video PTS, found by
 *   holding back at most LOOKAHEAD_BYTES = 2 MiB at the part's start, until each PID in
 *   the PMT has shown a PTS). All streams of a part share one PTS offset, so A/V sync is
 *   kept, and sound that starts before the first picture (recorder segments; AAC priming)
 *   stays before it, under the previous part's end. A part without video calibrates on
 *   its earliest audio/video PTS.
 * - Where that would put a part's sound a frame or more inside the previous part's sound
 *   (the end of a sound stream is counted from its frame headers), the part's leading
 *   sound frames under it are dropped (its first PES is held whole and rewritten:
 *   shared/retime/sound-trim.ts), so pictures stay end to end (a recording restarting
 *   inside a range; independent encodes' priming). Only where that cannot cover the
 *   overlap (uncounted codec, a PES longer than LOOKAHEAD_BYTES, an overlap longer than
 *   the first PES) does the part start late by what remains, holding the previous
 *   picture. Smart cuts cut their edges' sound to meet exactly (see
 *   shared/cutplan/edge-sound.ts). Where
 *   the sound misses the previous part's end by less than a frame either way (a hard cut
 *   between ranges: source sound frames seldom meet there exactly), that part's sound is
 *   moved onto it, so the sound has no hole (hls.js and Chromium's MSE jump over one),
 *   at the cost of moving A/V sync by under a frame (21 ms at 48 kHz AAC).
 * - Open-GOP leading pictures (shown before a part's first picture, arriving before any
 *   later one: they refer to the GOP before the part) are dropped, their packets made null
 *   packets (one carrying a PCR keeps it, adaptation only); a smart cut's edge does not
 *   re-encode them yet, so an open-GOP source loses them where a copied run starts.
 * - Pictures still earlier than the first are clamped to the part's start, sound to its
 *   start less its head (never negative). 33-bit PTS/PCR wraparound inside a part is
 *   handled; output values past 2^33 ticks (26.5 h) wrap as the format requires.
 * - B-frames: DTS values move with their PTS. Every PTS and DTS written is the timeline
 *   value plus one lead (`leadTicks`: how far the first part's earliest DTS, or its
 *   earliest sound, lies before its first picture, or the `{ leadTicks }` option when
 *   larger), so nothing is negative; PCR is not led. A DTS is kept past the previous one
 *   of its PID and at or before its PTS.
 * - A part ends after its last video frame (last video PTS + the last video PTS step;
 *   1/30 s with a single frame; a part without video uses its other streams alike), and
 *   after every PTS/PCR it wrote; the next part starts there.
 *
 * Errors (all `RetimeInputError` with `partName` and `byteOffset` within that part)
 * - `TsSyncError`: a packet does not start with 0x47 (not MPEG-TS, or damaged).
 * - `TsPacketError` (+`reason`): contradictory packet fields, a PES header split across packets.
 * - `TsTruncatedError` (+`leftoverBytes`): a part ended inside a 188-byte packet.
 *
 * How to cut parts: one part per ffmpeg edge encode and one per run of byte-copied
 * segments whose timestamps are continuous (a run split at holes or encoder restarts).
 * The export runner makes one part per run of segments the names show contiguous and
 * calls startFile before each further segment, so restarts the names do not show split
 * the run too. Do not make every copied segment its own part: each boundary re-anchors
 * timing on the part's first picture, so per-segment parts would lose what the
 * recording's own timestamps say between segments. Each part's sound should end where
 * the next part's begins once their pictures meet (a recorder's segments do; a smart
 * cut's edges copy the source's sound frames that do); otherwise the guard above holds a
 * picture. Name parts after what a person can find (a segment path, "edge encode of
 * range 2"): errors quote the name.
 *
 * Limitations: parts must share PIDs and codecs (as a fast cut's parts do); continuity
 * counters are not rewritten (ffmpeg decodes the result without a warning); OPCR is not
 * re-timed; a timestamp jump inside one file (encoder restart mid-segment) is not detected (a jump
 * back before the part's first PTS is clamped to its start); packets flagged with the
 * transport error indicator pass through untouched. The sound-overlap guard counts the
 * frames of AAC in ADTS, MPEG-1/2 audio (MP2, MP3) and AC-3/E-AC-3, chosen by the PMT's
 * stream type (shared/retime/sound-frames.ts); AAC in LATM and Opus are not counted, so
 * their sound stays where the pictures put it (a smart cut's plan says so).
 */
export {
  FILE_JOIN_TICKS,
  LOOKAHEAD_BYTES,
  NOMINAL_FRAME_TICKS,
  PCR_HZ,
  PTS_HZ,
  RetimeInputError,
  Retimer,
  TsPacketError,
  TsSyncError,
  TsTruncatedError,
  type RetimedPart,
  type RetimerOptions,
} from '../../../../shared/retime';
export { RetimeStream, createRetimeStream, retimeParts, type RetimePart } from './stream';
