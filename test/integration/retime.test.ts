/**
 * The re-timer on real ffmpeg output: tiny MPEG-TS parts with unrelated timestamps (one
 * wrapping past 2^33 mid-part, one read live from ffmpeg's stdout like an edge encode)
 * joined into one file, then checked with ffprobe and ffmpeg's own decoder.
 */
import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retimeParts, type RetimePart } from '../../electron/node/export/retime';

const run = promisify(execFile);
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FFPROBE = process.env.FFPROBE_PATH ?? 'ffprobe';
const FRAME_SECONDS = 1 / 30;
/** 2^33 ticks at 90 kHz is 95443.72 s; ffmpeg adds a 1.4 s mux delay, so this wraps ~0.4 s into the part. */
const WRAPPING_OFFSET_SECONDS = 95_441.9;

interface PartSpec {
  name: string;
  durationSeconds: number;
  offsetSeconds: number;
  /** Read from a live ffmpeg's stdout instead of a file, as an edge encode is. */
  live?: boolean;
}

const PARTS: PartSpec[] = [
  { name: 'first.ts', durationSeconds: 1, offsetSeconds: 10 },
  { name: 'wrapping.ts', durationSeconds: 0.8, offsetSeconds: WRAPPING_OFFSET_SECONDS },
  { name: 'edge encode', durationSeconds: 0.5, offsetSeconds: 3000, live: true },
  { name: 'earlier.ts', durationSeconds: 1.2, offsetSeconds: 0 },
];

