/**
 * The re-timer on hand-built MPEG-TS packets: each test states its source timestamps and
 * the output it expects, in 90 kHz ticks (PTS) and 27 MHz ticks (PCR).
 */
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LOOKAHEAD_BYTES,
  NOMINAL_FRAME_TICKS,
  Retimer,
  TsPacketError,
  TsSyncError,
  TsTruncatedError,
  createRetimeStream,
  retimeParts,
} from '../../electron/node/export/retime';
import { PTS_MODULUS, readPcr, readPts, writePcr, writePts } from '../../shared/retime/timestamp';

const PACKET = 188;
const PMT_PID = 0x1000;
const VIDEO_PID = 0x100;
const AUDIO_PID = 0x101;
const VIDEO_STREAM_ID = 0xe0;
const AUDIO_STREAM_ID = 0xc0;

interface PacketSpec {
  pid: number;
  unitStart?: boolean;
  pcr27?: number;
  payload?: Uint8Array;
}

/** One packet; the adaptation field (PCR and stuffing) fills what the payload leaves. */
function tsPacket({ pid, unitStart = false, pcr27, payload = new Uint8Array(0) }: PacketSpec): Uint8Array {
  const bytes = new Uint8Array(PACKET).fill(0xff);
  bytes[0] = 0x47;
  bytes[1] = (unitStart ? 0x40 : 0) | (pid >> 8);
  bytes[2] = pid & 0xff;
  const adaptationBytes = PACKET - 5 - payload.length;
  bytes[3] = adaptationBytes < 0 ? 0x10 : 0x30;
  if (adaptationBytes >= 0) bytes[4] = adaptationBytes;
  if (adaptationBytes > 0) bytes[5] = pcr27 === undefined ? 0 : 0x10;
  if (pcr27 !== undefined) writePcr(bytes, 6, pcr27);
  bytes.set(payload, PACKET - payload.length);
  return bytes;
}

/** A PES packet start with a PTS (and a DTS if given), then a few bytes of "frame". */
function pesStart(streamId: number, ptsTicks: number, dtsTicks?: number): Uint8Array {
  const withDts = dtsTicks !== undefined;
  const header = [0, 0, 1, streamId, 0, 0, 0x80, withDts ? 0xc0 : 0x80, withDts ? 10 : 5];
  const bytes = new Uint8Array(header.length + (withDts ? 10 : 5) + 20);
  bytes.set(header);
  bytes[9] = withDts ? 0x30 : 0x20;
  writePts(bytes, 9, ptsTicks);
  if (withDts) {
    bytes[14] = 0x10;
    writePts(bytes, 14, dtsTicks);
  }
  return bytes;
}

function videoFrame(ptsTicks: number, pcr27?: number): Uint8Array {
  return tsPacket({ pid: VIDEO_PID, unitStart: true, pcr27, payload: pesStart(VIDEO_STREAM_ID, ptsTicks) });
}

function audioFrame(ptsTicks: number): Uint8Array {
  return tsPacket({ pid: AUDIO_PID, unitStart: true, payload: pesStart(AUDIO_STREAM_ID, ptsTicks) });
}

/** An audio PES holding `frames` empty AAC frames (ADTS headers, 48 kHz: 1920 ticks each). */
function adtsAudio(ptsTicks: number, frames: number): Uint8Array {
  const header = pesStart(AUDIO_STREAM_ID, ptsTicks).slice(0, 14);
  const adts = [0xff, 0xf1, 0x4c, 0x80, 0x00, 0xff, 0xfc];
  return tsPacket({ pid: AUDIO_PID, unitStart: true, payload: new Uint8Array([...header, ...Array.from({ length: frames }, () => adts).flat()]) });
}

/** An audio PES of `frames` frames, each `header` padded with zeros to `frameBytes`, in as many packets as that takes. */
function soundPes(ptsTicks: number, header: number[], frameBytes: number, frames: number): Uint8Array[] {
  const frame = [...header, ...Array.from({ length: frameBytes - header.length }, () => 0)];
  let data = new Uint8Array([...pesStart(AUDIO_STREAM_ID, ptsTicks).slice(0, 14), ...Array.from({ length: frames }, () => frame).flat()]);
  const packets: Uint8Array[] = [];
  while (data.length > 0) {
    packets.push(tsPacket({ pid: AUDIO_PID, unitStart: packets.length === 0, payload: data.subarray(0, 184) }));
    data = data.subarray(184);
  }
  return packets;
}

