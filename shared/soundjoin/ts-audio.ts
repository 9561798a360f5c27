/**
 * The AAC frames of one MPEG-TS buffer (a segment file or an edge encode), and the same
 * buffer with some of them replaced: the fade at a hard cut swaps the few frames at each
 * join for re-encoded ones of the same count and grid, so every PES keeps its PTS and
 * only the audio packets that carry those frames are rewritten. Pure: no node:* imports.
 */
import { PACKET_BYTES, SYNC_BYTE } from '../retime/packet';

const ADTS_HEADER_BYTES = 7;
const PAYLOAD_BYTES = PACKET_BYTES - 4;

/** One audio packet of the buffer: where it sits and where its payload begins. */
interface AudioPacket {
  at: number;
  payloadAt: number;
  unitStart: boolean;
  /** The adaptation field carries a PCR (kept only on a PES's first packet). */
  hasPcr: boolean;
}

/** A PES of the audio stream: its packets, header bytes and ADTS frames. */
interface AudioPes {
  packets: AudioPacket[];
  header: Uint8Array;
  frames: Uint8Array[];
}

export interface TsAudio {
  pid: number;
  pes: AudioPes[];
}

/** Every ADTS frame of the buffer's AAC stream, in order. */
export function adtsFrames(audio: TsAudio): Uint8Array[] {
  return audio.pes.flatMap((pes) => pes.frames);
}

/**
 * Reads the buffer's first audio stream (PES stream id 0xC0-0xDF) as whole ADTS frames.
 * Null when there is none, or its PES do not hold whole ADTS frames (another codec, a
 * frame split across PES, damage): the join is then left as it is.
 */
export function readTsAudio(ts: Uint8Array): TsAudio | null {
  const pid = audioPid(ts);
  if (pid === null) return null;
  const pes: AudioPes[] = [];
  let current: { packets: AudioPacket[]; bytes: number[] } | null = null;
  const close = (): boolean => {
    if (current === null) return true;
    const parsed = parsePes(current.packets, Uint8Array.from(current.bytes));
    if (parsed === null) return false;
    pes.push(parsed);
    return true;
  };
  for (let at = 0; at + PACKET_BYTES <= ts.length; at += PACKET_BYTES) {
    if (ts[at] !== SYNC_BYTE) return null;
    if (packetPid(ts, at) !== pid) continue;
    const packet = audioPacket(ts, at);
    if (packet === null) return null;
    if (packet.unitStart) {
      if (!close()) return null;
      current = { packets: [], bytes: [] };
    }
    if (current === null) continue;
    current.packets.push(packet);
    for (let index = packet.payloadAt; index < at + PACKET_BYTES; index++) current.bytes.push(ts[index]!);
  }
  return close() ? { pid, pes } : null;
}

function packetPid(ts: Uint8Array, at: number): number {
  return ((ts[at + 1]! & 0x1f) << 8) | ts[at + 2]!;
}

/** The PID of the first PES with an audio stream id. */
function audioPid(ts: Uint8Array): number | null {
  for (let at = 0; at + PACKET_BYTES <= ts.length; at += PACKET_BYTES) {
    if (ts[at] !== SYNC_BYTE || (ts[at + 1]! & 0x40) === 0) continue;
    const payloadAt = payloadStart(ts, at);
    if (payloadAt === null || payloadAt + 4 > at + PACKET_BYTES) continue;
    const isPes = ts[payloadAt] === 0 && ts[payloadAt + 1] === 0 && ts[payloadAt + 2] === 1;
    if (isPes && (ts[payloadAt + 3]! & 0xe0) === 0xc0) return packetPid(ts, at);
  }
  return null;
}

function payloadStart(ts: Uint8Array, at: number): number | null {
  const control = ts[at + 3]!;
  if ((control & 0x10) === 0 || (control & 0xc0) !== 0) return null;
  const payloadAt = (control & 0x20) !== 0 ? at + 5 + ts[at + 4]! : at + 4;
  return payloadAt < at + PACKET_BYTES ? payloadAt : null;
}

function audioPacket(ts: Uint8Array, at: number): AudioPacket | null {
  const payloadAt = payloadStart(ts, at);
  if (payloadAt === null) return null;
  const hasAdaptation = (ts[at + 3]! & 0x20) !== 0 && ts[at + 4]! > 0;
  return { at, payloadAt, unitStart: (ts[at + 1]! & 0x40) !== 0, hasPcr: hasAdaptation && (ts[at + 5]! & 0x10) !== 0 };
}

