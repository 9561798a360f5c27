/**
 * The smart cut's re-timer: joins MPEG-TS parts into one continuous timeline starting at 0
 * by rewriting PCR, PTS and DTS values while the bytes stream through. Pure: no node:* imports.
 *
 * B-frames. Video with B-frames is decoded before it is shown: its PES headers carry a
 * DTS up to a few frames before the PTS. Each DTS moves by its part's PTS offset, so
 * decode order and the distance to the PTS stay as the encoder made them. The first
 * picture is shown at 0 on the timeline, so its DTS would be negative: every PTS and DTS
 * written is the timeline value plus one lead for the whole output: how far the first
 * part's earliest DTS lies before its start (or the caller's leadTicks when larger: the
 * source's reorder delay, which edge encodes without B-frames do not show). PCR is not
 * led, so it stays at or below the DTS of the packets it carries, as a decoder's buffer
 * model wants. Where a part with a longer reorder delay follows one with a shorter (an
 * edge encode without B-frames before copied footage with them), its first DTS would
 * fall at or before the last one written: each DTS is kept one tick past the previous
 * DTS (or PTS) of its PID and never past its own PTS, so decode order stays strict.
 *
 * Start of a part. PCR and PTS are calibrated separately: PTS at the part's start, PCR
 * at its first decode time, its reorder delay before that (encoders let PCR run ahead of
 * PTS by a mux delay; a player starts at the first PTS, and so do we), never before a PCR
 * already written. One PTS offset serves every stream of a part, keeping audio in sync
 * with video. That offset puts the part's earliest picture at its start: a smart cut's
 * parts are cut on frames, so each part's pictures continue the previous part's without
 * a hold or a gap. Sound that starts before the picture (recorder segments: ~58 ms on
 * B-frame footage; AAC priming) stays before it, under the end of the previous part,
 * where that part's sound stopped early by as much (the source's own sound, cut at
 * segment ends: see shared/cutplan edgePart); the whole output leads by the first part's
 * such head so nothing is negative. Calibrating on whichever packet came first (as the
 * reference did) clamps that audio onto one instant, which decoders reject as
 * non-monotonic; calibrating on the earliest sound (as this re-timer did) held the
 * previous part's last picture for those ms. So the first packets of a part are held
 * back until every audio/video PID listed in its PMT has shown a PTS (at most
 * LOOKAHEAD_BYTES; then what was seen so far is used). A part without video calibrates
 * on its earliest audio/video PTS (other streams only when the PMT names none). A
 * picture still earlier is clamped to the part's start, other streams to its start less
 * its head: never negative.
 *
 * End of a part. The next part starts where this one's video ends: the latest video PTS
 * plus its step from the next latest (one frame, in display order; 1/30 s if the part had
 * a single frame). Video decides because a cut is frame-accurate on video; an audio PES
 * bundles several frames and the last one is often shorter, so audio would overshoot.
 * A part without video ends after its last PES the same way. The end is also kept past
 * every PTS and PCR written, so both clocks only ever move forward.
 */
import { TsPacketError, TsSyncError, TsTruncatedError } from './errors';
import { PACKET_BYTES, SYNC_BYTE, readPacketLayout, type PacketLayout } from './packet';
import { PAT_PID, readProgramMapPids, readProgramStreams } from './psi';
import { SoundClock } from './sound-clock';
import { dropLeadingSoundFrames } from './sound-trim';
import { soundFrameFormat } from './sound-frames';
import { PCR_MODULUS, PCR_PER_PTS, PTS_MODULUS, readPcr, readPts, wrappedDelta, writePcr, writePts } from './timestamp';

/** Frame duration assumed for a stream whose part held a single PTS: 30 fps, in 90 kHz ticks. */
export const NOMINAL_FRAME_TICKS = 3_000;
/** Intervals longer than this (a gap, not a frame) are not taken as a frame duration: 1 s. */
const LONGEST_FRAME_TICKS = 90_000;
/** Most bytes held back at a part's start while waiting for every stream's first PTS. */
export const LOOKAHEAD_BYTES = 2 * 1024 * 1024;
/**
 * A file whose first picture lands farther than this from where the part's video ends
 * does not continue its recording (a stream restart): 1 s, far more than a frame and far
 * less than a restart's usual jump (encoders start again near 1.4 s, or anywhere).
 */