/** A section with its pointer field; the CRC is left zero (the re-timer does not check it). */
function section(tableId: number, body: number[]): Uint8Array {
  const length = 5 + body.length + 4;
  return new Uint8Array([0, tableId, 0xb0 | (length >> 8), length & 0xff, 0, 1, 0xc1, 0, 0, ...body, 0, 0, 0, 0]);
}

/** PAT and PMT: H.264 video, audio of `audioStreamType` (AAC in ADTS), and any `extraStreams` as [stream type, PID]. */
function programTables(extraStreams: [number, number][] = [], audioStreamType = 0x0f): Uint8Array[] {
  const pat = section(0x00, [0, 1, 0xe0 | (PMT_PID >> 8), PMT_PID & 0xff]);
  const stream = ([type, pid]: [number, number]) => [type, 0xe0 | (pid >> 8), pid & 0xff, 0xf0, 0];
  const streams = [[0x1b, VIDEO_PID], [audioStreamType, AUDIO_PID], ...extraStreams] as [number, number][];
  const pmt = section(0x02, [0xe0 | (VIDEO_PID >> 8), VIDEO_PID & 0xff, 0xf0, 0, ...streams.flatMap(stream)]);
  return [tsPacket({ pid: 0, unitStart: true, payload: pat }), tsPacket({ pid: PMT_PID, unitStart: true, payload: pmt })];
}