/** Splits a PES into its header and ADTS frames; null unless the data is whole ADTS frames. */
function parsePes(packets: AudioPacket[], bytes: Uint8Array): AudioPes | null {
  if (bytes.length < 9 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 1) return null;
  const headerBytes = 9 + bytes[8]!;
  const declared = (bytes[4]! << 8) | bytes[5]!;
  const end = declared === 0 ? bytes.length : 6 + declared;
  if (end > bytes.length || headerBytes > end) return null;
  const frames: Uint8Array[] = [];
  let at = headerBytes;
  while (at < end) {
    if (at + ADTS_HEADER_BYTES > end || bytes[at] !== 0xff || (bytes[at + 1]! & 0xf6) !== 0xf0) return null;
    const frameBytes = ((bytes[at + 3]! & 0x03) << 11) | (bytes[at + 4]! << 3) | (bytes[at + 5]! >> 5);
    if (frameBytes < ADTS_HEADER_BYTES || at + frameBytes > end) return null;
    frames.push(bytes.subarray(at, at + frameBytes));
    at += frameBytes;
  }
  return { packets, header: bytes.subarray(0, headerBytes), frames };
}

/**
 * The buffer with the ADTS frames at the given indices (counted over the whole stream)
 * replaced. Packets of other PIDs stay where they are; a rewritten PES takes its old
 * packets' places (one more after the last when it grew, fewer when it shrank). Continuity
 * counters of the audio PID are renumbered so they run on from the untouched packets:
 * after them ('forward': the frames at a part's end) or into them ('backward': at its start).
 * Null when a rewritten PES's later packets carry a PCR, which would be lost.
 */
export function replaceFrames(
  ts: Uint8Array,
  audio: TsAudio,
  replacements: ReadonlyMap<number, Uint8Array>,
  direction: 'forward' | 'backward',
): Uint8Array | null {
  const rewritten = new Map<number, Uint8Array[]>();
  let frameIndex = 0;
  for (const [pesIndex, pes] of audio.pes.entries()) {
    const frames = pes.frames.map((frame, index) => replacements.get(frameIndex + index) ?? frame);
    frameIndex += pes.frames.length;
    if (frames.every((frame, index) => frame === pes.frames[index])) continue;
    if (pes.packets.slice(1).some((packet) => packet.hasPcr)) return null;
    rewritten.set(pesIndex, packetize(ts, pes, frames));
  }
  if (rewritten.size === 0) return ts;
  const packets = assemble(ts, audio, rewritten);
  renumber(ts, packets, audio, direction, rewritten);
  const out = new Uint8Array(packets.length * PACKET_BYTES);
  for (const [index, packet] of packets.entries()) out.set(packet, index * PACKET_BYTES);
  return out;
}

/** The new TS packets of a PES with `frames`: its first packet's adaptation field kept, the last one stuffed. */
function packetize(ts: Uint8Array, pes: AudioPes, frames: Uint8Array[]): Uint8Array[] {
  const dataBytes = frames.reduce((total, frame) => total + frame.length, 0);
  const body = new Uint8Array(pes.header.length + dataBytes);
  body.set(pes.header);
  let at = pes.header.length;
  for (const frame of frames) {
    body.set(frame, at);
    at += frame.length;
  }
  const declared = (pes.header[4]! << 8) | pes.header[5]!;
  const length = body.length - 6;
  if (declared !== 0) {
    // A PES too long for its length field says 0 (unbounded), as video PES do.
    body[4] = length > 0xffff ? 0 : length >> 8;
    body[5] = length > 0xffff ? 0 : length & 0xff;
  }
  const first = pes.packets[0]!;
  const firstAdaptation = adaptationFields(ts, first);
  const packets: Uint8Array[] = [];
  let offset = 0;
  while (offset < body.length) {
    const adaptation = packets.length === 0 ? firstAdaptation : new Uint8Array(0);
    const room = PAYLOAD_BYTES - adaptation.length;
    const take = Math.min(room, body.length - offset);
    packets.push(tsPacket(ts[first.at + 1]!, ts[first.at + 2]!, packets.length === 0, adaptation, body.subarray(offset, offset + take)));
    offset += take;
  }
  return packets;
}

/**
 * A packet's adaptation field without its stuffing: length byte, flags and the fields
 * they announce (PCR, OPCR, splice countdown, private data, extension). Empty if none.
 */
