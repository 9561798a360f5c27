/**
 * What the export tests measure on real output files, with real ffprobe/ffmpeg: stream
 * timings from packet timestamps, clean decoding, a grey thumbnail of a frame; and where
 * the demo archive has continuous footage.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Archive } from '../../electron/node/archive/archive';
import type { SegmentInfo } from '../../shared/segment';
import { US_PER_HOUR, US_PER_SECOND, parseHour } from '../../shared/time';
import { segmentName } from '../../electron/node/demo/naming';

const exec = promisify(execFile);

export interface StreamTiming {
  packets: number;
  firstSeconds: number;
  /** Last packet's timestamp plus its duration. */
  endSeconds: number;
  /**
   * The stream's length from its packets, even where timestamps restart (fast cuts) or a
   * container rounds them to milliseconds: frames / fps for video, samples for AAC,
   * else the sum of packet durations.
   */
  totalSeconds: number;
  monotonic: boolean;
}

export interface MediaInfo {
  video: StreamTiming;
  audio: StreamTiming;
  /** Frames per second of the video stream. */
  fps: number;
  codecs: { video: string; audio: string };
}

function timing(rows: { pts: number; duration: number }[], secondsPerPacket?: number): StreamTiming {
  let monotonic = true;
  for (let index = 1; index < rows.length; index++) if (rows[index]!.pts <= rows[index - 1]!.pts) monotonic = false;
  const last = rows[rows.length - 1];
  return {
    packets: rows.length,
    firstSeconds: rows[0]?.pts ?? NaN,
    endSeconds: last ? last.pts + last.duration : NaN,
    totalSeconds: secondsPerPacket ? rows.length * secondsPerPacket : rows.reduce((total, row) => total + row.duration, 0),
    monotonic,
  };
}

/**
 * Timings of a media file's first video and audio streams. `fps` is the source's frame
 * rate: ffprobe guesses a wrong one from a fast cut's restarting timestamps.
 */
export async function probeMedia(file: string, fps: number): Promise<MediaInfo> {
  const { stdout } = await exec(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=stream_index,pts_time,duration_time:stream=index,codec_type,codec_name,sample_rate', '-of', 'json', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const parsed = JSON.parse(stdout) as {
    streams: { index: number; codec_type: string; codec_name: string; sample_rate?: string }[];
    packets: { stream_index: number; pts_time?: string; duration_time?: string }[];
  };
  const video = parsed.streams.find((stream) => stream.codec_type === 'video')!;
  const audio = parsed.streams.find((stream) => stream.codec_type === 'audio')!;
  const rowsOf = (index: number, fallbackDuration: number) =>
    parsed.packets
      .filter((packet) => packet.stream_index === index && packet.pts_time !== undefined)
      .map((packet) => ({ pts: Number(packet.pts_time), duration: packet.duration_time ? Number(packet.duration_time) : fallbackDuration }));
  return {
    video: timing(rowsOf(video.index, 1 / fps), 1 / fps),
    audio: timing(rowsOf(audio.index, 0), audio.codec_name === 'aac' ? 1024 / Number(audio.sample_rate) : undefined),
    fps,
    codecs: { video: video.codec_name, audio: audio.codec_name },
  };
}

/** Output length as its video frames tell it: frames / fps. */
export function videoSeconds(info: MediaInfo): number {
  return info.video.packets / info.fps;
}

/** Frames per second of a source file (ffprobe's r_frame_rate). */
export async function frameRate(file: string): Promise<number> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', file]);
  // MPEG-TS lists the stream under its program too: take the first line.
  const [num, den] = stdout.trim().split('\n')[0]!.split('/').map(Number);
  return num! / den!;
}

