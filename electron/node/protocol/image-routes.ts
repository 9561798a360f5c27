/**
 * `/waveform/<channel>/<quality>.png?start=&end=&size=WxH` (the audio as ffmpeg's
 * showwavespic draws it) and `/frame/<channel>/<quality>.png?timestamp=T` (the frame
 * showing at that instant).
 */
import { US_PER_HOUR, US_PER_SECOND, formatInstant } from '../../../shared/time';
import type { SegmentInfo } from '../../../shared/segment';
import { damagedSegmentError } from '../../../shared/segment-damage';
import type { SegmentFile } from '../archive/segment-reader';
import { HttpError } from './http-error';
import { frameShowingAt } from '../../../shared/frame-times';
import { type ImageCodec, renderStill, videoFramePts } from './ffmpeg-image';
import { boundedWindow, requiredInstantParam } from './playback-window';
import type { RouteContext } from './routes';
import type { Archive } from '../archive/archive';
import type { Log } from './file-response';
import type { ArchivePaths } from './path-guard';

const MAX_WAVEFORM_WINDOW_US = 6 * US_PER_HOUR;
const MAX_IMAGE_SIDE = 4096;
const DEFAULT_WAVEFORM_SIZE = '1024x64';
/** Looked at on both sides of a frame's instant, so an instant on a segment edge still finds its segment. */
const FRAME_LEEWAY_US = US_PER_SECOND;

const pngHeaders = { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' };

/** `WxH` with each side 1..4096, or a 400 saying what is allowed. */
export function parseImageSize(text: string): { width: number; height: number } {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(text);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  const fits = (side: number) => Number.isInteger(side) && side >= 1 && side <= MAX_IMAGE_SIDE;
  if (!match || !fits(width) || !fits(height)) {
    throw new HttpError(400, `Bad size ${JSON.stringify(text)}: expected WIDTHxHEIGHT, each 1 to ${MAX_IMAGE_SIDE}`);
  }
  return { width, height };
}

export async function waveform(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const params = context.url.searchParams;
  const window = boundedWindow(params, MAX_WAVEFORM_WINDOW_US, '6 hours');
  const { width, height } = parseImageSize(params.get('size') ?? DEFAULT_WAVEFORM_SIZE);
  await context.paths.resolve([channel, quality]);
  const selection = await context.archive.select(channel, quality, window.startUs, window.endUs);
  const selected = selection
    .filter((segment): segment is SegmentInfo => segment !== null)
    .map((segment) => context.archive.segmentFile(channel, quality, segment));
  // A damaged segment is a hole in the waveform, as in playback.
  const segments = await usableSegments(context, selected);
  if (segments.length === 0) {
    throw new HttpError(404, `No footage on ${channel}/${quality} between ${formatInstant(window.startUs)} and ${formatInstant(window.endUs)}`);
  }
  const image = await renderStill({
    program: await context.ffmpeg(),
    pictureArgs: ['-filter_complex', `[0:a]showwavespic=s=${width}x${height}:colors=black:scale=sqrt[out]`, '-map', '[out]'],
    files: segments,
    log: context.log,
    signal: context.request.signal,
  });
  return new Response(image, { status: 200, headers: pngHeaders });
}

/** What rendering a frame needs: the route context, or an API handler's equivalent. */
export interface FrameSource {
  archive: Archive;
  paths: ArchivePaths;
  ffmpeg(): Promise<string>;
  ffprobe(): Promise<string>;
  log: Log;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
}

export type FrameCodec = ImageCodec;

/**
 * The frame on screen at the instant: the segment holding it is probed for its frames'
 * PTS, and ffmpeg keeps the last frame that starts at or before the instant, in integer
 * ticks (shared/frame-times: the segment's name gives the instant of its first frame).
 * A picture shown before the segment's keyframe (open GOPs: it refers to the segment
 * before) is decoded after the segment before, when the archive has that one undamaged;
 * decoded alone it is lost and the next picture was shown.
 */
export async function frameImage(source: FrameSource, channel: string, quality: string, timestampUs: number, codec: FrameCodec = 'png') {
  await source.paths.resolve([channel, quality]);
  const selection = await source.archive.select(channel, quality, timestampUs - FRAME_LEEWAY_US, timestampUs + FRAME_LEEWAY_US);
  const index = selection.findIndex((candidate) => candidate !== null && candidate.startUs <= timestampUs && timestampUs < candidate.endUs);
  const segment = selection[index];
  if (!segment) throw new HttpError(404, `No footage on ${channel}/${quality} at ${formatInstant(timestampUs)}`);
  const file = source.archive.segmentFile(channel, quality, segment);
  const finding = await source.archive.inspect(file, { depth: 'quick' });
  if (finding) throw damagedSegmentError(channel, quality, segment, finding, 'Pick an instant in the footage before or after it.');
  const run = { log: source.log, signal: source.signal };
  const { frames, keyframePts } = await videoFramePts({ ...run, files: [file], program: await source.ffprobe() });
  if (frames.length === 0) throw new Error(`${channel}/${quality}/${segment.hour}/${segment.name} has no video frames`);
  const showingPts = frames[frameShowingAt(segment.startUs, frames, timestampUs)]!;
  const leadIn = keyframePts !== null && showingPts < keyframePts ? await segmentBefore(source, channel, quality, selection[index - 1], segment) : null;
  return renderStill({
    ...run,
    files: leadIn ? [leadIn, file] : [file],
    program: await source.ffmpeg(),
    // -copyts: the filter sees the PTS ffprobe reported, in the stream's 90 kHz ticks.
    pictureArgs: ['-copyts', '-vf', `select='gte(pts,${showingPts})'`],
    codec,
  });
}

/** How far a segment may end from the next one's start and still be its predecessor in the recording. */
const PRECEDING_SLACK_US = 5_000;

/** The file of `before` when it ends where `segment` starts and is not damaged, else null. */
async function segmentBefore(
  source: FrameSource,
  channel: string,
  quality: string,
  before: SegmentInfo | null | undefined,
  segment: SegmentInfo,
): Promise<SegmentFile | null> {
  if (!before || Math.abs(before.endUs - segment.startUs) > PRECEDING_SLACK_US) return null;
  const file = source.archive.segmentFile(channel, quality, before);
  return (await source.archive.inspect(file, { depth: 'quick' })) ? null : file;
}

export async function frame(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const timestampUs = requiredInstantParam(context.url.searchParams, 'timestamp');
  const image = await frameImage({ ...context, signal: context.request.signal }, channel, quality, timestampUs);
  return new Response(image, { status: 200, headers: pngHeaders });
}

/** The segments whose bytes are usable, in order; damaged ones are left out (and remembered). */
async function usableSegments(context: RouteContext, files: readonly SegmentFile[]): Promise<SegmentFile[]> {
  const findings = await context.archive.inspectMany(files, { depth: 'quick' });
  return files.filter((_, index) => findings[index] === null);
}
