/**
 * Drops the first sound frames of a part, in the packets held at its start, where they
 * would sound under the end of the previous part's sound (a recording that restarts
 * inside a range: its sound starts some ms before its first picture, where the earlier
 * run's sound still plays). Cutting them keeps the pictures end to end; the other way out,
 * starting the part late, held the previous picture. The first PES of the sound PID is
 * rewritten in place: a later PTS, the frames that remain packed into the last of its
 * packets (the first of those padded with adaptation-field stuffing) and the packets
 * left empty turned into null packets. Continuity counters are left as they are: the
 * PID's sequence already breaks where the part begins. Pure: no node:* imports.
 */
import { PACKET_BYTES } from './packet';
import type { SoundFrameFormat } from './sound-frames';
import { PTS_MODULUS, readPts, writePts } from './timestamp';

const NULL_PID = 0x1fff;
const PAYLOAD_BYTES = PACKET_BYTES - 4;

export interface HeldChunk {
  bytes: Uint8Array;
}

export interface DroppedSound {
  /** Ticks of sound dropped (whole frames). */
  droppedTicks: number;
  /** The PES's new PTS (source clock). */
  firstPts: number;
}

/** Where one packet of the PES lies and where its payload starts. */
interface PesPacket {
  bytes: Uint8Array;
  at: number;
  payloadAt: number;
}

/**
 * Drops whole frames from the start of `pid`'s first PES among `chunks`, as many as bring
 * the dropped ticks nearest `wantTicks`, always keeping one. `partEnded`: `chunks` hold
 * the whole part, so a PES running to their end is whole. Returns what was dropped, or
 * null when nothing could be (the PES is not whole in `chunks`, carries a PCR or a DTS,
 * or its frames are not `format`'s).
 */
export function dropLeadingSoundFrames(
  chunks: readonly HeldChunk[],
  pid: number,
  format: SoundFrameFormat,
  wantTicks: number,
  partEnded: boolean,
): DroppedSound | null {
  const packets = firstPesPackets(chunks, pid, partEnded);
  if (packets === null) return null;
  const payload = concatPayloads(packets);
  if (payload[0] !== 0 || payload[1] !== 0 || payload[2] !== 1 || payload.length < 9) return null;
  const timestampFlags = payload[7]! >> 6;
  const dataAt = 9 + payload[8]!;
  if (timestampFlags !== 2 || dataAt > payload.length) return null;
  const drop = framesToDrop(payload, dataAt, format, wantTicks);
  if (drop === null) return null;
  const firstPts = (readPts(payload, 9) + Math.round(drop.ticks)) % PTS_MODULUS;
  const header = payload.slice(0, dataAt);
  writePts(header, 9, firstPts);
  const pesLength = (header[4]! << 8) | header[5]!;
  if (pesLength !== 0) {
    header[4] = (pesLength - drop.bytes) >> 8;
    header[5] = (pesLength - drop.bytes) & 0xff;
  }
  const rewritten = new Uint8Array(header.length + payload.length - dataAt - drop.bytes);
  rewritten.set(header);
  rewritten.set(payload.subarray(dataAt + drop.bytes), header.length);
  repack(packets, rewritten);
  return { droppedTicks: drop.ticks, firstPts };
}

