/**
 * `/waveform/<channel>/<quality>.png?start=&end=&size=WxH` (the audio as ffmpeg's
 * showwavespic draws it) and `/frame/<channel>/<quality>.png?timestamp=T` (the frame
 * showing at that instant).
 */
import { US_PER_HOUR, US_PER_SECOND, formatInstant, formatSecondsExact } from '../../shared/time';
import type { SegmentInfo } from '../../shared/segment';
import { HttpError } from './http-error';
import { renderPng } from './ffmpeg-image';
import { boundedWindow, requiredInstantParam } from './playback-window';
import type { RouteContext } from './routes';

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
  const segments = selection.filter((segment): segment is SegmentInfo => segment !== null);
  if (segments.length === 0) {
    throw new HttpError(404, `No footage on ${channel}/${quality} between ${formatInstant(window.startUs)} and ${formatInstant(window.endUs)}`);
  }
  const image = await renderPng({
    ffmpegPath: await context.ffmpeg(),
    inputArgs: [],
    outputArgs: ['-filter_complex', `[0:a]showwavespic=s=${width}x${height}:colors=black:scale=sqrt[out]`, '-map', '[out]', '-frames:v', '1', '-f', 'image2', '-c:v', 'png'],
    files: segments.map((segment) => context.archive.segmentPath(channel, quality, segment.hour, segment.name)),
    log: context.log,
    signal: context.request.signal,
  });
  return new Response(image, { status: 200, headers: pngHeaders });
}

export async function frame(context: RouteContext): Promise<Response> {
  const { channel, quality } = context.params as { channel: string; quality: string };
  const timestampUs = requiredInstantParam(context.url.searchParams, 'timestamp');
  await context.paths.resolve([channel, quality]);
  const selection = await context.archive.select(channel, quality, timestampUs - FRAME_LEEWAY_US, timestampUs + FRAME_LEEWAY_US);
  const run = runShowing(selection, timestampUs);
  if (run.length === 0) throw new HttpError(404, `No footage on ${channel}/${quality} at ${formatInstant(timestampUs)}`);
  const image = await renderPng({
    ffmpegPath: await context.ffmpeg(),
    inputArgs: ['-ss', formatSecondsExact(timestampUs - run[0]!.startUs)],
    outputArgs: ['-frames:v', '1', '-f', 'image2', '-c:v', 'png'],
    files: run.map((segment) => context.archive.segmentPath(channel, quality, segment.hour, segment.name)),
    log: context.log,
    signal: context.request.signal,
  });
  return new Response(image, { status: 200, headers: pngHeaders });
}

/** The segment showing at the instant and the ones joining it without a hole. */
export function runShowing(selection: readonly (SegmentInfo | null)[], instantUs: number): SegmentInfo[] {
  const index = selection.findIndex((segment) => segment !== null && segment.startUs <= instantUs && instantUs < segment.endUs);
  if (index < 0) return [];
  const run: SegmentInfo[] = [];
  for (const segment of selection.slice(index)) {
    if (segment === null) break;
    run.push(segment);
  }
  return run;
}