function join(chunks: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

/** A part like an ffmpeg output: tables, then video at 30 fps with a PCR each frame, audio every 1920 ticks from `audioLeadTicks` earlier. */
function mediaPart(firstVideoPts: number, frames: number, audioLeadTicks = 0, pcrLeadTicks = 63_000): Uint8Array {
  const packets = programTables();
  for (let frame = 0; frame < frames; frame += 1) {
    const pts = firstVideoPts + frame * 3000;
    packets.push(videoFrame(pts, (pts - pcrLeadTicks) * 300));
    packets.push(audioFrame(pts - audioLeadTicks));
  }
  return join(packets);
}

interface Stamp {
  pid: number;
  pts?: number;
  pcr?: number;
}

/** The PTS and PCR of every packet, in order (packets from tsPacket/pesStart only). */
function stamps(bytes: Uint8Array): Stamp[] {
  const found: Stamp[] = [];
  for (let at = 0; at < bytes.length; at += PACKET) {
    const pid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
    const stamp: Stamp = { pid };
    if ((bytes[at + 3]! & 0x20) !== 0 && bytes[at + 4]! > 0 && (bytes[at + 5]! & 0x10) !== 0) stamp.pcr = readPcr(bytes, at + 6);
    const payloadAt = (bytes[at + 3]! & 0x20) !== 0 ? at + 5 + bytes[at + 4]! : at + 4;
    if ((bytes[at + 1]! & 0x40) !== 0 && bytes[payloadAt + 2] === 1) stamp.pts = readPts(bytes, payloadAt + 9);
    found.push(stamp);
  }
  return found;
}

/** The DTS of every PES start of `pid` that has one (packets from tsPacket/pesStart only). */
function dtsOf(bytes: Uint8Array, pid: number): number[] {
  const found: number[] = [];
  for (let at = 0; at < bytes.length; at += PACKET) {
    const packetPid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
    const payloadAt = (bytes[at + 3]! & 0x20) !== 0 ? at + 5 + bytes[at + 4]! : at + 4;
    if (packetPid === pid && (bytes[at + 1]! & 0x40) !== 0 && bytes[payloadAt + 7]! >> 6 === 3) found.push(readPts(bytes, payloadAt + 14));
  }
  return found;
}

/** A video frame with a DTS (B-frame footage), its PCR given or none. */
function reorderedFrame(ptsTicks: number, dtsTicks: number, pcr27?: number): Uint8Array {
  return tsPacket({ pid: VIDEO_PID, unitStart: true, pcr27, payload: pesStart(VIDEO_STREAM_ID, ptsTicks, dtsTicks) });
}

/** Five frames as x264 -bf 3 (B-pyramid) muxes them, in decode order: [pts, dts] from `base`, reorder delay 6000 ticks. */
function bFramePart(base: number): Uint8Array {
  const order: [number, number][] = [
    [6000, 0],
    [18000, 3000],
    [12000, 6000],
    [9000, 9000],
    [15000, 12000],
  ];
  return join(order.map(([pts, dts], index) => reorderedFrame(base + pts, base + dts, index === 0 ? (base - 3000) * 300 : undefined)));
}

/** ADTS frames in each audio PES of packets from adtsAudio (one packet each). */
function adtsFramesOf(bytes: Uint8Array): number[] {
  const found: number[] = [];
  for (let at = 0; at < bytes.length; at += PACKET) {
    const pid = ((bytes[at + 1]! & 0x1f) << 8) | bytes[at + 2]!;
    if (pid !== AUDIO_PID || (bytes[at + 1]! & 0x40) === 0) continue;
    const payloadAt = (bytes[at + 3]! & 0x20) !== 0 ? at + 5 + bytes[at + 4]! : at + 4;
    found.push((at + PACKET - (payloadAt + 9 + bytes[payloadAt + 8]!)) / 7);
  }
  return found;
}

function ptsOf(bytes: Uint8Array, pid: number): number[] {
  return stamps(bytes).flatMap((stamp) => (stamp.pid === pid && stamp.pts !== undefined ? [stamp.pts] : []));
}

function pcrOf(bytes: Uint8Array): number[] {
  return stamps(bytes).flatMap((stamp) => (stamp.pcr === undefined ? [] : [stamp.pcr]));
}

/** Runs parts through one Retimer, each part fed in chunks of `chunkBytes`. */
function retime(parts: Uint8Array[], chunkBytes = 1000): { output: Uint8Array; retimer: Retimer } {
  const retimer = new Retimer();
  const out: Uint8Array[] = [];
  for (const part of parts) {
    retimer.startPart();
    for (let at = 0; at < part.length; at += chunkBytes) out.push(retimer.push(part.subarray(at, at + chunkBytes)));
    out.push(retimer.endPart());
  }
  return { output: join(out), retimer };
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('Retimer: one timeline from 0', () => {
  it('maps the first PTS and the first PCR of a part to 0, keeping the steps between them', () => {
    const { output } = retime([mediaPart(900_000, 3)]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 3000, 6000]);
    expect(pcrOf(output)).toEqual([0, 900_000, 1_800_000]);
  });

  it("starts each part where the previous part's last video frame ends", () => {
    const { output, retimer } = retime([mediaPart(900_000, 3), mediaPart(5_000, 2), mediaPart(77_000_000, 2)]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12000, 15000, 18000]);
    expect(pcrOf(output)).toEqual([0, 3000, 6000, 9000, 12000, 15000, 18000].map((ticks) => ticks * 300));
    expect(retimer.parts.map((part) => [part.startTicks, part.endTicks])).toEqual([
      [0, 9000],
      [9000, 15000],
      [15000, 21000],
    ]);
  });

  it('takes the frame duration from the step between the last two frames (60 fps here)', () => {
    const sixtyFps = join([videoFrame(1000, 0), videoFrame(2500), videoFrame(4000)]);
    const { output, retimer } = retime([sixtyFps, sixtyFps]);
    expect(retimer.parts[0]!.endTicks).toBe(4500);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 1500, 3000, 4500, 6000, 7500]);
  });

  it('ends a part with its video, not with audio PES that bundle several audio frames', () => {
    // Audio PES every 9600 ticks (5 AAC frames); the last one is shorter, so its step would overshoot.
    const video = [0, 3000, 6000, 9000, 12000].map((pts, frame) => videoFrame(pts, frame === 0 ? 0 : undefined));
    const part = join([...programTables(), video[0]!, audioFrame(0), ...video.slice(1, 3), audioFrame(9600), ...video.slice(3)]);
    const { output, retimer } = retime([part, part]);
    expect(retimer.parts[0]!.endTicks).toBe(15000);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 9600, 15000, 24600]);
  });

  it('starts the next part after the last PCR when PCR ran past the video (both clocks only move forward)', () => {
    const pcrAhead = join([videoFrame(0, 0), videoFrame(3000, 9000 * 300)]);
    const { output, retimer } = retime([pcrAhead, pcrAhead]);
    expect(retimer.parts[1]!.startTicks).toBe(9001);
    expect(pcrOf(output)).toEqual([0, 9000 * 300, 9001 * 300, 18001 * 300]);
  });

  it("maps a part's first PCR to its first decode time, so PCR that runs to its video's end (open GOPs) does not push the next part", () => {
    const plain = join([videoFrame(0, 0), videoFrame(3000)]);
    // Decoded a frame ahead of its first picture; its last PCR lies a whole video length after its first.
    const reordered = join([reorderedFrame(3000, 0, 0), reorderedFrame(6000, 3000, 6000 * 300)]);
    const { output, retimer } = retime([plain, reordered, plain]);
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 6000, 12000]);
    expect(pcrOf(output)).toEqual([0, 3000 * 300, 9000 * 300, 12000 * 300]);
  });

  it('assumes 1/30 s for a part holding a single frame', () => {
    const { retimer } = retime([join([videoFrame(123_456, 0)])]);
    expect(retimer.endTicks).toBe(NOMINAL_FRAME_TICKS);
  });

  it("calibrates each part on its first picture; sound before it stays before it, the output led by the first part's head", () => {
    // Recorder segments: audio 1920 ticks (21.3 ms) ahead of video, muxed after it.
    const { output, retimer } = retime([mediaPart(126_000, 3, 1920), mediaPart(126_000, 3, 1920)]);
    expect(retimer.leadTicks).toBe(1920);
    expect(ptsOf(output, VIDEO_PID)).toEqual([1920, 4920, 7920, 10920, 13920, 16920]);
    // The second part's sound starts under the end of the first part's picture, as in the source.
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 3000, 6000, 9000, 12000, 15000]);
    expect(retimer.parts.map((part) => [part.startTicks, part.endTicks])).toEqual([
      [0, 9000],
      [9000, 18000],
    ]);
  });

  it("never writes sound before 0 nor earlier than the part's head, even from a stray early PES", () => {
    const part = join([...programTables(), videoFrame(90_000, 0), audioFrame(87_000), videoFrame(93_000), audioFrame(80_000)]);
    const { output } = retime([part]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 0]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([3000, 6000]);
  });

  it("drops the part's leading sound frames that would sound under the previous part's, keeping the pictures end to end (counted from ADTS frames)", () => {
    // 3 frames of video (9000 ticks) and 6 AAC frames (11520 ticks) from the first picture: 2520 ticks past it.
    const long = join([...programTables(), videoFrame(0, 0), adtsAudio(0, 6), videoFrame(3000), videoFrame(6000)]);
    // Sound 1920 ticks before the picture, 4 frames.
    const next = join([...programTables(), videoFrame(90_000, 0), adtsAudio(88_080, 4), videoFrame(93_000)]);
    const { output, retimer } = retime([long, next]);
    // Its sound would start at 9000 - 1920 = 7080, 4440 ticks (2.3 frames) before 11520
    // where the first part's ends: two frames go, the 600 ticks left are moved over.
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 9000]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12_000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 11_520]);
    expect(adtsFramesOf(output)).toEqual([6, 2]);
  });

  it('drops frames of a PES spread over several packets: the ones left packed into its last packets, the emptied ones null packets', () => {
    // MPEG-2 layer II at 24 kHz: 48-byte frames of 4320 ticks; 12 of them (590 bytes, 4 packets) from 6 frames before the picture.
    const mp2 = [0xff, 0xf5, 0x14, 0xc0];
    const first = join([...programTables([], 0x04), videoFrame(0, 0), ...soundPes(0, mp2, 48, 2), videoFrame(3000), videoFrame(6000)]);
    const next = join([...programTables([], 0x04), videoFrame(90_000, 0), ...soundPes(90_000 - 6 * 4320, mp2, 48, 12), videoFrame(93_000)]);
    const { output, retimer } = retime([first, next]);
    // The first part's sound ends at 8640; the next would start at 9000 - 25920: 25560 ticks (5.9 frames) under it.
    // Six frames go (288 bytes): what is left fills the last packets and part of the second; the first is emptied.
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 9000]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12_000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 8640]);
    const pids = Array.from({ length: output.length / PACKET }, (_, index) => ((output[index * PACKET + 1]! & 0x1f) << 8) | output[index * PACKET + 2]!);
    expect(pids.filter((pid) => pid === 0x1fff)).toHaveLength(1);
    expect(pids.filter((pid) => pid === AUDIO_PID)).toHaveLength(1 + 3);
  });

  it('starts a part late by what is left where a frame or more would still overlap (its one sound frame is kept)', () => {
    const long = join([...programTables(), videoFrame(0, 0), adtsAudio(0, 6), videoFrame(3000), videoFrame(6000)]);
    const next = join([...programTables(), videoFrame(90_000, 0), adtsAudio(88_080, 1), videoFrame(93_000)]);
    const { output, retimer } = retime([long, next]);
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 13_440]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 11_520]);
  });

  it.each([
    ['overlaps it by less than a frame', 5, 600],
    ['leaves a gap of less than a frame', 4, -1320],
  ])("keeps the picture's place where the sound %s, and moves the part's sound onto the previous sound's end", (_case, frames, moveTicks) => {
    // 9000 ticks of pictures; `frames` AAC frames of 1920 ticks from the first picture.
    const first = join([...programTables(), videoFrame(0, 0), adtsAudio(0, frames), videoFrame(3000), videoFrame(6000)]);
    const next = join([...programTables(), videoFrame(90_000, 0), adtsAudio(90_000, 4), videoFrame(93_000)]);
    const { output, retimer } = retime([first, next]);
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 9000]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12_000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 9000 + moveTicks]);
  });

  it.each([
    // MPEG-2 layer II, 8 kbit/s at 24 kHz: 48-byte frames of 1152 samples (4320 ticks).
    ['MP2', 0x04, [0xff, 0xf5, 0x14, 0xc0], 48, 4320],
    // AC-3, 32 kbit/s at 48 kHz: 128-byte frames of 1536 samples (2880 ticks); bsid 8.
    ['AC-3', 0x81, [0x0b, 0x77, 0, 0, 0x00, 0x40], 128, 2880],
  ])("counts %s frames: the part's sound moves onto the previous sound's end as AAC's does", (_codec, streamType, header, frameBytes, frameTicks) => {
    // 9000 ticks of pictures; two or three frames of sound from the first picture: 8640 ticks.
    const frames = 8640 / frameTicks;
    const first = join([...programTables([], streamType), videoFrame(0, 0), ...soundPes(0, header, frameBytes, frames), videoFrame(3000), videoFrame(6000)]);
    const next = join([...programTables([], streamType), videoFrame(90_000, 0), ...soundPes(90_000, header, frameBytes, 2), videoFrame(93_000)]);
    const { output, retimer } = retime([first, next]);
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 9000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 8640]);
  });

  it('leaves the sound of a codec whose frames it cannot count (AAC in LATM) where its pictures put it', () => {
    const latm = [0x56, 0xe0, 0x10, 0, 0, 0, 0];
    const first = join([...programTables([], 0x11), videoFrame(0, 0), ...soundPes(0, latm, 16, 4), videoFrame(3000), videoFrame(6000)]);
    const next = join([...programTables([], 0x11), videoFrame(90_000, 0), ...soundPes(88_000, latm, 16, 4), videoFrame(93_000)]);
    const { output, retimer } = retime([first, next]);
    expect(retimer.parts.map((part) => part.startTicks)).toEqual([0, 9000]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 7000]);
  });

  it("moves a later part's sound whole onto 0 when the lead, fixed by a first part without sound, cannot hold its head", () => {
    const silent = join([videoFrame(0, 0), videoFrame(3000)]);
    // Sound 10000 ticks before the picture, in two PES of two frames; the part starts at 6000.
    const next = join([...programTables(), videoFrame(90_000, 0), adtsAudio(80_000, 2), adtsAudio(83_840, 2), videoFrame(93_000)]);
    const { output, retimer } = retime([silent, next]);
    expect(retimer.leadTicks).toBe(0);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 3840]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000]);
  });

  it('calibrates on audio and video only, not on a metadata stream stamped earlier', () => {
    const METADATA_PID = 0x102;
    // An ID3 timed-metadata stream (type 0x15), stamped 1 s before the footage.
    const metadata = tsPacket({ pid: METADATA_PID, unitStart: true, payload: pesStart(0xbd, 90_000) });
    const part = join([...programTables([[0x15, METADATA_PID]]), metadata, videoFrame(180_000, 0), audioFrame(180_000), videoFrame(183_000)]);
    const { output } = retime([part]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000]);
    expect(ptsOf(output, METADATA_PID)).toEqual([0]);
  });

  it('continues across a 33-bit wrap inside a part', () => {
    const wrapping = join([videoFrame(PTS_MODULUS - 3000, 0), videoFrame(0), videoFrame(3000)]);
    const { output } = retime([wrapping]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000]);
  });

  it("clamps a PTS and a PCR earlier than the part's first ones to its start (never negative, never into the previous part)", () => {
    const early = join([videoFrame(90_000, 27_000_000), videoFrame(93_000, 27_900_000), videoFrame(87_000, 26_000_000)]);
    const { output } = retime([mediaPart(0, 1), early]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 3000]);
    expect(pcrOf(output)).toEqual([0, 900_000, 1_800_000, 900_000]);
  });

  it("drops open-GOP leading pictures (shown before the part's first, before any later one arrives): null packets, a PCR among them kept", () => {
    // Decode order of an open GOP: a keyframe shown at 9000, two B-frames shown before it
    // (they refer to the GOP before, not in the part), then the next P-frame and its B-frames.
    const order: [number, number][] = [
      [9000, 0],
      [3000, 1500],
      [6000, 3000],
      [18_000, 6000],
      [12_000, 9000],
      [15_000, 12_000],
    ];
    const part = join(order.map(([pts, dts], index) => reorderedFrame(pts, dts, index === 0 ? 0 : index === 2 ? 300_000 : undefined)));
    const { output } = retime([part]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([9000, 18_000, 12_000, 15_000]);
    const pids = Array.from({ length: output.length / PACKET }, (_, index) => ((output[index * PACKET + 1]! & 0x1f) << 8) | output[index * PACKET + 2]!);
    expect(pids.filter((pid) => pid === 0x1fff)).toHaveLength(1);
    // The second B-frame's packet carried a PCR: it stays, adaptation only.
    expect(pcrOf(output)).toEqual([0, 300_000]);
    expect(output[2 * PACKET + 3]! & 0x30).toBe(0x20);
  });

  it('wraps output values past 2^33 ticks (26.5 h) as the format does', () => {
    // Two parts of just under 2^32 ticks each bring the timeline close to 2^33.
    const halfWrap = join([videoFrame(0, 0), videoFrame(2 ** 32 - 4000)]);
    const { output, retimer } = retime([halfWrap, halfWrap, join([videoFrame(0, 0), videoFrame(3000)])]);
    expect(retimer.parts[2]!.startTicks).toBe(PTS_MODULUS - 2000);
    expect(ptsOf(output, VIDEO_PID).slice(-2)).toEqual([PTS_MODULUS - 2000, 1000]);
  });
});