/** The packets of `pid`'s first PES (from its first packet, which must start it, to the next start), or null if it is not whole or not plain. */
function firstPesPackets(chunks: readonly HeldChunk[], pid: number, partEnded: boolean): PesPacket[] | null {
  const packets: PesPacket[] = [];
  for (const { bytes } of chunks) {
    for (let at = 0; at + PACKET_BYTES <= bytes.length; at += PACKET_BYTES) {
      if ((((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!) !== pid) continue;
      const unitStart = (bytes[at + 1]! & 0x40) !== 0;
      if (unitStart && packets.length > 0) return packets;
      if (!unitStart && packets.length === 0) return null;
      const control = bytes[at + 3]!;
      // Damaged in transit, scrambled, without payload, or carrying a PCR: left alone.
      if ((bytes[at + 1]! & 0x80) !== 0 || (control & 0xc0) !== 0 || (control & 0x10) === 0) return null;
      const hasAdaptation = (control & 0x20) !== 0;
      if (hasAdaptation && bytes[at + 4]! > 0 && (bytes[at + 5]! & 0x10) !== 0) return null;
      const payloadAt = hasAdaptation ? at + 5 + bytes[at + 4]! : at + 4;
      if (payloadAt >= at + PACKET_BYTES) return null;
      packets.push({ bytes, at, payloadAt });
    }
  }
  // Unless the part ended, the PES may run on past the held bytes: not whole.
  return partEnded && packets.length > 0 ? packets : null;
}

function concatPayloads(packets: readonly PesPacket[]): Uint8Array {
  const total = packets.reduce((sum, packet) => sum + packet.at + PACKET_BYTES - packet.payloadAt, 0);
  const payload = new Uint8Array(total);
  let offset = 0;
  for (const packet of packets) {
    payload.set(packet.bytes.subarray(packet.payloadAt, packet.at + PACKET_BYTES), offset);
    offset += packet.at + PACKET_BYTES - packet.payloadAt;
  }
  return payload;
}

/** Bytes and ticks of the leading frames whose total is nearest `wantTicks`, keeping the last frame; null if none or not readable. */
function framesToDrop(payload: Uint8Array, dataAt: number, format: SoundFrameFormat, wantTicks: number): { bytes: number; ticks: number } | null {
  const frames: { bytes: number; ticks: number }[] = [];
  for (let at = dataAt; at < payload.length; ) {
    if (at + format.headerBytes > payload.length) return null;
    const frame = format.read(Array.from(payload.subarray(at, at + format.headerBytes)));
    if (frame === null || frame.frameBytes < format.headerBytes) return null;
    frames.push({ bytes: frame.frameBytes, ticks: frame.ticks });
    at += frame.frameBytes;
  }
  let bytes = 0;
  let ticks = 0;
  for (const frame of frames.slice(0, -1)) {
    if (Math.abs(ticks + frame.ticks - wantTicks) >= Math.abs(ticks - wantTicks)) break;
    bytes += frame.bytes;
    ticks += frame.ticks;
  }
  return bytes === 0 ? null : { bytes, ticks };
}

/**
 * Writes `pes` into the last of `packets` (their adaptation fields kept), the first one
 * used padded with stuffing and marked as the PES start; the packets before it become
 * null packets, which every demuxer skips.
 */
function repack(packets: readonly PesPacket[], pes: Uint8Array): void {
  let end = pes.length;
  let index = packets.length - 1;
  for (; index >= 0; index--) {
    const packet = packets[index]!;
    const capacity = packet.at + PACKET_BYTES - packet.payloadAt;
    if (end <= capacity) break;
    packet.bytes.set(pes.subarray(end - capacity, end), packet.payloadAt);
    packet.bytes[packet.at + 1] = packet.bytes[packet.at + 1]! & ~0x40;
    end -= capacity;
  }
  writeStart(packets[index]!, pes.subarray(0, end));
  for (const packet of packets.slice(0, index)) {
    packet.bytes[packet.at + 1] = NULL_PID >> 8;
    packet.bytes[packet.at + 2] = NULL_PID & 0xff;
  }
}

/** Rewrites one packet to carry `payload` (at most what it held) as a PES start, stuffing its adaptation field to fill it. */
function writeStart(packet: PesPacket, payload: Uint8Array): void {
  const { bytes, at } = packet;
  const control = bytes[at + 3]!;
  const oldAdaptation = (control & 0x20) !== 0 ? bytes.slice(at + 5, at + 5 + bytes[at + 4]!) : new Uint8Array(0);
  const adaptationBytes = PAYLOAD_BYTES - payload.length - 1;
  bytes[at + 1] = bytes[at + 1]! | 0x40;
  if (adaptationBytes < 0) {
    bytes[at + 3] = (control & 0x0f) | 0x10;
    bytes.set(payload, at + 4);
    return;
  }
  bytes[at + 3] = (control & 0x0f) | 0x30;
  bytes[at + 4] = adaptationBytes;
  if (adaptationBytes > 0) {
    // The flags byte first (a fresh field: none set), then stuffing.
    const fields = oldAdaptation.length > 0 ? oldAdaptation : new Uint8Array([0]);
    bytes.fill(0xff, at + 5, at + 5 + adaptationBytes);
    bytes.set(fields, at + 5);
  }
  bytes.set(payload, at + 5 + adaptationBytes);
}