export const FILE_JOIN_TICKS = 90_000;

/** Where one part landed on the output timeline (90 kHz ticks from the output's start). */
export interface RetimedPart {
  name: string;
  startTicks: number;
  endTicks: number;
  bytes: number;
}

interface StreamClock {
  /** The latest PTS so far (the last frame on screen: B-frames arrive out of order). */
  lastPtsTicks: number;
  /** The latest PTS before it, or null: with lastPtsTicks, the last frame's duration. */
  previousPtsTicks: number | null;
  frameTicks: number;
}

/** Packets held at a part's start, and what they told about its streams. */
interface Lookahead {
  chunks: { bytes: Uint8Array; offset: number }[];
  heldBytes: number;
  programMapPids: Set<number>;
  /** Audio/video PIDs from the PMT; null until a PMT was read. */
  mediaPids: Set<number> | null;
  /** PMT stream type by PID. */
  streamTypes: Map<number, number>;
  firstPtsByPid: Map<number, number>;
  /** The earliest first PTS of the video PIDs (a part's first packet in decode order is its first picture), or null. */
  firstVideoPts: number | null;
  /** PIDs whose PES headers carry a video stream id. */
  videoPids: Set<number>;
  /** The earliest DTS among the held packets, or null when none carries one. */
  earliestDts: number | null;
  /** PES starts seen per PID. */
  pesStarts: Map<number, number>;
  /** Sound PIDs whose previous part's sound end is known: their first PES is held whole, so frames under that end can be dropped (see meetSound). */
  meetPids: Set<number>;
}

interface PartState {
  name: string;
  startTicks: number;
  /** Bytes of this part taken in as whole packets: the offset of the next packet. */
  packetBytes: number;
  lookahead: Lookahead | null;
  /** Source PTS and PCR that map to startTicks; null until known. */
  basePts: number | null;
  basePcr: number | null;
  /** How far the part's earliest audio/video PTS lies before basePts (sound before the first picture). */
  headTicks: number;
  /** How far the part's earliest DTS lies before basePts: its first PCR maps that far before startTicks. */
  reorderTicks: number;
  /** Where the part's first PCR maps (27 MHz), once known. */
  startPcr: number | null;
  /**
   * Open-GOP leading pictures: after a part's first picture (a keyframe that is not an
   * IDR) come B-frames shown before it, which refer to the previous GOP, not in the part.
   * They cannot be decoded and clamped onto the part's start they showed one instant
   * several times: they are dropped (their packets made null packets) until a picture
   * after the first arrives. `leadingOpen`: still looking; `droppingPid`: the PID whose
   * PES in progress is such a picture, or null.
   */
  leadingOpen: boolean;
  droppingPid: number | null;
  /** Ticks each sound PID of the part is moved by to meet the previous part's sound (see meetSound). */
  soundMoves: Map<number, number>;
  videoStreams: Map<number, StreamClock>;
  otherStreams: Map<number, StreamClock>;
  /** Past every PTS and PCR written so far, in 90 kHz ticks. */
  floorTicks: number;
}

const EMPTY = new Uint8Array(0);

export interface RetimerOptions {
  /**
   * Least lead of every written PTS and DTS over the timeline, in 90 kHz ticks: the
   * source's reorder delay (PTS - DTS of its first frame), known to the caller even when
   * the first part is an edge encode whose own packets show none.
   */
  leadTicks?: number;
}

/** What is shared by every part: the lead and the last decode time written per PID. */
interface OutputClock {
  leadTicks: number;
  /** Where each sound PID's sound ends on the timeline (unled), counted from its frames; null: its codec's frames are not counted. */
  sound: Map<number, SoundClock | null>;
  /** PMT stream type by PID, from the latest PMT read. */
  streamTypes: Map<number, number>;
  /** The DTS (or PTS, without DTS) last written per PID, as written (lead included, not wrapped). */
  lastDecodeTicks: Map<number, number>;
  /** Just past the last PCR written (27 MHz): a part's PCR never starts before it. */
  nextPcr: number;
}