describe('Retimer: streaming', () => {
  const parts = [mediaPart(900_000, 4, 1920), mediaPart(3_000, 3)];
  const whole = retime(parts, 1_000_000).output;

  it.each([1, 7, 100, 187, 188, 189, 1000])('gives the same bytes when fed in %i-byte chunks', (chunkBytes) => {
    expect(retime(parts, chunkBytes).output).toEqual(whole);
  });

  it("rewrites clocks in the caller's chunk and returns a view of it, not a copy", () => {
    const retimer = new Retimer();
    retimer.startPart();
    // Past the part's start (held until every stream showed a PTS), chunks go through as they are.
    retimer.push(mediaPart(900_000, 2));
    const later = join([videoFrame(906_000, 906_000 * 300), audioFrame(906_000)]);
    const out = retimer.push(later);
    expect(out.buffer).toBe(later.buffer);
    expect(ptsOf(later, VIDEO_PID)).toEqual([6000]);
    expect(ptsOf(later, AUDIO_PID)).toEqual([6000]);
  });

  it('releases packets once every stream in the PMT has shown a PTS, before the part ends', () => {
    const retimer = new Retimer();
    retimer.startPart();
    expect(retimer.push(join([...programTables(), videoFrame(9000, 0)])).length).toBe(0);
    expect(retimer.push(audioFrame(9000)).length).toBe(4 * PACKET);
    expect(retimer.push(videoFrame(12_000)).length).toBe(PACKET);
  });

  it('holds at most LOOKAHEAD_BYTES when a stream never shows up', () => {
    const retimer = new Retimer();
    retimer.startPart();
    retimer.push(join([...programTables(), videoFrame(9000, 0)]));
    const filler = tsPacket({ pid: VIDEO_PID, payload: new Uint8Array(184) });
    let released = 0;
    let fed = 3 * PACKET;
    while (released === 0 && fed < 2 * LOOKAHEAD_BYTES) {
      released = retimer.push(filler).length;
      fed += PACKET;
    }
    expect(fed).toBeGreaterThanOrEqual(LOOKAHEAD_BYTES);
    expect(fed).toBeLessThan(LOOKAHEAD_BYTES + PACKET);
    expect(released).toBe(fed);
  });
});

