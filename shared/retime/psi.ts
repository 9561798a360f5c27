/**
 * The program tables of an MPEG-TS stream, read only as far as the re-timer needs: the PAT
 * says which PIDs carry program maps (PMT), a PMT says which PIDs carry audio and video.
 * Sections longer than their packet are skipped (they never are for one audio and one
 * video stream). Pure: no node:* imports.
 */

/** The PAT always travels on PID 0. */
export const PAT_PID = 0;

const PAT_TABLE_ID = 0x00;
const PMT_TABLE_ID = 0x02;
/** table_id, section_length, and the 5 bytes every long-form section header has. */
const SECTION_HEADER_BYTES = 8;
const CRC_BYTES = 4;

/**
 * Stream types of audio and video (ISO 13818-1 table 2-34 and ATSC): MPEG-1/2 video,
 * MPEG-1/2 audio, AAC (ADTS, LATM), H.264, HEVC, AC-3, E-AC-3. Other streams (ID3 timed
 * metadata, SCTE-35) may carry a PTS rarely or never, so nobody waits for them.
 */
const MEDIA_STREAM_TYPES = new Set([0x01, 0x02, 0x03, 0x04, 0x0f, 0x11, 0x1b, 0x24, 0x81, 0x87]);

/** PMT PIDs listed in the PAT section whose pointer field is at `tableAt`, or null if it is not a whole PAT section. */
export function readProgramMapPids(bytes: Uint8Array, tableAt: number, packetEnd: number): number[] | null {
  const section = readSection(bytes, tableAt, packetEnd, PAT_TABLE_ID);
  if (section === null) return null;
  const pids: number[] = [];
  for (let at = section.bodyAt; at + 4 <= section.bodyEnd; at += 4) {
    const programNumber = (bytes[at]! << 8) | bytes[at + 1]!;
    // Program 0 points at the network table, not at a program map.
    if (programNumber !== 0) pids.push(readPid(bytes, at + 2));
  }
  return pids;
}

/** A stream the PMT lists: its PID, its stream type, and whether that is audio or video. */
export interface ProgramStream {
  pid: number;
  streamType: number;
  isMedia: boolean;
}

/** The streams listed in the PMT section whose pointer field is at `tableAt`, or null if it is not a whole PMT section. */
export function readProgramStreams(bytes: Uint8Array, tableAt: number, packetEnd: number): ProgramStream[] | null {
  const section = readSection(bytes, tableAt, packetEnd, PMT_TABLE_ID);
  if (section === null) return null;
  const programInfoBytes = readLength12(bytes, section.bodyAt + 2);
  const streams: ProgramStream[] = [];
  let at = section.bodyAt + 4 + programInfoBytes;
  while (at + 5 <= section.bodyEnd) {
    const streamType = bytes[at]!;
    streams.push({ pid: readPid(bytes, at + 1), streamType, isMedia: MEDIA_STREAM_TYPES.has(streamType) });
    at += 5 + readLength12(bytes, at + 3);
  }
  return streams;
}

interface Section {
  bodyAt: number;
  bodyEnd: number;
}

function readSection(bytes: Uint8Array, tableAt: number, packetEnd: number, tableId: number): Section | null {
  const sectionAt = tableAt + 1 + bytes[tableAt]!;
  if (sectionAt + SECTION_HEADER_BYTES > packetEnd || bytes[sectionAt] !== tableId) return null;
  const sectionEnd = sectionAt + 3 + readLength12(bytes, sectionAt + 1);
  if (sectionEnd > packetEnd) return null;
  return { bodyAt: sectionAt + SECTION_HEADER_BYTES, bodyEnd: sectionEnd - CRC_BYTES };
}

function readPid(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! & 0x1f) << 8) | bytes[at + 1]!;
}

function readLength12(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! & 0x0f) << 8) | bytes[at + 1]!;
}