export class Retimer {
  private part: PartState | null = null;
  private pending: Uint8Array = EMPTY;
  private readonly placed: RetimedPart[] = [];
  private clock: OutputClock | null = null;
  /** Set by startFile: the name of a part to start at the next push, unless that file continues the open one. */
  private nextFile: string | null = null;

  constructor(private readonly options: RetimerOptions = {}) {}

  /** Ticks every written PTS and DTS lies past the timeline (fixed once the first part's start is out). */
  get leadTicks(): number {
    return this.clock?.leadTicks ?? this.options.leadTicks ?? 0;
  }

  /** Starts the next part where the timeline ends. The previous part must have been ended. */
  startPart(name = `part ${this.placed.length + 1}`): void {
    if (this.part !== null) throw new Error(`Retimer: startPart("${name}") while "${this.part.name}" is still open; call endPart() first`);
    const startTicks = this.endTicks;
    this.part = {
      name,
      startTicks,
      packetBytes: 0,
      lookahead: {
        chunks: [],
        heldBytes: 0,
        programMapPids: new Set(),
        mediaPids: null,
        streamTypes: new Map(),
        firstPtsByPid: new Map(),
        firstVideoPts: null,
        videoPids: new Set(),
        earliestDts: null,
        pesStarts: new Map(),
        meetPids: new Set([...(this.clock?.sound ?? [])].filter(([, sound]) => sound !== null && sound.endTicks !== null).map(([pid]) => pid)),
      },
      basePts: null,
      basePcr: null,
      headTicks: 0,
      reorderTicks: 0,
      startPcr: null,
      leadingOpen: true,
      droppingPid: null,
      soundMoves: new Map(),
      videoStreams: new Map(),
      otherStreams: new Map(),
      floorTicks: startTicks,
    };
  }

  /**
   * Feeds bytes of the open part (any length; packets may straddle chunks) and returns the
   * re-timed packets ready so far (possibly none). The chunk's clock fields are rewritten
   * in place and, once a part's start is out, what is returned is a view of the chunk: hand
   * in a buffer you will not reuse until that view is written. Other bytes are never changed.
   */
  push(chunk: Uint8Array): Uint8Array {
    if (this.nextFile !== null) return this.pushFileStart(this.nextFile, chunk);
    const part = this.openPart('push');
    // Only a chunk that does not start on a packet boundary is copied (joined to the leftover).
    const joined = this.pending.length === 0 ? chunk : concat([this.pending, chunk]);
    const wholeBytes = joined.length - (joined.length % PACKET_BYTES);
    // Patched in place (memory speed: only clock fields are written); the leftover, under
    // a packet, is copied so it survives the caller's reuse of its buffer.
    const packets = joined.subarray(0, wholeBytes);
    this.pending = joined.slice(wholeBytes);
    const offset = part.packetBytes;
    part.packetBytes += wholeBytes;
    if (part.lookahead === null) return this.retimeChunk(part, packets, offset);
    this.observe(part, part.lookahead, packets, offset);
    return lookaheadComplete(part.lookahead) ? this.releaseLookahead(part) : EMPTY;
  }

  /** Ends the open part and returns its last re-timed bytes. Throws TsTruncatedError if it ended inside a packet. */
  endPart(): Uint8Array {
    const part = this.openPart('endPart');
    if (this.pending.length > 0) throw new TsTruncatedError(part.name, part.packetBytes, this.pending.length);
    const rest = part.lookahead === null ? EMPTY : this.releaseLookahead(part, true);
    this.nextFile = null;
    this.placed.push({ name: part.name, startTicks: part.startTicks, endTicks: partEndTicks(part), bytes: part.packetBytes });
    this.part = null;
    return rest;
  }

