/**
 * Smart cuts frame by frame across every kind of join, on the demo's footage with
 * B-frames (360p-bframes: each segment's sound starts ~58 ms before its first picture)
 * and without (source: the picture starts first). One export of four ranges meets
 * edge->copy and copy->edge inside a range, and edge->copy, edge->edge and copy->edge at
 * the hard cuts between ranges. Each output frame must be the expected source frame (the
 * frames on both sides of every join compared with their source neighbours), one
 * picture per frame interval (none held or missing), decoding clean with increasing DTS;
 * the sound continuous (no gap, no overlap) across every join, and in sync: every copied
 * AAC frame (found in the source by its bytes) is moved as far as the pictures of its
 * range, or within half a frame of that after a hard cut.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { prepareExport } from '../../electron/node/export/prepare';
import { ExportQueue } from '../../electron/node/export/queue';
import { HARD_CUT } from '../../shared/edit';
import { pictureDistance, grayFrames } from '../fixtures/picture';
import { decodeErrors, findFootage, type Footage } from './export-media';

const exec = promisify(execFile);
const queue = new ExportQueue();
const WIDTH = 96;
const HEIGHT = 54;
const FRAME_TICKS = 3_000;
let outDir: string;

interface Packet {
  stream: 'video' | 'audio';
  pts: number;
  dts: number;
  duration: number;
  hash: string;
}

async function packetsOf(file: string): Promise<Packet[]> {
  const { stdout } = await exec(
    'ffprobe',
    ['-v', 'error', '-show_data_hash', 'CRC32', '-show_entries', 'stream=index,codec_type:packet=stream_index,pts,dts,duration,data_hash', '-of', 'json', file],
    { maxBuffer: 64 << 20 },
  );
  const parsed = JSON.parse(stdout) as {
    streams: { index: number; codec_type: string }[];
    packets: { stream_index: number; pts: number; dts: number; duration: number; data_hash: string }[];
  };
  const types = new Map(parsed.streams.map((stream) => [stream.index, stream.codec_type]));
  return parsed.packets.map((packet) => ({
    stream: types.get(packet.stream_index) === 'video' ? 'video' : 'audio',
    pts: packet.pts,
    dts: packet.dts,
    duration: packet.duration,
    hash: packet.data_hash,
  }));
}

/** One source frame: its instant (segment start + PTS offset), its PTS and picture. */
interface SourceFrame {
  instantUs: number;
  pts: number;
  segment: number;
  picture: Buffer;
}

interface Source {
  frames: SourceFrame[];
  /** Source audio PTS by packet bytes (CRC32). */
  audioByHash: Map<string, number[]>;
}

async function loadSource(footage: Footage, segmentCount: number): Promise<Source> {
  const frames: SourceFrame[] = [];
  const audioByHash = new Map<string, number[]>();
  for (const [segmentIndex, segment] of footage.segments.slice(0, segmentCount).entries()) {
    const file = footage.pathOf(segment);
    const packets = await packetsOf(file);
    const pts = packets
      .filter((packet) => packet.stream === 'video')
      .map((packet) => packet.pts)
      .sort((a, b) => a - b);
    const pictures = await grayFrames(file, WIDTH, HEIGHT);
    expect(pictures.length).toBe(pts.length);
    for (const [index, value] of pts.entries()) {
      frames.push({ instantUs: segment.startUs + Math.round(((value - pts[0]!) * 100) / 9), pts: value, segment: segmentIndex, picture: pictures[index]! });
    }
    for (const packet of packets.filter((packet) => packet.stream === 'audio')) {
      audioByHash.set(packet.hash, [...(audioByHash.get(packet.hash) ?? []), packet.pts]);
    }
  }
  return { frames, audioByHash };
}

/** Index of the frame on screen at an instant: the last starting at or before it. */
const showingAt = (frames: SourceFrame[], instantUs: number) => frames.findLastIndex((frame) => frame.instantUs <= instantUs);

