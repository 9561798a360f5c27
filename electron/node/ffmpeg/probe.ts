/**
 * What the installed ffmpeg can do, asked once per process: version, encoders, filters
 * and xfade's transitions. Plus ffprobe of a source segment's codecs.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SoundPts, SourceStreams } from '../../../shared/cutplan';
import { displayOrder, type FramePts } from '../../../shared/frame-times';
import { FfmpegMissingError, locateProgram } from './locate';

const exec = promisify(execFile);

/** xfade, which named transitions need, arrived in ffmpeg 4.3. */
const MINIMUM_VERSION: [number, number] = [4, 3];

export interface FfmpegTools {
  ffmpegPath: string;
  ffprobePath: string;
  /** As ffmpeg prints it, e.g. `5.1.8-0+deb12u1`. */
  version: string;
  encoders: ReadonlySet<string>;
  filters: ReadonlySet<string>;
  /** Transition names the installed xfade accepts. */
  xfadeTransitions: ReadonlySet<string>;
}

async function output(program: string, args: string[]): Promise<string> {
  const { stdout } = await exec(program, args, { maxBuffer: 8 * 1024 * 1024, windowsHide: true });
  return stdout;
}

/** Names in the second column of `ffmpeg -encoders` / `-filters` listings. */
function listedNames(listing: string, flagsPattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const line of listing.split('\n')) {
    const match = flagsPattern.exec(line);
    if (match) names.add(match[1]!);
  }
  return names;
}

/** Parses `x.y` from `ffmpeg version x.y.z...`; git builds (`N-12345-g...`) count as new. */
function isRecentEnough(version: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return true;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MINIMUM_VERSION[0] || (major === MINIMUM_VERSION[0] && minor >= MINIMUM_VERSION[1]);
}

async function probeTools(): Promise<FfmpegTools> {
  const ffmpegPath = await locateProgram('ffmpeg');
  const ffprobePath = await locateProgram('ffprobe');
  const banner = await output(ffmpegPath, ['-hide_banner', '-version']).catch((error: Error) => {
    throw new FfmpegMissingError(`${ffmpegPath} did not run (${error.message.split('\n')[0]})`);
  });
  const version = /ffmpeg version (\S+)/.exec(banner)?.[1] ?? 'unknown';
  if (!isRecentEnough(version)) throw new FfmpegMissingError(`${ffmpegPath} is version ${version}, older than ${MINIMUM_VERSION.join('.')}`);
  const [encoderList, filterList, xfadeHelp] = await Promise.all([
    output(ffmpegPath, ['-hide_banner', '-encoders']),
    output(ffmpegPath, ['-hide_banner', '-filters']),
    output(ffmpegPath, ['-hide_banner', '-h', 'filter=xfade']),
  ]);
  const encoders = listedNames(encoderList, /^\s[VASFXBD.]{6}\s+(\S+)/);
  if (!encoders.has('libx264')) throw new FfmpegMissingError(`${ffmpegPath} was built without the libx264 encoder`);
  return {
    ffmpegPath,
    ffprobePath,
    version,
    encoders,
    filters: listedNames(filterList, /^\s[TSC.]{3}\s+(\S+)/),
    xfadeTransitions: listedNames(xfadeHelp, /^\s{5}(\w+)\s+-?\d+\s/),
  };
}

let cached: Promise<FfmpegTools> | undefined;

/** The installed ffmpeg's capabilities, probed on first use; a failure is retried next time. */
export function ffmpegTools(): Promise<FfmpegTools> {
  cached ??= probeTools().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** Codec names of the first video and audio stream of a media file. */
export async function probeStreams(tools: FfmpegTools, filePath: string): Promise<SourceStreams> {
  const text = await output(tools.ffprobePath, [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,sample_rate,has_b_frames',
    '-of',
    'json',
    filePath,
  ]);
  const streams = (JSON.parse(text) as { streams?: { codec_type?: string; codec_name?: string; sample_rate?: string; has_b_frames?: number }[] }).streams ?? [];
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const video = streams.find((stream) => stream.codec_type === 'video');
  return {
    video: video?.codec_name,
    reorderedFrames: video?.has_b_frames ?? 0,
    audio: audio?.codec_name,
    audioSampleRate: audio?.sample_rate ? Number(audio.sample_rate) : undefined,
  };
}

/** A segment's video frame PTS and its first audio stream's packets, as the demuxer reports them. */
export interface SegmentTimes {
  frames: FramePts;
  /**
   * PTS of the first picture in decode order (the keyframe the segment starts with), null
   * without video. Above frames[0] the GOP is open: the pictures shown before it refer to
   * the segment before.
   */
  keyframePts: number | null;
  sound: SoundPts | null;
}

/**
 * PTS (90 kHz ticks, display order) of every video frame of a segment, the numbers an
 * ffmpeg run with -copyts trims on, the PTS of its first picture in decode order, and the
 * PTS of its audio packets (in one reading).
 */
export async function probeSegmentTimes(tools: FfmpegTools, filePath: string): Promise<SegmentTimes> {
  const text = await output(tools.ffprobePath, [
    '-v',
    'error',
    '-show_entries',
    'stream=index,codec_type:packet=stream_index,pts,duration',
    '-of',
    'json',
    filePath,
  ]);
  const parsed = JSON.parse(text) as {
    streams?: { index?: number; codec_type?: string }[];
    packets?: { stream_index?: number; pts?: number; duration?: number }[];
  };
  const indexOf = (type: string) => parsed.streams?.find((stream) => stream.codec_type === type)?.index;
  const packetsOf = (index: number | undefined) =>
    (parsed.packets ?? []).filter((packet) => index !== undefined && packet.stream_index === index && Number.isSafeInteger(packet.pts));
  const audio = packetsOf(indexOf('audio')).sort((a, b) => a.pts! - b.pts!);
  const last = audio.at(-1);
  const video = packetsOf(indexOf('video'));
  return {
    frames: displayOrder(video.map((packet) => packet.pts!)),
    keyframePts: video[0]?.pts ?? null,
    sound: last?.duration ? { pts: audio.map((packet) => packet.pts!), endPts: last.pts! + last.duration } : null,
  };
}