  /**
   * The bytes pushed next begin another file of the open part (copied segments of one
   * run: their timestamps are normally continuous, and re-anchoring each would stretch
   * the timeline). If that file's first picture does not continue the part's timeline
   * (a stream restart the names do not show; see FILE_JOIN_TICKS), a new part named
   * `name` starts there, placed where the timeline ends, as startPart would.
   */
  startFile(name: string): void {
    const part = this.openPart('startFile');
    if (this.pending.length > 0) throw new TsTruncatedError(part.name, part.packetBytes, this.pending.length);
    this.nextFile = name;
  }

  private pushFileStart(name: string, chunk: Uint8Array): Uint8Array {
    this.nextFile = null;
    if (this.continuesPart(chunk)) return this.push(chunk);
    const rest = this.endPart();
    this.startPart(name);
    const bytes = this.push(chunk);
    return rest.length === 0 ? bytes : concat([rest, bytes]);
  }

  /** Whether the first picture in `chunk` (a file's start) lands where the open part's video ends. */
  private continuesPart(chunk: Uint8Array): boolean {
    const part = this.openPart('push');
    const firstPts = firstVideoPts(chunk);
    if (part.lookahead !== null || part.basePts === null || firstPts === null) return false;
    const landsTicks = part.startTicks + wrappedDelta(firstPts, part.basePts, PTS_MODULUS);
    return Math.abs(landsTicks - partEndTicks(part)) <= FILE_JOIN_TICKS;
  }

  /** Every ended part's place on the timeline, in order. */
  get parts(): readonly RetimedPart[] {
    return this.placed;
  }

  /** End of the timeline so far, in 90 kHz ticks: where the next part would start. */
  get endTicks(): number {
    if (this.part !== null) return partEndTicks(this.part);
    return this.placed.at(-1)?.endTicks ?? 0;
  }

  private openPart(caller: string): PartState {
    if (this.part === null) throw new Error(`Retimer: ${caller}() with no open part; call startPart() first`);
    return this.part;
  }

  /** Reads the held packets' tables and first PTS values without changing them. */
  private observe(part: PartState, lookahead: Lookahead, packets: Uint8Array, offset: number): void {
    lookahead.chunks.push({ bytes: packets, offset });
    lookahead.heldBytes += packets.length;
    for (let at = 0; at < packets.length; at += PACKET_BYTES) {
      const layout = inspectPacket(part.name, packets, at, offset + at);
      if (layout.ptsAt !== null) lookahead.pesStarts.set(layout.pid, (lookahead.pesStarts.get(layout.pid) ?? 0) + 1);
      if (layout.ptsAt !== null && !lookahead.firstPtsByPid.has(layout.pid)) {
        const firstPts = readPts(packets, layout.ptsAt);
        lookahead.firstPtsByPid.set(layout.pid, firstPts);
        if (layout.isVideo) lookahead.firstVideoPts = earliestPts([firstPts, ...(lookahead.firstVideoPts === null ? [] : [lookahead.firstVideoPts])]);
        if (layout.isVideo) lookahead.videoPids.add(layout.pid);
      }
      if (layout.dtsAt !== null)
        lookahead.earliestDts = earliestPts([readPts(packets, layout.dtsAt), ...(lookahead.earliestDts === null ? [] : [lookahead.earliestDts])]);
      if (layout.tableAt !== null) readTables(lookahead, layout.pid, packets, layout.tableAt, at + PACKET_BYTES);
    }
  }

  /** `partEnded`: every packet of the part is held (its last PES is whole). */
  private releaseLookahead(part: PartState, partEnded = false): Uint8Array {
    const lookahead = part.lookahead!;
    part.lookahead = null;
    const earliestMedia = earliestPts(calibrationPts(lookahead));
    part.basePts = lookahead.firstVideoPts ?? earliestMedia;
    part.headTicks = part.basePts === null || earliestMedia === null ? 0 : Math.max(0, wrappedDelta(part.basePts, earliestMedia, PTS_MODULUS));
    // The lead that puts the earliest DTS held at 0 when the first picture is the part's start.
    const reorderTicks = part.basePts === null || lookahead.earliestDts === null ? 0 : wrappedDelta(part.basePts, lookahead.earliestDts, PTS_MODULUS);
    part.reorderTicks = Math.max(0, reorderTicks);
    this.clock ??= {
      leadTicks: Math.max(this.options.leadTicks ?? 0, reorderTicks, part.headTicks),
      sound: new Map(),
      streamTypes: new Map(),
      lastDecodeTicks: new Map(),
      nextPcr: 0,
    };
    for (const [pid, streamType] of lookahead.streamTypes) this.clock.streamTypes.set(pid, streamType);
    meetSound(part, lookahead, this.clock, partEnded);
    return concat(lookahead.chunks.map((chunk) => this.retimeChunk(part, chunk.bytes, chunk.offset)));
  }