/** What `ffmpeg -v error -i FILE -f null -` prints (nothing for a clean file). */
export async function decodeErrors(file: string): Promise<string> {
  const { stderr } = await exec('ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return stderr.trim();
}

/** A 32x18 grey thumbnail of the first frame at or after `seconds` from the file's start. */
export async function thumbnailAt(files: string[], seconds: number): Promise<Buffer> {
  const input = files.length === 1 ? files[0]! : `concat:${files.join('|')}`;
  const { stdout } = await exec(
    'ffmpeg',
    ['-nostdin', '-v', 'error', '-i', input, '-vf', `trim=start=${seconds.toFixed(6)},scale=32:18,format=gray`, '-frames:v', '1', '-f', 'rawvideo', '-'],
    { encoding: 'buffer', maxBuffer: 1024 * 1024 },
  );
  return stdout;
}

/** Mean absolute difference of two thumbnails (0 = identical, 255 = opposite). */
export function thumbnailDistance(a: Buffer, b: Buffer): number {
  let total = 0;
  for (let index = 0; index < a.length; index++) total += Math.abs(a[index]! - (b[index] ?? 0));
  return total / a.length;
}

export interface Footage {
  root: string;
  archive: Archive;
  channel: string;
  quality: string;
  /** The first run of at least MIN_RUN contiguous full segments (else the longest run). */
  segments: SegmentInfo[];
  pathOf(segment: SegmentInfo): string;
}

/** Enough footage for every export test (about 30 s of 2 s segments). */
const MIN_RUN = 15;

/**
 * Finds continuous footage in an archive (the demo archive, or a scratch copy of it),
 * in its smallest quality: the export code does not care, the CPU does.
 */
export async function findFootage(root: string, qualityName?: string): Promise<Footage> {
  const archive = new Archive(root, { warn: () => undefined });
  const channel = (await archive.channels())[0]!;
  const qualities = await archive.qualities(channel);
  const quality = qualityName ?? qualities.find((name) => name !== 'source') ?? qualities[0]!;
  let best: SegmentInfo[] = [];
  for (const hour of await archive.hourNames(channel, quality)) {
    const startUs = parseHour(hour)!;
    let run: SegmentInfo[] = [];
    for (const segment of [...(await archive.select(channel, quality, startUs, startUs + US_PER_HOUR)), null]) {
      if (segment !== null && segment.type === 'full') {
        run.push(segment);
        continue;
      }
      if (run.length >= MIN_RUN) return footageIn(archive, channel, quality, run);
      if (run.length > best.length) best = run;
      run = [];
    }
  }
  return footageIn(archive, channel, quality, best);
}

function footageIn(archive: Archive, channel: string, quality: string, segments: SegmentInfo[]): Footage {
  return { root: archive.root, archive, channel, quality, segments, pathOf: (segment) => archive.segmentPath(channel, quality, segment.hour, segment.name) };
}

/** A private copy of the hour directories holding `segments`, for tests that delete files. */
export async function scratchCopy(footage: Footage, segments: SegmentInfo[]): Promise<Footage> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'trimdesk-scratch-'));
  for (const hour of new Set(segments.map((segment) => segment.hour))) {
    await cp(path.join(footage.root, footage.channel, footage.quality, hour), path.join(root, footage.channel, footage.quality, hour), { recursive: true });
  }
  const copy = await findFootage(root);
  return { ...copy, segments: copy.segments.filter((segment) => segments.some((original) => original.startUs === segment.startUs)) };
}

/** A scratch copy of the first `count` segments with the one at `missingIndex` deleted: a hole. */
export async function holedCopy(footage: Footage, count: number, missingIndex: number): Promise<Footage> {
  const copy = await scratchCopy(footage, footage.segments.slice(0, count));
  await unlink(copy.pathOf(copy.segments[missingIndex]!));
  return copy;
}

/** Names in a directory, hidden ones included: nothing may be left behind. */
export async function filesIn(directory: string): Promise<string[]> {
  return (await readdir(directory)).sort();
}

/** Encoder arguments of footage with B-frames (packets carry DTS), which the demo archive lacks. */
export const B_FRAMES_ARGS = ['-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '2', '-g', '60', '-sc_threshold', '0', '-c:a', 'aac'];

/**
 * A scratch archive of `segmentCount` 2 s segments (channel/source/2026-11-14T03) of a
 * test picture (lavfi `pattern`: testsrc2 changes far more from frame to frame) and tone
 * encoded with `codecArgs`: footage the demo has no example of.
 */
export async function encodedArchive(channel: string, segmentCount: number, codecArgs: string[], size = '160x90', pattern = 'testsrc'): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), `trimdesk-${channel}-`));
  const hourDir = path.join(root, channel, 'source', '2026-11-14T03');
  await mkdir(hourDir, { recursive: true });
  await exec('ffmpeg', [
    ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `${pattern}=size=${size}:rate=30`, '-f', 'lavfi', '-i', 'sine=sample_rate=48000'],
    ...['-t', String(segmentCount * 2), ...codecArgs, '-f', 'segment', '-segment_time', '2', '-segment_format', 'mpegts', path.join(hourDir, '%d.ts')],
  ]);
  for (let index = 0; index < segmentCount; index++) {
    const name = segmentName(index * 2 * US_PER_SECOND, '2.000', 'full', `H${String(index).padStart(3, '0')}`);
    await rename(path.join(hourDir, `${index}.ts`), path.join(hourDir, name));
  }
  return root;
}