describe('Retimer: B-frames (PTS and DTS)', () => {
  it('moves each DTS with its PTS and leads the output by the reorder delay, so no DTS is negative', () => {
    const { output, retimer } = retime([bFramePart(900_000)]);
    expect(retimer.leadTicks).toBe(6000);
    expect(ptsOf(output, VIDEO_PID)).toEqual([6000, 18000, 12000, 9000, 15000]);
    expect(dtsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12000]);
  });

  it('ends a part one frame after its latest picture in display order, not after the last one to arrive', () => {
    const { output, retimer } = retime([bFramePart(900_000), bFramePart(5_000)]);
    expect(retimer.parts.map((part) => [part.startTicks, part.endTicks])).toEqual([
      [0, 15000],
      [15000, 30000],
    ]);
    expect(dtsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12000, 15000, 18000, 21000, 24000, 27000]);
  });

  it('keeps PCR unled, at or below the DTS of the frame it travels with', () => {
    const { output } = retime([bFramePart(900_000)]);
    expect(pcrOf(output)).toEqual([0]);
    expect(pcrOf(output)[0]! / 300).toBeLessThanOrEqual(dtsOf(output, VIDEO_PID)[0]!);
  });

  it('keeps DTS strictly increasing where copied B-frame footage follows an edge encoded without them', () => {
    const edge = join([videoFrame(126_000, 120_000 * 300), videoFrame(129_000), videoFrame(132_000)]);
    const { output } = retime([edge, bFramePart(900_000)]);
    const pts = ptsOf(output, VIDEO_PID);
    expect(pts).toEqual([0, 3000, 6000, 9000, 21000, 15000, 12000, 18000]);
    expect(dtsOf(output, VIDEO_PID)).toEqual([6001, 6002, 9000, 12000, 15000]);
    // Decode times: the edge's PTS (it has no DTS), then the copied part's DTS.
    const decode = [...pts.slice(0, 3), ...dtsOf(output, VIDEO_PID)];
    for (let index = 1; index < decode.length; index++) expect(decode[index]!).toBeGreaterThan(decode[index - 1]!);
    for (const [index, dts] of dtsOf(output, VIDEO_PID).entries()) expect(dts).toBeLessThanOrEqual(pts[3 + index]!);
  });

  it('takes a lead from its caller when the first part shows no reorder delay', () => {
    const edge = join([videoFrame(126_000, 120_000 * 300), videoFrame(129_000)]);
    const retimer = new Retimer({ leadTicks: 6000 });
    retimer.startPart();
    const output = join([retimer.push(edge), retimer.endPart()]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([6000, 9000]);
    expect(pcrOf(output)).toEqual([0]);
  });
});