  private retimeChunk(part: PartState, packets: Uint8Array, offset: number): Uint8Array {
    this.clock ??= { leadTicks: this.options.leadTicks ?? 0, sound: new Map(), streamTypes: new Map(), lastDecodeTicks: new Map(), nextPcr: 0 };
    const { sound } = this.clock;
    for (let at = 0; at < packets.length; at += PACKET_BYTES) {
      // Most packets continue a PES with no adaptation field: no clock in them, only sound
      // bytes to count. Told apart from their first four bytes, with no layout object made.
      if (packets[at] === SYNC_BYTE && (packets[at + 1]! & 0xc0) === 0 && (packets[at + 3]! & 0xf0) === 0x10) {
        const pid = ((packets[at + 1]! & 0x1f) << 8) | packets[at + 2]!;
        if (pid === part.droppingPid) dropPacket(packets, at);
        else sound.get(pid)?.feed(packets, at + 4, at + PACKET_BYTES);
        continue;
      }
      const layout = inspectPacket(part.name, packets, at, offset + at);
      if (layout.pcrAt !== null) retimePcr(part, this.clock, packets, layout.pcrAt);
      if (layout.isVideo && layout.ptsAt !== null) part.droppingPid = leadingPicture(part, packets, layout) ? layout.pid : null;
      if (layout.pid === part.droppingPid) {
        dropPacket(packets, at);
        continue;
      }
      const ptsTicks = layout.ptsAt === null ? null : retimePts(part, this.clock, packets, layout.ptsAt, layout);
      if (!layout.isVideo) countSound(this.clock, packets, at, layout, ptsTicks);
    }
    return packets;
  }
}

/**
 * Where a part's sound meets the previous part's. Starting a frame or more inside it (a
 * recording that restarts inside a range: its sound starts some ms before its first
 * picture; independent encodes: an AAC priming frame), the part's leading sound frames
 * that would sound under the other's are dropped (sound-trim.ts), so the pictures stay
 * end to end and the sound kept stays in sync. Only where that cannot be done (the
 * codec's frames are not counted, the first PES is not held whole, or the overlap is
 * longer than it) does the part start late by what remains, holding the previous picture,
 * never audio timestamps running back (which decoders and muxers reject). Within a frame
 * either side (a hard cut between ranges: the source's sound frames seldom meet there
 * exactly, or what dropping whole frames leaves), the part's sound alone moves onto the
 * other's end, so the sound runs on without a hole (hls.js and Chromium's MSE leave one
 * in the buffer and jump over it) and A/V sync moves by at most half a frame after a drop,
 * under a frame otherwise (21 ms at 48 kHz AAC). A gap of a frame or more is left as it is.
 */
