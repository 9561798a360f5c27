/**
 * `/waveform/<channel>/<quality>.png?start=&end=&size=WxH` (the audio as ffmpeg's
 * showwavespic draws it) and `/frame/<channel>/<quality>.png?timestamp=T` (the frame
 * showing at that instant).
 */
import { US_PER_HOUR, US_PER_SECOND, formatInstant, usToSeconds } from '../../../shared/time';
import type { SegmentInfo } from '../../../shared/segment';
import { damagedSegmentError } from '../../../shared/segment-damage';
import type { SegmentFile } from '../archive/segment-reader';
import { HttpError } from './http-error';
import { renderPng, videoFrameTimes } from './ffmpeg-image';
import { boundedWindow, requiredInstantParam } from './playback-window';
import type { RouteContext } from './routes';

const MAX_WAVEFORM_WINDOW_US = 6 * US_PER_HOUR;
const MAX_IMAGE_SIDE = 4096;
const DEFAULT_WAVEFORM_SIZE = '1024x64';
/** Looked at on both sides of a frame's instant, so an instant on a segment edge still finds its segment. */
const FRAME_LEEWAY_US = US_PER_SECOND;
/**
 * Frame times are printed to the microsecond: a frame starting within this of the
 * instant counts as starting at it. Far below any frame interval (4 ms at 240 fps).
 */
const FRAME_TIME_TOLERANCE_SECONDS = 0.0005;

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
  const selected = selection.filter((segment): segment is SegmentInfo => segment !== null).map((segment) => context.archive.segmentFile(channel, quality, segment));
  // A damaged segment is a hole in the waveform, as in playback.
  const segments = await usableSegments(context, selected);
  if (segments.length === 0) {
    throw new HttpError(404, `No footage on ${channel}/${quality} between ${formatInstant(window.startUs)} and ${formatInstant(window.endUs)}`);
  }
  const image = await renderPng({
    program: await context.ffmpeg(),
    outputArgs: ['-filter_complex', `[0:a]showwavespic=s=${width}x${height}:colors=black:scale=sqrt[out]`, '-map', '[out]', '-frames:v', '1', '-f', 'image2', '-c:v', 'png'],
    files: segments,
    log: context.log,
    signal: context.request.signal,
  });
  return new Response(image, { status: 200, headers: pngHeaders });
}

/**
 * The frame on screen at the instant: the segment holding it is probed for its frame
 * times, and ffmpeg keeps the last frame that starts at or before the instant (the
 * segment's name gives the wall-clock time of its first frame).
 */
export async function frame(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const timestampUs = requiredInstantParam(context.url.searchParams, 'timestamp');
  await context.paths.resolve([channel, quality]);
  const selection = await context.archive.select(channel, quality, timestampUs - FRAME_LEEWAY_US, timestampUs + FRAME_LEEWAY_US);
  const segment = selection.find((candidate) => candidate !== null && candidate.startUs <= timestampUs && timestampUs < candidate.endUs);
  if (!segment) throw new HttpError(404, `No footage on ${channel}/${quality} at ${formatInstant(timestampUs)}`);
  const file = context.archive.segmentFile(channel, quality, segment);
  const finding = await context.archive.inspect(file, { depth: 'quick' });
  if (finding) throw damagedSegmentError(channel, quality, segment, finding, 'Pick an instant in the footage before or after it.');
  const run = { files: [file], log: context.log, signal: context.request.signal };
  const frameTimes = await videoFrameTimes({ ...run, program: await context.ffprobe() });
  if (frameTimes.length === 0) throw new Error(`${channel}/${quality}/${segment.hour}/${segment.name} has no video frames`);
  const frameSeconds = frameShowing(frameTimes, usToSeconds(timestampUs - segment.startUs));
  const image = await renderPng({
    ...run,
    program: await context.ffmpeg(),
    // -copyts: the filter sees the same timestamps ffprobe reported.
    outputArgs: ['-copyts', '-vf', `select='gte(t,${(frameSeconds - FRAME_TIME_TOLERANCE_SECONDS).toFixed(6)})'`, '-frames:v', '1', '-f', 'image2', '-c:v', 'png'],
  });
  return new Response(image, { status: 200, headers: pngHeaders });
}

/**
 * Of a segment's frame times (sorted), the one on screen `offsetSeconds` after the first:
 * the last that starts at or before it (the first frame for an offset before it).
 */
export function frameShowing(frameTimes: readonly number[], offsetSeconds: number): number {
  const firstSeconds = frameTimes[0]!;
  let showing = firstSeconds;
  for (const seconds of frameTimes) {
    if (seconds - firstSeconds > offsetSeconds + FRAME_TIME_TOLERANCE_SECONDS) break;
    showing = seconds;
  }
  return showing;
}

/** The segments whose bytes are usable, in order; damaged ones are left out (and remembered). */
async function usableSegments(context: RouteContext, files: readonly SegmentFile[]): Promise<SegmentFile[]> {
  const findings = await context.archive.inspectMany(files, { depth: 'quick' });
  return files.filter((_, index) => findings[index] === null);
}