describe('Retimer: refusals', () => {
  it('reports a bad sync byte with its offset within the part, across chunk boundaries', () => {
    const broken = join([videoFrame(3000, 0), videoFrame(6000), videoFrame(9000)]);
    broken[2 * PACKET] = 0x00;
    const retimer = new Retimer();
    retimer.startPart('seg-1.ts');
    retimer.push(join([videoFrame(0, 0)]));
    retimer.endPart();
    retimer.startPart('seg-2.ts');
    retimer.push(broken.subarray(0, 300));
    const error = thrown(() => retimer.push(broken.subarray(300)));
    expect(error).toBeInstanceOf(TsSyncError);
    expect(error).toMatchObject({ partName: 'seg-2.ts', byteOffset: 376, foundByte: 0 });
    expect((error as Error).message).toContain('seg-2.ts: byte 376 should start an MPEG-TS packet (0x47) but is 0x00');
  });

  it('refuses a part that ends inside a packet', () => {
    const retimer = new Retimer();
    retimer.startPart('edge.ts');
    retimer.push(join([videoFrame(0, 0), videoFrame(3000)]).subarray(0, 300));
    const error = thrown(() => retimer.endPart());
    expect(error).toBeInstanceOf(TsTruncatedError);
    expect(error).toMatchObject({ partName: 'edge.ts', byteOffset: 188, leftoverBytes: 112 });
  });

  it('refuses an adaptation field longer than its packet', () => {
    const packet = videoFrame(0, 0);
    packet[4] = 190;
    const retimer = new Retimer();
    retimer.startPart('bad.ts');
    expect(() => retimer.push(packet)).toThrow(TsPacketError);
  });

  it('passes packets flagged as damaged in transit through untouched', () => {
    const damaged = videoFrame(777_777);
    damaged[1] = damaged[1]! | 0x80;
    const { output } = retime([join([videoFrame(3000, 0), damaged])]);
    expect(output.subarray(PACKET)).toEqual(damaged);
  });
});