function meetSound(part: PartState, lookahead: Lookahead, clock: OutputClock, partEnded: boolean): void {
  const meetings = [...clock.sound].flatMap(([pid, sound]) => {
    const firstPts = lookahead.firstPtsByPid.get(pid);
    if (sound === null || sound.endTicks === null || sound.frameTicks === null || firstPts === undefined || part.basePts === null) return [];
    const meeting = { pid, endTicks: sound.endTicks, frameTicks: sound.frameTicks, offsetTicks: wrappedDelta(firstPts, part.basePts, PTS_MODULUS) };
    const overlapTicks = meeting.endTicks - (part.startTicks + meeting.offsetTicks);
    if (overlapTicks < meeting.frameTicks) return [meeting];
    const dropped = dropLeadingSoundFrames(lookahead.chunks, pid, sound.format, overlapTicks, partEnded);
    if (dropped === null) return [meeting];
    lookahead.firstPtsByPid.set(pid, dropped.firstPts);
    return [{ ...meeting, offsetTicks: wrappedDelta(dropped.firstPts, part.basePts, PTS_MODULUS) }];
  });
  let lateTicks = 0;
  for (const meeting of meetings) {
    const overlapTicks = Math.ceil(meeting.endTicks - (part.startTicks + meeting.offsetTicks));
    if (overlapTicks >= meeting.frameTicks) lateTicks = Math.max(lateTicks, overlapTicks);
  }
  part.startTicks += lateTicks;
  part.floorTicks = Math.max(part.floorTicks, part.startTicks);
  for (const meeting of meetings) {
    const moveTicks = Math.round(meeting.endTicks - (part.startTicks + meeting.offsetTicks));
    if (Math.abs(moveTicks) < meeting.frameTicks) part.soundMoves.set(meeting.pid, moveTicks);
  }
  // Sound the lead cannot hold (no earlier part had sound to fix a longer lead) starts at 0
  // as a whole: clamping each PES onto 0 would run its frames into the next PES's.
  for (const [pid, firstPts] of lookahead.firstPtsByPid) {
    if (lookahead.videoPids.has(pid) || part.basePts === null) continue;
    const startsTicks = part.startTicks + (part.soundMoves.get(pid) ?? 0) + wrappedDelta(firstPts, part.basePts, PTS_MODULUS);
    if (startsTicks < -clock.leadTicks) part.soundMoves.set(pid, (part.soundMoves.get(pid) ?? 0) - clock.leadTicks - startsTicks);
  }
}

/**
 * Feeds a non-video packet's PES data to its PID's sound clock (a PES start restarts it at
 * its timeline PTS, `ptsTicks`). A PID whose codec's frames cannot be counted gets none.
 */
function countSound(clock: OutputClock, bytes: Uint8Array, at: number, layout: PacketLayout, ptsTicks: number | null): void {
  const control = bytes[at + 3]!;
  if ((control & 0x10) === 0 || (control & 0xc0) !== 0) return;
  let sound = clock.sound.get(layout.pid);
  if (layout.ptsAt !== null && ptsTicks !== null) {
    if (sound === undefined) {
      const format = soundFrameFormat(clock.streamTypes.get(layout.pid));
      sound = format === null ? null : new SoundClock(format);
      clock.sound.set(layout.pid, sound);
    }
    if (sound === null) return;
    sound.startPes(ptsTicks);
    // PES header: 9 bytes to its length field's end, then that many bytes of fields.
    const payloadAt = layout.ptsAt - 9;
    sound.feed(bytes, payloadAt + 9 + bytes[payloadAt + 8]!, at + PACKET_BYTES);
    return;
  }
  if (sound === undefined || sound === null) return;
  const payloadAt = (control & 0x20) !== 0 ? at + 5 + bytes[at + 4]! : at + 4;
  sound.feed(bytes, Math.min(payloadAt, at + PACKET_BYTES), at + PACKET_BYTES);
}

/** Whether the video PES starting in this packet is an open-GOP leading picture of the part (see PartState.leadingOpen). */
function leadingPicture(part: PartState, bytes: Uint8Array, layout: PacketLayout): boolean {
  if (!part.leadingOpen || part.basePts === null) return false;
  const fromStartTicks = wrappedDelta(readPts(bytes, layout.ptsAt!), part.basePts, PTS_MODULUS);
  if (fromStartTicks > 0) part.leadingOpen = false;
  return fromStartTicks < 0;
}

/**
 * Takes a packet out of the stream in place: a null packet (PID 0x1FFF, which demuxers
 * skip), or, when it carries a PCR, an adaptation-only packet keeping that PCR.
 */