/** Tiny test video as a fast cut's edge encode makes it: H.264 without B-frames, AAC, MPEG-TS. */
function encodeArgs(spec: { durationSeconds: number; offsetSeconds: number }, videoArgs: string[], output: string): string[] {
  return [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc=size=160x90:rate=30:duration=${spec.durationSeconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${spec.durationSeconds}`,
    ...videoArgs,
    '-g',
    '15',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-output_ts_offset',
    String(spec.offsetSeconds),
    '-f',
    'mpegts',
    output,
  ];
}

const NO_B_FRAMES = ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0'];

interface Packet {
  streamIndex: number;
  ptsSeconds: number;
  durationSeconds: number;
}

async function probePackets(file: string): Promise<Packet[]> {
  const { stdout } = await run(FFPROBE, ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,duration_time', '-of', 'json', file]);
  const parsed = JSON.parse(stdout) as { packets: { stream_index: number; pts_time: string; duration_time: string }[] };
  return parsed.packets.map((packet) => ({
    streamIndex: packet.stream_index,
    ptsSeconds: Number(packet.pts_time),
    durationSeconds: Number(packet.duration_time),
  }));
}

const VIDEO = 0;
const AUDIO = 1;

function ptsOfStream(packets: Packet[], streamIndex: number): number[] {
  return packets.filter((packet) => packet.streamIndex === streamIndex).map((packet) => packet.ptsSeconds);
}

function startSeconds(packets: Packet[]): number {
  return Math.min(...packets.map((packet) => packet.ptsSeconds));
}

/** Where a part's video ends: the re-timer starts the next part there. */
function videoEndSeconds(packets: Packet[]): number {
  return Math.max(...packets.filter((packet) => packet.streamIndex === VIDEO).map((packet) => packet.ptsSeconds + packet.durationSeconds));
}

/** A part's length on the output timeline: from its earliest packet to the end of its last video frame. */
function spanSeconds(packets: Packet[]): number {
  return videoEndSeconds(packets) - startSeconds(packets);
}

let workDir: string;
const partPackets: Packet[][] = [];
let outputPackets: Packet[];
let outputFile: string;

function partFile(spec: PartSpec): string {
  return path.join(workDir, spec.name.replace(/ /g, '-') + (spec.name.endsWith('.ts') ? '' : '.ts'));
}

/** The parts as the export job would give them: files read lazily, the edge encode spawned only when its turn comes. */
function* partSources(): Generator<RetimePart> {
  for (const spec of PARTS) {
    if (!spec.live) {
      yield { name: spec.name, data: createReadStream(partFile(spec), { highWaterMark: 4096 }) };
      continue;
    }
    const ffmpeg = spawn(FFMPEG, encodeArgs(spec, NO_B_FRAMES, 'pipe:1'), { stdio: ['ignore', 'pipe', 'inherit'] });
    yield { name: spec.name, data: ffmpeg.stdout };
  }
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'trimdesk-retime-'));
  // Every part, the live one too, is also written to a file: ffprobe measures each alone.
  for (const spec of PARTS) await run(FFMPEG, encodeArgs(spec, NO_B_FRAMES, partFile(spec)));
  for (const spec of PARTS) partPackets.push(await probePackets(partFile(spec)));
  outputFile = path.join(workDir, 'smart.ts');
  await pipeline(retimeParts(partSources()), createWriteStream(outputFile));
  outputPackets = await probePackets(outputFile);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('smart cut re-timing of real ffmpeg parts', () => {
  it('starts at 0, video within one frame of it', () => {
    expect(startSeconds(outputPackets)).toBeCloseTo(0, 6);
    expect(ptsOfStream(outputPackets, VIDEO)[0]).toBeLessThan(FRAME_SECONDS);
  });

  it('keeps every picture, and timestamps strictly increase per stream across part boundaries', () => {
    const pictures = ptsOfStream(outputPackets, VIDEO);
    expect(pictures.length).toBe(partPackets.reduce((total, packets) => total + ptsOfStream(packets, VIDEO).length, 0));
    for (const stream of [VIDEO, AUDIO]) {
      const pts = ptsOfStream(outputPackets, stream);
      const steps = pts.slice(1).map((value, index) => value - pts[index]!);
      expect(Math.min(...steps)).toBeGreaterThan(0);
    }
  });

  it("lasts its parts' pictures end to end (plus the first part's sound before its picture) within one frame", () => {
    const firstPicture = (packets: Packet[]) => Math.min(...ptsOfStream(packets, VIDEO));
    const picturesSeconds = partPackets.reduce((total, packets) => total + videoEndSeconds(packets) - firstPicture(packets), 0);
    const headSeconds = firstPicture(partPackets[0]!) - startSeconds(partPackets[0]!);
    expect(Math.abs(spanSeconds(outputPackets) - picturesSeconds - headSeconds)).toBeLessThan(FRAME_SECONDS);
  });

  it("places each part's first picture where the previous part's pictures end, its sound with it (A/V sync kept), less the frames that would sound under the previous part's", () => {
    // These parts are whole encodes: each one's sound runs to (or past) its last picture
    // and starts an AAC priming frame before its first, which is dropped where it would
    // overlap; what is left of the sound moves by under half a frame onto the previous end.
    const audioFrameSeconds = 1024 / 48_000;
    const firstPicture = (packets: Packet[]) => Math.min(...ptsOfStream(packets, VIDEO));
    const leadSeconds = firstPicture(partPackets[0]!) - startSeconds(partPackets[0]!);
    let startAt = 0;
    const expectedVideo: number[] = [];
    const expectedSound: number[] = [];
    for (const packets of partPackets) {
      expectedVideo.push(...ptsOfStream(packets, VIDEO).map((pts) => leadSeconds + startAt + pts - firstPicture(packets)));
      expectedSound.push(...ptsOfStream(packets, AUDIO).map((pts) => leadSeconds + startAt + pts - firstPicture(packets)));
      startAt += videoEndSeconds(packets) - firstPicture(packets);
    }
    const video = ptsOfStream(outputPackets, VIDEO);
    expect(Math.max(...video.map((pts, index) => Math.abs(pts - expectedVideo[index]!)))).toBeLessThan(0.0001);
    const offSync = ptsOfStream(outputPackets, AUDIO).filter(
      (pts) => !expectedSound.some((expected) => Math.abs(pts - expected) <= audioFrameSeconds / 2 + 0.0001),
    );
    expect(offSync).toEqual([]);
    const audio = outputPackets.filter((packet) => packet.streamIndex === AUDIO);
    const overlaps = audio.slice(1).filter((packet, index) => packet.ptsSeconds < audio[index]!.ptsSeconds + audio[index]!.durationSeconds - 0.0001);
    expect(overlaps).toEqual([]);
  });

  it('decodes without a single ffmpeg error or warning', async () => {
    const { stdout, stderr } = await run(FFMPEG, ['-v', 'error', '-i', outputFile, '-f', 'null', '-']);
    expect(stdout + stderr).toBe('');
  });
});

describe('footage with B-frames (DTS before PTS)', () => {
  const B_FRAMES = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '3'];
  let joined: string;
  let frames: { pts: number; dts: number }[];
  let sourceFrames = 0;

  beforeAll(async () => {
    // Copied B-frame footage, an edge encoded without B-frames, B-frame footage again.
    // Video only: AAC priming would move each part's start before its first picture.
    const specs = [
      { file: 'b-first.ts', args: B_FRAMES, seconds: 1, offsetSeconds: 500 },
      { file: 'edge-no-b.ts', args: NO_B_FRAMES, seconds: 0.5, offsetSeconds: 0 },
      { file: 'b-second.ts', args: B_FRAMES, seconds: 1, offsetSeconds: 90 },
    ];
    for (const { file, args, seconds, offsetSeconds } of specs) {
      const source = ['-f', 'lavfi', '-i', `testsrc=size=160x90:rate=30:duration=${seconds}`];
      await run(FFMPEG, [
        '-v',
        'error',
        '-y',
        ...source,
        ...args,
        '-g',
        '15',
        '-output_ts_offset',
        String(offsetSeconds),
        '-f',
        'mpegts',
        path.join(workDir, file),
      ]);
    }
    joined = path.join(workDir, 'joined-b.ts');
    await pipeline(retimeParts(specs.map(({ file }) => ({ name: file, data: createReadStream(path.join(workDir, file)) }))), createWriteStream(joined));
    const { stdout } = await run(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,dts', '-of', 'json', joined]);
    frames = (JSON.parse(stdout) as { packets: { pts: number; dts: number }[] }).packets;
    sourceFrames = Math.round(2.5 * 30);
  });

  it('keeps every frame, decode times strictly increasing from 0 and never after the picture', () => {
    expect(frames.length).toBe(sourceFrames);
    expect(frames[0]!.dts).toBe(0);
    for (let index = 1; index < frames.length; index++) expect(frames[index]!.dts).toBeGreaterThan(frames[index - 1]!.dts);
    for (const frame of frames) expect(frame.dts).toBeLessThanOrEqual(frame.pts);
  });

  it('shows one picture per frame interval, none twice and none missing, from the reorder delay on', () => {
    const shown = frames.map((frame) => frame.pts).sort((a, b) => a - b);
    expect(shown[0]).toBe(6000);
    expect(shown.slice(1).map((pts, index) => pts - shown[index]!)).toEqual(new Array(shown.length - 1).fill(3000));
  });

  it('decodes without a single ffmpeg error', async () => {
    const { stdout, stderr } = await run(FFMPEG, ['-v', 'error', '-i', joined, '-f', 'null', '-']);
    expect(stdout + stderr).toBe('');
  });
});
