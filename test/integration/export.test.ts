/**
 * Every cut type and container, multi-range edits with hard cuts and transitions, and
 * holes: real ffmpeg on the demo archive, outputs measured with ffprobe.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CutType, OutputFormat } from '../../shared/cutplan';
import { HARD_CUT, type Transition } from '../../shared/edit';
import { HoleError } from '../../shared/select';
import { prepareExport, type ExportRequest } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import { readPacketLayout } from '../../shared/retime/packet';
import {
  decodeErrors,
  filesIn,
  findFootage,
  frameRate,
  probeMedia,
  holedCopy,
  thumbnailAt,
  thumbnailDistance,
  videoSeconds,
  type Footage,
} from './export-media';

const S = 1_000_000;
let footage: Footage;
let outDir: string;
let fps: number;
const queue = new ExportQueue();

beforeAll(async () => {
  footage = await findFootage(inject('demoArchive'));
  expect(footage.segments.length).toBeGreaterThanOrEqual(13);
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-export-'));
  fps = await frameRate(footage.pathOf(footage.segments[0]!));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** An instant `seconds` after the start of the footage. */
const at = (seconds: number) => footage.segments[0]!.startUs + Math.round(seconds * S);
const span = (from: number, to: number) => ({ startUs: at(from), endUs: at(to) });
const named = (name: string, seconds: number): Transition => ({ kind: 'named', name, durationUs: seconds * S });

interface Cut {
  ranges: [number, number][];
  transitions?: Transition[];
  cutType: CutType;
  format: OutputFormat;
  allowHoles?: boolean;
}

function request(cut: Cut, outputPath: string, source: Footage = footage): ExportRequest {
  return {
    channel: source.channel,
    quality: source.quality,
    edit: { ranges: cut.ranges.map(([from, to]) => span(from, to)), transitions: cut.transitions ?? cut.ranges.slice(1).map(() => HARD_CUT) },
    cutType: cut.cutType,
    format: cut.format,
    allowHoles: cut.allowHoles ?? false,
    outputPath,
    overwrite: false,
  };
}

async function runExport(cut: Cut, name: string, source: Footage = footage) {
  const prepared = await prepareExport(source.archive, request(cut, path.join(outDir, name), source));
  const job = await queue.settled(queue.add(prepared).id);
  expect(job.error).toBeNull();
  expect(job.state).toBe('done');
  expect(job.progress).toBe(1);
  return { job, plan: prepared.plan };
}

const SINGLE: [number, number][] = [[1.3, 7.8]];
const SINGLE_SECONDS = 6.5;