function dropPacket(bytes: Uint8Array, at: number): void {
  const control = bytes[at + 3]!;
  const hasPcr = (control & 0x20) !== 0 && bytes[at + 4]! > 0 && (bytes[at + 5]! & 0x10) !== 0;
  if (!hasPcr) {
    bytes[at + 1] = 0x1f;
    bytes[at + 2] = 0xff;
    return;
  }
  bytes[at + 1] = bytes[at + 1]! & ~0x40;
  bytes[at + 3] = (control & 0xcf) | 0x20;
  bytes.fill(0xff, at + 5 + bytes[at + 4]!, at + PACKET_BYTES);
  bytes[at + 4] = PACKET_BYTES - 5;
}

/** Validates the packet at `at` (whose offset in its part is `offset`) and returns its layout. */
function inspectPacket(partName: string, bytes: Uint8Array, at: number, offset: number): PacketLayout {
  const syncByte = bytes[at]!;
  if (syncByte !== SYNC_BYTE) throw new TsSyncError(partName, offset, syncByte);
  const layout = readPacketLayout(bytes, at);
  if ('malformed' in layout) throw new TsPacketError(partName, offset, layout.malformed);
  return layout;
}

/** The PTS of the first video PES header among the whole packets of `bytes`, or null (none, or not readable as MPEG-TS). */
function firstVideoPts(bytes: Uint8Array): number | null {
  for (let at = 0; at + PACKET_BYTES <= bytes.length; at += PACKET_BYTES) {
    if (bytes[at] !== SYNC_BYTE) return null;
    const layout = readPacketLayout(bytes, at);
    if ('malformed' in layout) return null;
    if (layout.isVideo && layout.ptsAt !== null) return readPts(bytes, layout.ptsAt);
  }
  return null;
}

function readTables(lookahead: Lookahead, pid: number, bytes: Uint8Array, tableAt: number, packetEnd: number): void {
  if (pid === PAT_PID) {
    for (const mapPid of readProgramMapPids(bytes, tableAt, packetEnd) ?? []) lookahead.programMapPids.add(mapPid);
  } else if (lookahead.programMapPids.has(pid)) {
    const streams = readProgramStreams(bytes, tableAt, packetEnd);
    if (streams === null) return;
    const mediaPids = streams.filter((stream) => stream.isMedia).map((stream) => stream.pid);
    lookahead.mediaPids = new Set([...(lookahead.mediaPids ?? []), ...mediaPids]);
    for (const stream of streams) lookahead.streamTypes.set(stream.pid, stream.streamType);
  }
}

function lookaheadComplete(lookahead: Lookahead): boolean {
  if (lookahead.heldBytes >= LOOKAHEAD_BYTES) return true;
  if (lookahead.mediaPids === null) return false;
  const whole = (pid: number) => !lookahead.meetPids.has(pid) || (lookahead.pesStarts.get(pid) ?? 0) >= 2;
  return [...lookahead.mediaPids].every((pid) => lookahead.firstPtsByPid.has(pid) && whole(pid));
}

/**
 * First PTS values to calibrate on: those of audio and video when known, since other
 * streams (ID3 timed metadata on Twitch) may be stamped apart from the footage.
 */
function calibrationPts(lookahead: Lookahead): number[] {
  const media = [...lookahead.firstPtsByPid].filter(([pid]) => lookahead.mediaPids?.has(pid)).map(([, pts]) => pts);
  return media.length > 0 ? media : [...lookahead.firstPtsByPid.values()];
}

/** The earliest of some PTS values, comparing across a 2^33 wrap; null if there are none. */
function earliestPts(ptsValues: number[]): number | null {
  const [first] = ptsValues;
  if (first === undefined) return null;
  return ptsValues.reduce((earliest, pts) => (wrappedDelta(pts, earliest, PTS_MODULUS) < 0 ? pts : earliest), first);
}

/**
 * A part's first PCR maps to its first decode time (startTicks less its reorder delay), not
 * past it: mapped onto its first picture, an open-GOP part (decoded 5 frames ahead of its
 * first picture) ran its PCR up to its video's end, and the part after started a tick late.
 * Never before a PCR already written.
 */
