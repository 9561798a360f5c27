/**
 * Where the clock values sit in one 188-byte MPEG-TS packet: the PCR of its adaptation
 * field and the PTS (and DTS) of a PES header that starts in it. Parses only as far as that needs.
 * Pure: no node:* imports.
 */

export const PACKET_BYTES = 188;
export const SYNC_BYTE = 0x47;

/** PES stream ids whose header has no optional fields, hence no PTS (ISO 13818-1, 2.4.3.7). */
const STREAM_IDS_WITHOUT_PTS = new Set([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff]);

export interface PacketLayout {
  pid: number;
  /** Byte index (within the buffer) of the 6-byte PCR field, or null. */
  pcrAt: number | null;
  /** Byte index of the 5-byte PTS field of a PES header starting here, or null. */
  ptsAt: number | null;
  /** Byte index of the 5-byte DTS field that follows the PTS (B-frames), or null. */
  dtsAt: number | null;
  /** The PES header starting here has a video stream id (0xE0-0xEF). */
  isVideo: boolean;
  /** Byte index of the pointer field of a table section starting here (PAT, PMT...), or null. */
  tableAt: number | null;
}

/** A packet whose fields contradict each other; `malformed` says which. */
export interface MalformedPacket {
  malformed: string;
}

/** Reads the layout of the packet at `at`; the caller has checked its sync byte and length. */
export function readPacketLayout(bytes: Uint8Array, at: number): PacketLayout | MalformedPacket {
  const flags = bytes[at + 1]! & 0xe0;
  const pid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
  const control = bytes[at + 3]!;
  const transportError = (flags & 0x80) !== 0;
  const unitStart = (flags & 0x40) !== 0;
  // Scrambled payloads cannot be read; their adaptation field (PCR) stays in the clear.
  const scrambled = (control & 0xc0) !== 0;
  const hasAdaptation = (control & 0x20) !== 0;
  const hasPayload = (control & 0x10) !== 0;
  // A packet flagged as damaged in transit is passed on untouched: its numbers are not to be trusted.
  if (transportError) return { ...NOTHING, pid };

  let payloadAt = at + 4;
  let pcrAt: number | null = null;
  if (hasAdaptation) {
    const adaptationBytes = bytes[at + 4]!;
    payloadAt = at + 5 + adaptationBytes;
    if (payloadAt > at + PACKET_BYTES) return { malformed: `its adaptation field claims ${adaptationBytes} bytes, more than the packet holds` };
    // Encoders write a zero-length field as padding; it has no flags byte.
    if (adaptationBytes > 0 && (bytes[at + 5]! & 0x10) !== 0) {
      if (adaptationBytes < 7) return { malformed: `its adaptation field flags a PCR but is only ${adaptationBytes} bytes long` };
      pcrAt = at + 6;
    }
  }
  if (!unitStart || !hasPayload || scrambled) return { ...NOTHING, pid, pcrAt };
  return readUnitStart(bytes, at, payloadAt, { ...NOTHING, pid, pcrAt });
}

const NOTHING: PacketLayout = { pid: 0, pcrAt: null, ptsAt: null, dtsAt: null, isVideo: false, tableAt: null };

/** A payload unit starts in this packet: a PES packet (with perhaps a PTS) or a table section. */
function readUnitStart(bytes: Uint8Array, at: number, payloadAt: number, none: PacketLayout): PacketLayout | MalformedPacket {
  const packetEnd = at + PACKET_BYTES;
  // Tables (PAT, PMT...) start with a pointer byte and a table id, never with the PES start code 00 00 01.
  const isPes = payloadAt + 4 <= packetEnd && bytes[payloadAt] === 0 && bytes[payloadAt + 1] === 0 && bytes[payloadAt + 2] === 1;
  if (!isPes) return payloadAt < packetEnd ? { ...none, tableAt: payloadAt } : none;
  const streamId = bytes[payloadAt + 3]!;
  if (STREAM_IDS_WITHOUT_PTS.has(streamId)) return none;
  if (payloadAt + 9 > packetEnd) return { malformed: 'its PES header is split across packets' };
  if ((bytes[payloadAt + 6]! & 0xc0) !== 0x80) return { malformed: 'its PES header lacks the 10 marker bits (not an MPEG-2 PES header)' };
  const timestampFlags = bytes[payloadAt + 7]! >> 6;
  if (timestampFlags === 0) return none;
  if (timestampFlags === 1) return { malformed: 'its PES header flags a DTS without a PTS, which MPEG-TS forbids' };
  const ptsAt = payloadAt + 9;
  if (ptsAt + 5 > packetEnd) return { malformed: 'its PES header is split across packets' };
  const dtsAt = timestampFlags === 3 ? ptsAt + 5 : null;
  if (dtsAt !== null && dtsAt + 5 > packetEnd) return { malformed: 'its PES header is split across packets' };
  return { ...none, ptsAt, dtsAt, isVideo: (streamId & 0xf0) === 0xe0 };
}