describe('stream shells', () => {
  // The re-timer patches its input in place: every use gets fresh bytes.
  const sourceParts = () => [mediaPart(900_000, 3, 1920), mediaPart(5_000, 2)];
  const expected = retime(sourceParts()).output;
  let parts: Uint8Array[];
  beforeEach(() => {
    parts = sourceParts();
  });

  it('createRetimeStream applies part boundaries in order with the data', async () => {
    const stream = createRetimeStream();
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    const ended = new Promise((resolve, reject) => stream.on('end', resolve).on('error', reject));
    stream.startPart('first');
    stream.write(parts[0]!.subarray(0, 500));
    stream.write(parts[0]!.subarray(500));
    stream.startPart('second');
    stream.end(parts[1]);
    await ended;
    expect(join(received)).toEqual(expected);
    expect(stream.parts.map((part) => part.name)).toEqual(['first', 'second']);
  });

  it('retimeParts joins part streams and reports their places', async () => {
    let placed: readonly { name: string; endTicks: number }[] = [];
    const output = retimeParts(
      parts.map((bytes, index) => ({ name: `part ${index}`, data: Readable.from([bytes.subarray(0, 777), bytes.subarray(777)]) })),
      (result) => (placed = result),
    );
    expect(join(await output.toArray())).toEqual(expected);
    expect(placed.map((part) => part.name)).toEqual(['part 0', 'part 1']);
  });

  it('retimeParts emits while a part is still being read (it streams)', async () => {
    const frames = 200;
    let framesProduced = 0;
    async function* slowPart(): AsyncGenerator<Uint8Array> {
      yield join(programTables());
      for (let frame = 0; frame < frames; frame += 1) {
        framesProduced += 1;
        yield join([videoFrame(frame * 3000, frame * 900_000), audioFrame(frame * 3000)]);
      }
    }
    const producedWhenFirstOut: number[] = [];
    for await (const chunk of retimeParts([{ name: 'slow', data: slowPart() }])) {
      void chunk;
      producedWhenFirstOut.push(framesProduced);
    }
    expect(producedWhenFirstOut[0]).toBeLessThan(frames);
  });

  it('retimeParts stops pulling when its reader gives up, so a part generator can clean up', async () => {
    const events: string[] = [];
    async function* partSource(): AsyncGenerator<{ name: string; data: AsyncIterable<Uint8Array> }> {
      try {
        yield {
          name: 'endless',
          data: Readable.from(
            (function* () {
              for (let frame = 0; ; frame += 1) yield videoFrame(frame * 3000, 0);
            })(),
          ),
        };
        events.push('second part pulled');
      } finally {
        events.push('parts closed');
      }
    }
    const output = retimeParts(partSource());
    for await (const chunk of output) {
      void chunk;
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['parts closed']);
    expect(output.destroyed).toBe(true);
  });

  it("retimeParts fails with the part's error and stops pulling parts", async () => {
    let partsOpened = 0;
    function* parts(): Generator<{ name: string; data: AsyncIterable<Uint8Array> }> {
      partsOpened += 1;
      yield { name: 'broken.ts', data: Readable.from([new Uint8Array(PACKET)]) };
      partsOpened += 1;
      yield { name: 'never.ts', data: Readable.from([videoFrame(0, 0)]) };
    }
    await expect(retimeParts(parts()).toArray()).rejects.toThrow(/broken.ts: byte 0 should start an MPEG-TS packet/);
    expect(partsOpened).toBe(1);
  });
});