function retimePcr(part: PartState, clock: OutputClock, bytes: Uint8Array, pcrAt: number): void {
  const sourcePcr = readPcr(bytes, pcrAt);
  part.basePcr ??= sourcePcr;
  part.startPcr ??= Math.max(clock.nextPcr, (part.startTicks - part.reorderTicks) * PCR_PER_PTS);
  const pcr = Math.max(part.startPcr, part.startPcr + wrappedDelta(sourcePcr, part.basePcr, PCR_MODULUS));
  writePcr(bytes, pcrAt, pcr);
  clock.nextPcr = Math.max(clock.nextPcr, pcr + 1);
  part.floorTicks = Math.max(part.floorTicks, Math.floor(pcr / PCR_PER_PTS) + 1);
}

/** Rewrites a PES header's PTS (and DTS); returns its place on the timeline (unled, unwrapped). */
function retimePts(part: PartState, clock: OutputClock, bytes: Uint8Array, ptsAt: number, layout: PacketLayout): number {
  const sourcePts = readPts(bytes, ptsAt);
  part.basePts ??= sourcePts;
  // Pictures start at the part's start; sound may start up to the part's head before it.
  const moveTicks = layout.isVideo ? 0 : (part.soundMoves.get(layout.pid) ?? 0);
  const lowestTicks = layout.isVideo ? part.startTicks : Math.max(-clock.leadTicks, part.startTicks - part.headTicks + Math.min(0, moveTicks));
  const pts = Math.max(lowestTicks, part.startTicks + moveTicks + wrappedDelta(sourcePts, part.basePts, PTS_MODULUS));
  const writtenPts = pts + clock.leadTicks;
  writePts(bytes, ptsAt, writtenPts);
  trackStream(layout.isVideo ? part.videoStreams : part.otherStreams, layout.pid, pts);
  // Counted sound needs no floor: the next part's sound is made to start at its end (meetSound).
  // A sound PES starting just past the last picture pushed the next part that late: a held picture.
  if (layout.isVideo || !(clock.sound.get(layout.pid) instanceof SoundClock)) part.floorTicks = Math.max(part.floorTicks, pts + 1);
  const lastDecode = clock.lastDecodeTicks.get(layout.pid);
  let decodeTicks = writtenPts;
  if (layout.dtsAt !== null) {
    const dts = part.startTicks + moveTicks + wrappedDelta(readPts(bytes, layout.dtsAt), part.basePts, PTS_MODULUS) + clock.leadTicks;
    decodeTicks = Math.min(writtenPts, Math.max(0, dts, lastDecode === undefined ? 0 : lastDecode + 1));
    writePts(bytes, layout.dtsAt, decodeTicks);
  }
  clock.lastDecodeTicks.set(layout.pid, Math.max(lastDecode ?? 0, decodeTicks));
  return pts;
}

/**
 * Updates a stream's latest PTS and its frame duration: the step from the PTS just below
 * the latest to the latest, so B-frames (which arrive after a later frame) count in
 * display order, not in the order they came.
 */
function trackStream(streams: Map<number, StreamClock>, pid: number, ptsTicks: number): void {
  const stream = streams.get(pid);
  if (stream === undefined) {
    streams.set(pid, { lastPtsTicks: ptsTicks, previousPtsTicks: null, frameTicks: NOMINAL_FRAME_TICKS });
    return;
  }
  if (ptsTicks > stream.lastPtsTicks) {
    stream.previousPtsTicks = stream.lastPtsTicks;
    stream.lastPtsTicks = ptsTicks;
  } else if (ptsTicks < stream.lastPtsTicks && (stream.previousPtsTicks === null || ptsTicks > stream.previousPtsTicks)) {
    stream.previousPtsTicks = ptsTicks;
  } else {
    return;
  }
  const stepTicks = stream.lastPtsTicks - stream.previousPtsTicks;
  if (stepTicks <= LONGEST_FRAME_TICKS) stream.frameTicks = stepTicks;
}

function partEndTicks(part: PartState): number {
  const framed = part.videoStreams.size > 0 ? part.videoStreams : part.otherStreams;
  let endTicks = part.floorTicks;
  for (const stream of framed.values()) endTicks = Math.max(endTicks, stream.lastPtsTicks + stream.frameTicks);
  return endTicks;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
}