function adaptationFields(ts: Uint8Array, packet: AudioPacket): Uint8Array {
  const fieldBytes = packet.payloadAt - packet.at - 4;
  if (fieldBytes <= 1) return new Uint8Array(0);
  const flags = ts[packet.at + 5]!;
  let used = 2;
  if (flags & 0x10) used += 6;
  if (flags & 0x08) used += 6;
  if (flags & 0x04) used += 1;
  if (flags & 0x02) used += 1 + (ts[packet.at + 4 + used] ?? 0);
  if (flags & 0x01) used += 1 + (ts[packet.at + 4 + used] ?? 0);
  return ts.slice(packet.at + 4, packet.at + 4 + Math.min(used, fieldBytes));
}

/** One packet: header (continuity counter set later), adaptation field grown with stuffing to fill it, payload. */
function tsPacket(pidHigh: number, pidLow: number, unitStart: boolean, adaptation: Uint8Array, payload: Uint8Array): Uint8Array {
  const packet = new Uint8Array(PACKET_BYTES);
  packet[0] = SYNC_BYTE;
  packet[1] = (pidHigh & 0x1f) | (unitStart ? 0x40 : 0);
  packet[2] = pidLow;
  const stuffing = PAYLOAD_BYTES - adaptation.length - payload.length;
  if (adaptation.length === 0 && stuffing === 0) {
    packet[3] = 0x10;
    packet.set(payload, 4);
    return packet;
  }
  packet[3] = 0x30;
  // The field's length byte, its flags and fields (kept from the old one, or none), the stuffing.
  const fieldBytes = adaptation.length + stuffing;
  packet[4] = fieldBytes - 1;
  let at = 5;
  if (adaptation.length > 1) {
    packet.set(adaptation.subarray(1), 5);
    at = 4 + adaptation.length;
  } else if (fieldBytes > 1) {
    packet[5] = 0;
    at = 6;
  }
  packet.fill(0xff, at, 4 + fieldBytes);
  packet.set(payload, 4 + fieldBytes);
  return packet;
}

/** The buffer's packets in order, each rewritten PES in its old packets' places. */
function assemble(ts: Uint8Array, audio: TsAudio, rewritten: ReadonlyMap<number, Uint8Array[]>): Uint8Array[] {
  const place = new Map<number, { pes: number; slot: number; last: boolean }>();
  for (const pesIndex of rewritten.keys()) {
    const old = audio.pes[pesIndex]!.packets;
    for (const [slot, packet] of old.entries()) place.set(packet.at, { pes: pesIndex, slot, last: slot === old.length - 1 });
  }
  const packets: Uint8Array[] = [];
  for (let at = 0; at + PACKET_BYTES <= ts.length; at += PACKET_BYTES) {
    const where = place.get(at);
    if (!where) {
      packets.push(ts.slice(at, at + PACKET_BYTES));
      continue;
    }
    const fresh = rewritten.get(where.pes)!;
    if (where.slot < fresh.length) packets.push(fresh[where.slot]!);
    if (where.last) packets.push(...fresh.slice(where.slot + 1));
  }
  return packets;
}

/** Renumbers the audio PID's continuity counters around the rewritten PES (see replaceFrames). */
function renumber(
  ts: Uint8Array,
  packets: Uint8Array[],
  audio: TsAudio,
  direction: 'forward' | 'backward',
  rewritten: ReadonlyMap<number, Uint8Array[]>,
): void {
  const fresh = new Set([...rewritten.values()].flat());
  const audioIndices = packets.flatMap((packet, index) => (packetPid(packet, 0) === audio.pid ? [index] : []));
  const freshPositions = audioIndices.flatMap((index, position) => (fresh.has(packets[index]!) ? [position] : []));
  const setCounter = (position: number, counter: number) => {
    const packet = packets[audioIndices[position]!]!;
    packet[3] = (packet[3]! & 0xf0) | (((counter % 16) + 16) % 16);
  };
  const counterAt = (position: number) => packets[audioIndices[position]!]![3]! & 0x0f;
  const oldPackets = audio.pes.flatMap((pes) => pes.packets);
  if (direction === 'forward') {
    const from = freshPositions[0]!;
    const start = from > 0 ? counterAt(from - 1) + 1 : ts[oldPackets[0]!.at + 3]! & 0x0f;
    for (let position = from; position < audioIndices.length; position++) setCounter(position, start + (position - from));
    return;
  }
  const to = freshPositions[freshPositions.length - 1]!;
  const end = to + 1 < audioIndices.length ? counterAt(to + 1) - 1 : ts[oldPackets[oldPackets.length - 1]!.at + 3]! & 0x0f;
  for (let position = to; position >= 0; position--) setCounter(position, end - (to - position));
}