/** Files fed as one part: startFile between them, each in chunks of 1000 bytes. */
function retimeFiles(files: Uint8Array[]): { output: Uint8Array; retimer: Retimer } {
  const retimer = new Retimer();
  const out: Uint8Array[] = [];
  retimer.startPart('run');
  for (const [index, file] of files.entries()) {
    if (index > 0) retimer.startFile(`file ${index + 1}`);
    for (let at = 0; at < file.length; at += 1000) out.push(retimer.push(file.subarray(at, at + 1000)));
  }
  out.push(retimer.endPart());
  return { output: join(out), retimer };
}

describe('Retimer: files of one part (copied segments)', () => {
  it('keeps the source steps between files whose timestamps continue, audio before the picture included', () => {
    // Each file's audio starts 1500 ticks before its picture, as in recorder segments: no re-anchoring per file.
    const { output, retimer } = retimeFiles([mediaPart(900_000, 3, 1500), mediaPart(909_000, 3, 1500)]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([1500, 4500, 7500, 10_500, 13_500, 16_500]);
    expect(ptsOf(output, AUDIO_PID)).toEqual([0, 3000, 6000, 9000, 12_000, 15_000]);
    expect(retimer.parts.map((part) => part.name)).toEqual(['run']);
  });

  it('starts a new part where a file restarts its timestamps, backwards or forwards', () => {
    const { output, retimer } = retimeFiles([mediaPart(900_000, 3), mediaPart(126_000, 2), mediaPart(50_000_000, 2)]);
    expect(ptsOf(output, VIDEO_PID)).toEqual([0, 3000, 6000, 9000, 12_000, 15_000, 18_000]);
    expect(retimer.parts.map((part) => [part.name, part.startTicks, part.endTicks])).toEqual([
      ['run', 0, 9000],
      ['file 2', 9000, 15_000],
      ['file 3', 15_000, 21_000],
    ]);
  });

  it('refuses a file that ended inside a packet, naming the part and the offset', () => {
    const retimer = new Retimer();
    retimer.startPart('run');
    retimer.push(mediaPart(900_000, 3).subarray(0, 1000));
    expect(thrown(() => retimer.startFile('file 2'))).toMatchObject({ name: 'TsTruncatedError', partName: 'run', byteOffset: 940 });
  });
});