describe.each([
  ['fast', 'ts'],
  ['smart', 'ts'],
  ['smart', 'mp4'],
  ['smart', 'mkv'],
  ['fast', 'mkv'],
  ['full', 'ts'],
  ['full', 'mp4'],
  ['full', 'webm'],
  ['full', 'mkv'],
] as [CutType, OutputFormat][])('%s cut to %s', (cutType, format) => {
  it('lasts the requested time within one frame, with audio and video of equal length, decoding cleanly', async () => {
    const { job } = await runExport({ ranges: SINGLE, cutType, format }, `single-${cutType}.${format}`);
    const file = job.outputs[0]!;
    const info = await probeMedia(file, fps);
    expect(Math.abs(videoSeconds(info) - SINGLE_SECONDS)).toBeLessThanOrEqual(1 / info.fps + 1e-6);
    expect(Math.abs(info.video.totalSeconds - info.audio.totalSeconds)).toBeLessThanOrEqual(0.05);
    expect(await decodeErrors(file)).toBe('');
    expect(info.codecs.video).toBe(format === 'webm' ? 'vp9' : 'h264');
    if (cutType === 'smart') {
      expect(Math.min(info.video.firstSeconds, info.audio.firstSeconds)).toBeLessThanOrEqual(0.05);
      expect(info.video.monotonic && info.audio.monotonic).toBe(true);
      expect(Math.abs(info.video.endSeconds - info.audio.endSeconds)).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('rough cut', () => {
  it('joins whole segments: covers the range and overruns it by at most one segment at each end', async () => {
    const { job } = await runExport({ ranges: SINGLE, cutType: 'rough', format: 'ts' }, 'rough.ts');
    const file = job.outputs[0]!;
    const info = await probeMedia(file, fps);
    const segmentSeconds = footage.segments[0]!.durationUs / S;
    expect(videoSeconds(info)).toBeGreaterThanOrEqual(SINGLE_SECONDS);
    expect(videoSeconds(info)).toBeLessThanOrEqual(SINGLE_SECONDS + 2 * segmentSeconds + 1e-6);
    expect(await decodeErrors(file)).toBe('');
    // Byte for byte the selected segment files, concatenated, but for their clocks (re-timed from 0).
    const expected = Buffer.concat(await Promise.all(footage.segments.slice(0, 4).map((segment) => readFile(footage.pathOf(segment)))));
    const output = await readFile(file);
    expect(output.length).toBe(expected.length);
    expect(withoutClocks(output).equals(withoutClocks(expected))).toBe(true);
    expect(output.equals(expected)).toBe(false);
  });
});

/** MPEG-TS bytes with every PCR, PTS and DTS field zeroed: what a re-timer may not change. */
function withoutClocks(bytes: Buffer): Buffer {
  const masked = Buffer.from(bytes);
  for (let at = 0; at + 188 <= masked.length; at += 188) {
    const layout = readPacketLayout(masked, at);
    if ('malformed' in layout) throw new Error(`Malformed packet at byte ${at}: ${layout.malformed}`);
    if (layout.pcrAt !== null) masked.fill(0, layout.pcrAt, layout.pcrAt + 6);
    if (layout.ptsAt !== null) masked.fill(0, layout.ptsAt, layout.ptsAt + 5);
    if (layout.dtsAt !== null) masked.fill(0, layout.dtsAt, layout.dtsAt + 5);
  }
  return masked;
}

describe('archive cut', () => {
  it('stream-copies each contiguous run into its own numbered MKV', async () => {
    const { job } = await runExport(
      {
        ranges: [
          [1.3, 7.8],
          [10.5, 12.5],
        ],
        cutType: 'archive',
        format: 'mkv',
      },
      'archive.mkv',
    );
    expect(job.outputs.map((file) => path.basename(file))).toEqual(['archive-1.mkv', 'archive-2.mkv']);
    const first = await probeMedia(job.outputs[0]!, fps);
    expect(videoSeconds(first)).toBeCloseTo(8, 1);
    expect(await decodeErrors(job.outputs[1]!)).toBe('');
  });
});

describe('multi-range edits', () => {
  // Not chronological, as users arrange them.
  const ranges: [number, number][] = [
    [1.3, 6],
    [12.5, 17],
    [8, 11.4],
    [19, 24],
  ];
  const rangeSeconds = 4.7 + 4.5 + 3.4 + 5;

  it.each(['smart', 'full'] as CutType[])('%s: hard cuts add up to the sum of the ranges', async (cutType) => {
    const { job } = await runExport({ ranges, cutType, format: 'ts' }, `hard-${cutType}.ts`);
    const info = await probeMedia(job.outputs[0]!, fps);
    expect(Math.abs(videoSeconds(info) - rangeSeconds)).toBeLessThanOrEqual(1 / info.fps + 1e-6);
    expect(await decodeErrors(job.outputs[0]!)).toBe('');
  });

  const transitions = [named('fade', 1), named('wipeleft', 0.8), named('dissolve', 0.6)];

  it.each(['smart', 'full'] as CutType[])('%s: transitions shorten the output by their durations and land where planned', async (cutType) => {
    const { job, plan } = await runExport({ ranges, transitions, cutType, format: 'ts' }, `transitions-${cutType}.ts`);
    const file = job.outputs[0]!;
    const info = await probeMedia(file, fps);
    expect(Math.abs(videoSeconds(info) - (rangeSeconds - 2.4))).toBeLessThanOrEqual(1 / info.fps + 1e-6);
    expect(await decodeErrors(file)).toBe('');
    expect(plan.transitionStartsUs.map((us) => us / S)).toEqual([3.7, 7.4, 10.2]);
    // Around the second and third transitions the output shows the footage the plan says.
    for (const index of [1, 2]) {
      const startSeconds = plan.transitionStartsUs[index]! / S;
      const durationSeconds = (transitions[index] as { durationUs: number }).durationUs / S;
      const before = await thumbnailAt([file], startSeconds - 0.3);
      const after = await thumbnailAt([file], startSeconds + durationSeconds + 0.3);
      const sourceBefore = await sourceThumbnail(ranges[index]![1] - durationSeconds - 0.3);
      const sourceAfter = await sourceThumbnail(ranges[index + 1]![0] + durationSeconds + 0.3);
      expect(thumbnailDistance(before, sourceBefore)).toBeLessThan(thumbnailDistance(before, sourceAfter));
      expect(thumbnailDistance(after, sourceAfter)).toBeLessThan(thumbnailDistance(after, sourceBefore));
      expect(thumbnailDistance(before, sourceBefore)).toBeLessThan(6);
      expect(thumbnailDistance(after, sourceAfter)).toBeLessThan(6);
    }
  });
});

/** The source frame `seconds` after the start of the footage. */
async function sourceThumbnail(seconds: number): Promise<Buffer> {
  const instant = at(seconds);
  const index = footage.segments.findIndex((segment) => segment.startUs <= instant && instant < segment.endUs);
  const segment = footage.segments[index]!;
  return thumbnailAt([footage.pathOf(segment)], (instant - segment.startUs) / S);
}

describe('holes', () => {
  let holed: Footage;
  beforeAll(async () => {
    holed = await holedCopy(footage, 12, 5);
  });
  afterAll(async () => {
    await rm(holed.root, { recursive: true, force: true });
  });

  it('refuses a range with a hole by default, naming the hole', async () => {
    const missing = holed.segments[5]!;
    const attempt = prepareExport(holed.archive, request({ ranges: [[1.3, 20]], cutType: 'smart', format: 'ts' }, path.join(outDir, 'holed.ts'), holed));
    await expect(attempt).rejects.toBeInstanceOf(HoleError);
    await expect(attempt).rejects.toMatchObject({ holeStartUs: missing.startUs, holeEndUs: missing.endUs });
    expect(await filesIn(outDir)).not.toContain('holed.ts');
  });

  it('skips the missing time with allow holes', async () => {
    const missingSeconds = holed.segments[5]!.durationUs / S;
    const { job } = await runExport({ ranges: [[1.3, 20]], cutType: 'smart', format: 'ts', allowHoles: true }, 'holed.ts', holed);
    const info = await probeMedia(job.outputs[0]!, fps);
    expect(Math.abs(videoSeconds(info) - (18.7 - missingSeconds))).toBeLessThanOrEqual(1 / info.fps + 1e-6);
    expect(await decodeErrors(job.outputs[0]!)).toBe('');
  });
});