/** The output picture looks like source frame `expected` more than like either neighbour. */
function expectPicture(picture: Buffer, frames: SourceFrame[], expected: number, where: string): void {
  const distances = [expected - 1, expected, expected + 1].map((index) => (frames[index] ? pictureDistance(picture, frames[index]!.picture) : Infinity));
  expect(distances[1]!, `${where}: distances to source frames ${expected - 1}..${expected + 1}: ${distances.join(', ')}`).toBeLessThan(
    Math.min(distances[0]!, distances[2]!),
  );
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-joins-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe.each(['360p-bframes', 'source'])('smart cut of the demo %s quality', (quality) => {
  let footage: Footage;
  let source: Source;
  let output: string;
  /** Per range: the indices (into source.frames) of its first and last frame. */
  let expected: { first: number; last: number }[];

  beforeAll(async () => {
    footage = await findFootage(inject('demoArchive'), quality);
    source = await loadSource(footage, 12);
    const { frames } = source;
    const segmentStart = (index: number) => footage.segments[index]!.startUs;
    const frameNear = (instantUs: number) => frames[showingAt(frames, instantUs)]!.instantUs;
    const t0 = segmentStart(0);
    const ranges = [
      // edge -> copy -> edge
      { startUs: frameNear(t0 + 2_500_000), endUs: frameNear(t0 + 7_300_000) },
      // hard cut edge -> copy (a range starting on a segment's first frame), then copy -> edge
      { startUs: segmentStart(5), endUs: frameNear(t0 + 13_500_000) },
      // hard cut edge -> edge; the range ends on a segment's end (copied to its end)
      { startUs: frameNear(t0 + 16_400_000), endUs: segmentStart(11) },
      // hard cut copy -> edge, both ends inside one segment
      { startUs: frameNear(t0 + 22_300_000), endUs: frameNear(t0 + 23_500_000) },
    ];
    expected = ranges.map((range) => ({ first: showingAt(source.frames, range.startUs), last: showingAt(source.frames, range.endUs - 1) }));
    output = path.join(outDir, `${quality}.ts`);
    const prepared = await prepareExport(footage.archive, {
      channel: footage.channel,
      quality,
      edit: { ranges, transitions: ranges.slice(1).map(() => HARD_CUT) },
      cutType: 'smart',
      format: 'ts',
      allowHoles: false,
      outputPath: output,
      overwrite: false,
    });
    const job = await queue.settled(queue.add(prepared).id);
    expect(job.error).toBeNull();
  });

  it('shows every expected frame once, on both sides of every join, decoding clean', async () => {
    const { frames } = source;
    const pictures = await grayFrames(output, WIDTH, HEIGHT);
    const want = expected.flatMap(({ first, last }) => Array.from({ length: last - first + 1 }, (_, index) => first + index));
    expect(pictures.length).toBe(want.length);
    // The frames on both sides of each segment boundary and each range boundary.
    want.forEach((sourceIndex, outputIndex) => {
      const previous = want[outputIndex - 1];
      const next = want[outputIndex + 1];
      const atJoin =
        previous === undefined ||
        next === undefined ||
        previous !== sourceIndex - 1 ||
        next !== sourceIndex + 1 ||
        frames[previous]!.segment !== frames[sourceIndex]!.segment ||
        frames[next]!.segment !== frames[sourceIndex]!.segment;
      if (atJoin) expectPicture(pictures[outputIndex]!, frames, sourceIndex, `output frame ${outputIndex}`);
    });
    expect(await decodeErrors(output)).toBe('');
  });

  it('has one picture per frame interval, DTS increasing', async () => {
    const video = (await packetsOf(output)).filter((packet) => packet.stream === 'video');
    for (let index = 1; index < video.length; index++) expect(video[index]!.dts).toBeGreaterThan(video[index - 1]!.dts);
    const shown = video.map((packet) => packet.pts).sort((a, b) => a - b);
    const steps = shown.slice(1).map((pts, index) => ({ atFrame: index + 1, ticks: pts - shown[index]! }));
    expect(steps.filter((step) => step.ticks !== FRAME_TICKS)).toEqual([]);
  });

  it('keeps the sound continuous across every join and in sync with the pictures', async () => {
    const packets = await packetsOf(output);
    const video = packets.filter((packet) => packet.stream === 'video');
    const audio = packets.filter((packet) => packet.stream === 'audio');
    const firstShown = Math.min(...video.map((packet) => packet.pts));
    // Where each range starts on the output timeline, and how far its pictures moved from the source.
    let framesBefore = 0;
    const rangesOut = expected.map(({ first, last }) => {
      const startPts = firstShown + framesBefore * FRAME_TICKS;
      framesBefore += last - first + 1;
      return { startPts, offset: startPts - source.frames[first]!.pts };
    });
    const problems: string[] = [];
    for (let index = 1; index < audio.length; index++) {
      const step = audio[index]!.pts - audio[index - 1]!.pts;
      if (step !== audio[index - 1]!.duration)
        problems.push(`audio packet ${index} (pts ${audio[index]!.pts}): step ${step}, frame ${audio[index - 1]!.duration}`);
    }
    expect(problems, 'a gap or an overlap in the sound').toEqual([]);
    // Sync: each AAC frame copied from the source sits where its range's pictures put it,
    // moved by less than half a frame where a hard cut joined the sound of two ranges.
    const frameTicks = audio[0]!.duration;
    let inSync = 0;
    for (const packet of audio) {
      const candidates = source.audioByHash.get(packet.hash) ?? [];
      const moves = rangesOut.flatMap((range) => candidates.map((pts) => packet.pts - range.offset - pts));
      if (moves.some((moveTicks) => Math.abs(moveTicks) <= frameTicks / 2)) inSync++;
    }
    expect(inSync, `${inSync} of ${audio.length} audio frames are source frames moved with their range's pictures`).toBeGreaterThanOrEqual(
      Math.floor(audio.length * 0.9),
    );
    // The sound lasts as long as the pictures, within the recording's audio lead (~60 ms).
    const audioEnd = audio.at(-1)!.pts + audio.at(-1)!.duration;
    expect(Math.abs(audioEnd - audio[0]!.pts - framesBefore * FRAME_TICKS)).toBeLessThan(9_000);
  });

  it('joins a transition to the copied footage on both sides with one picture per frame interval and the sound continuous', async () => {
    const { frames } = source;
    const t0 = footage.segments[0]!.startUs;
    const frameNear = (instantUs: number) => frames[showingAt(frames, instantUs)]!.instantUs;
    // Each range: edge, copied segment, and the transition's footage at the cut between them.
    const ranges = [
      { startUs: frameNear(t0 + 2_500_000), endUs: frameNear(t0 + 8_000_000) },
      { startUs: frameNear(t0 + 11_500_000), endUs: frameNear(t0 + 16_500_000) },
    ];
    const file = path.join(outDir, `${quality}-fade.ts`);
    const prepared = await prepareExport(footage.archive, {
      channel: footage.channel,
      quality,
      edit: { ranges, transitions: [{ kind: 'named', name: 'fade', durationUs: 1_000_000 }] },
      cutType: 'smart',
      format: 'ts',
      allowHoles: false,
      outputPath: file,
      overwrite: false,
    });
    const job = await queue.settled(queue.add(prepared).id);
    expect(job.error).toBeNull();
    const packets = await packetsOf(file);
    const shown = packets
      .filter((packet) => packet.stream === 'video')
      .map((packet) => packet.pts)
      .sort((a, b) => a - b);
    const rangeFrames = ranges.map((range) => showingAt(frames, range.endUs - 1) - showingAt(frames, range.startUs) + 1);
    expect(shown.length).toBe(rangeFrames[0]! + rangeFrames[1]! - 30);
    const steps = shown.slice(1).map((pts, index) => ({ atFrame: index + 1, ticks: pts - shown[index]! }));
    expect(steps.filter((step) => step.ticks !== FRAME_TICKS)).toEqual([]);
    const audio = packets.filter((packet) => packet.stream === 'audio');
    const gaps = audio
      .slice(1)
      .flatMap((packet, index) => (packet.pts - audio[index]!.pts === audio[index]!.duration ? [] : [`audio packet ${index + 1} at ${packet.pts}`]));
    expect(gaps).toEqual([]);
    expect(await decodeErrors(file)).toBe('');
  });
});
