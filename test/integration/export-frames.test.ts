/**
 * Exact to the frame: every re-encoding cut type, on footage with B-frames (x264 -bf 3,
 * audio starting before video in each segment, as recorders write it) and on the demo
 * footage (no B-frames). A range's first frame is the frame on screen at its start, its
 * last the one on screen just before its end; ranges start and end exactly on frame
 * starts and a microsecond either side. Outputs are measured with real ffprobe/ffmpeg,
 * and pictures compared with the source frames around the expected ones.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CutType } from '../../shared/cutplan';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import { grayFrame, pictureDistance } from '../fixtures/picture';
import { decodeErrors, encodedArchive, findFootage, type Footage } from './export-media';

const exec = promisify(execFile);
const B_FRAMES_3 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '3', '-g', '60', '-sc_threshold', '0', '-c:a', 'aac'];
const queue = new ExportQueue();
let outDir: string;
let bFramesRoot: string;

/** One source frame: where it is and when it starts (segment start + its PTS offset, to the microsecond). */
interface SourceFrame {
  instantUs: number;
  path: string;
  indexInSegment: number;
}

async function packetTimes(file: string): Promise<{ pts: number; dts: number }[]> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,dts', '-of', 'json', file], {
    maxBuffer: 64 << 20,
  });
  return (JSON.parse(stdout) as { packets: { pts: number; dts: number }[] }).packets;
}

/** Every frame of the footage in display order, timed as the archive format says. */
async function sourceFrames(footage: Footage): Promise<SourceFrame[]> {
  const frames: SourceFrame[] = [];
  for (const segment of footage.segments) {
    const pts = (await packetTimes(footage.pathOf(segment))).map((packet) => packet.pts).sort((a, b) => a - b);
    for (const [index, value] of pts.entries()) {
      frames.push({ instantUs: segment.startUs + Math.round(((value - pts[0]!) * 100) / 9), path: footage.pathOf(segment), indexInSegment: index });
    }
  }
  return frames;
}

/** The index (into `frames`) of the frame on screen at an instant: the last starting at or before it. */
function showingAt(frames: SourceFrame[], instantUs: number): number {
  return frames.findLastIndex((frame) => frame.instantUs <= instantUs);
}

const nthFrame = (file: string, index: number) => grayFrame(['-i', file], `select='eq(n\\,${index})',scale=192:108`);

async function countFrames(file: string): Promise<number> {
  const { stdout } = await exec('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'csv=p=0',
    file,
  ]);
  return Number(stdout.trim().split('\n')[0]);
}

/** The output frame looks like source frame `expected` more than like either neighbour. */
async function expectPicture(output: Buffer, frames: SourceFrame[], expected: number): Promise<void> {
  const distances = await Promise.all(
    [expected - 1, expected, expected + 1].map(async (index) => pictureDistance(output, await nthFrame(frames[index]!.path, frames[index]!.indexInSegment))),
  );
  expect(distances[1]!, `distances to source frames ${expected - 1}..${expected + 1}: ${distances.join(', ')}`).toBeLessThan(
    Math.min(distances[0]!, distances[2]!),
  );
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-frames-'));
  bFramesRoot = await encodedArchive('bframes', 8, B_FRAMES_3, '320x180');
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
  await rm(bFramesRoot, { recursive: true, force: true });
});

const SOURCES: [string, () => Promise<Footage>][] = [
  ['footage with B-frames', () => findFootage(bFramesRoot)],
  ['demo footage with B-frames (360p-bframes)', () => findFootage(inject('demoArchive'), '360p-bframes')],
  ['demo footage (no B-frames)', () => findFootage(inject('demoArchive'), '360p')],
];
/** Instants of the range ends, as offsets from the nearest frame start: on it, a microsecond after, a microsecond before. */
const NUDGES_US = [0, 1, -1];
const CUT_TYPES: CutType[] = ['smart', 'fast', 'full'];

describe.each(SOURCES)('%s', (_name, load) => {
  let footage: Footage;
  let frames: SourceFrame[];
  beforeAll(async () => {
    footage = await load();
    frames = await sourceFrames(footage);
  });

  describe.each(CUT_TYPES)('%s cut', (cutType) => {
    it.each(NUDGES_US)(
      'ranges on frame starts moved by %i us begin with the frame on screen at the start and end with the one before the end',
      async (nudgeUs) => {
        const t0 = footage.segments[0]!.startUs;
        // Starts in the third segment, ends in the seventh: edges and copied footage between them.
        const startUs = frames[showingAt(frames, t0 + 5_100_000)]!.instantUs + nudgeUs;
        const endUs = frames[showingAt(frames, t0 + 12_300_000)]!.instantUs + nudgeUs;
        const first = showingAt(frames, startUs);
        const last = showingAt(frames, endUs - 1);
        const output = path.join(outDir, `${footage.quality}-${cutType}-${nudgeUs}.ts`);
        const prepared = await prepareExport(footage.archive, {
          channel: footage.channel,
          quality: footage.quality,
          edit: { ranges: [{ startUs, endUs }], transitions: [] },
          cutType,
          format: 'ts',
          allowHoles: false,
          outputPath: output,
          overwrite: false,
        });
        const job = await queue.settled(queue.add(prepared).id);
        expect(job.error).toBeNull();
        const count = await countFrames(output);
        expect(count).toBe(last - first + 1);
        await expectPicture(await nthFrame(output, 0), frames, first);
        await expectPicture(await nthFrame(output, count - 1), frames, last);
        expect(await decodeErrors(output)).toBe('');
        const packets = await packetTimes(output);
        for (let index = 1; index < packets.length; index++) expect(packets[index]!.dts).toBeGreaterThan(packets[index - 1]!.dts);
        // One picture per frame interval: none held at a join.
        const shown = packets.map((packet) => packet.pts).sort((a, b) => a - b);
        const frameTicks = Math.round(90_000 / 30);
        expect(new Set(shown.slice(1).map((pts, index) => pts - shown[index]!))).toEqual(new Set([frameTicks]));
      },
    );
  });
});
