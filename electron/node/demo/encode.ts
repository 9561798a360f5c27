/**
 * Encoding one run of the demo archive: a test pattern with the frame's UTC wall-clock
 * time burned in and a beeping tone, encoded once per quality and split by ffmpeg's
 * segment muxer, so timestamps run on continuously from one segment to the next as they
 * do in a recorder's HLS source.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runFfmpeg } from '../ffmpeg/run';
import { US_PER_MS, US_PER_SECOND, formatInstant, formatSecondsExact } from '../../../shared/time';
import { DEMO_QUALITIES, FRAMES_PER_SECOND, SEGMENT_SECONDS, type DemoQuality, type PlannedRun } from './plan';

export const TONE_HZ = 440;
export const BEEP_HZ = 1760;
/** ffmpeg's sine source beeps for 1/25 s. */
export const BEEP_MS = 40;
export const AUDIO_SAMPLE_RATE = 48_000;

export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';

/**
 * The clock must never show the next second early: gmtime truncates, and a frame exactly
 * on a second may come out of floating point a hair below it. 0.1 ms is far below the
 * 1/3 ms spacing of 30 fps frame times from a whole-millisecond start.
 */
const CLOCK_EPSILON_US = 100;

const TEXT_STYLE = `fontfile=${FONT_FILE}:fontcolor=white:box=1:boxcolor=black:boxborderw=6:x=(w-tw)/2`;

/**
 * The big clock line, on an opaque box so a test can crop it and compare it with a
 * reference drawn by `clockDrawtext` on a plain background (see clockText).
 */
export function clockDrawtext(text: string): string {
  return `drawtext=${TEXT_STYLE}:fontsize=40:y=h*0.4:text='${text}'`;
}

/** What the clock shows for an instant: `2026-11-14 03:04:05.133` (UTC, ms truncated). */
export function clockText(instantUs: number): string {
  return formatInstant(instantUs).slice(0, 23).replace('T', ' ');
}

/** drawtext of the clock showing `instantUs` (for references in tests): `:` escaped for the filter graph. */
export function clockReferenceFilter(instantUs: number): string {
  return clockDrawtext(clockText(instantUs).replaceAll(':', '\\\\\\:'));
}

/** drawtext for the frame's UTC time (as clockText) and, smaller, the run and frame number. */
export function clockFilter(run: PlannedRun): string {
  if (run.startUs % US_PER_MS !== 0) throw new Error(`run ${run.label} must start on a whole millisecond`);
  const epochSeconds = formatSecondsExact(run.startUs + CLOCK_EPSILON_US);
  const startMs = (run.startUs / US_PER_MS) % 1000;
  // Milliseconds from the frame number (exact integer arithmetic), seconds from the pts.
  const clock =
    `%{pts\\:gmtime\\:${epochSeconds}\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S}` + `.%{eif\\:mod(floor(n*1000/${FRAMES_PER_SECOND})+${startMs}\\,1000)\\:d\\:3}`;
  return `${clockDrawtext(clock)},drawtext=${TEXT_STYLE}:fontsize=20:y=h*0.4+56:text='${run.label} frame %{n}'`;
}

function encoderArgs(quality: DemoQuality): string[] {
  // One thread per encoder keeps the bytes (and so the hashes in the names) reproducible;
  // runs are encoded in parallel instead.
  return [
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-threads', '1', '-bf', String(quality.bFrames), '-pix_fmt', 'yuv420p'],
    ...['-g', String(FRAMES_PER_SECOND * SEGMENT_SECONDS), '-sc_threshold', '0'],
    ...['-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`],
    ...['-c:a', 'aac', '-b:a', '64k', '-ac', '1'],
    ...['-flags', '+bitexact', '-fflags', '+bitexact'],
    ...['-f', 'segment', '-segment_time', String(SEGMENT_SECONDS), '-segment_format', 'mpegts'],
  ];
}

/** ffmpeg arguments that encode `run` into `<outDir>/<quality>/NNNNN.ts`. */
export function encodeArgs(ffmpeg: string, run: PlannedRun, outDir: string): string[] {
  const seconds = String(run.segmentCount * SEGMENT_SECONDS);
  const [first, ...scaled] = DEMO_QUALITIES;
  const split = `split=${DEMO_QUALITIES.length}${DEMO_QUALITIES.map((_, index) => `[q${index}]`).join('')}`;
  const scales = scaled.map((quality, index) => `;[q${index + 1}]scale=${quality.width}:${quality.height}[v${index + 1}]`);
  // The tone beeps at its own whole seconds: start it that far into a second so the beeps
  // fall on the UTC seconds of the picture's clock.
  const intoSecond = formatSecondsExact(run.startUs % US_PER_SECOND);
  const audio = `[1:a]atrim=start=${intoSecond}:duration=${seconds},asetpts=PTS-STARTPTS,asplit=${DEMO_QUALITIES.length}${DEMO_QUALITIES.map((_, index) => `[a${index}]`).join('')}`;
  const graph = `[0:v]${clockFilter(run)},${split};[q0]null[v0]${scales.join('')};${audio}`;
  const outputs = DEMO_QUALITIES.flatMap((quality, index) => [
    ...['-map', `[v${index}]`, '-map', `[a${index}]`],
    ...encoderArgs(quality),
    path.join(outDir, quality.name, '%05d.ts'),
  ]);
  return [
    ffmpeg,
    ...['-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${first!.width}x${first!.height}:rate=${FRAMES_PER_SECOND}:duration=${seconds}`],
    // A 440 Hz tone with a 40 ms 1760 Hz beep every second (one second extra for the trim).
    ...[
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${TONE_HZ}:beep_factor=${BEEP_HZ / TONE_HZ}:sample_rate=${AUDIO_SAMPLE_RATE}:duration=${run.segmentCount * SEGMENT_SECONDS + 1}`,
    ],
    ...['-filter_complex', graph],
    ...outputs,
  ];
}

/** Encodes a run; returns per quality the segment files in order. An abort kills the encoder. */
export async function encodeRun(ffmpeg: string, run: PlannedRun, outDir: string, signal?: AbortSignal): Promise<Map<string, string[]>> {
  for (const quality of DEMO_QUALITIES) await mkdir(path.join(outDir, quality.name), { recursive: true });
  signal?.throwIfAborted();
  const encoder = runFfmpeg(encodeArgs(ffmpeg, run, outDir));
  const stop = () => encoder.kill();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await encoder.done;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  signal?.throwIfAborted();
  const segments = new Map<string, string[]>();
  for (const quality of DEMO_QUALITIES) {
    const dir = path.join(outDir, quality.name);
    const files = (await readdir(dir)).sort().map((name) => path.join(dir, name));
    if (files.length !== run.segmentCount) {
      throw new Error(`ffmpeg wrote ${files.length} segments for run ${run.label} (${quality.name}), expected ${run.segmentCount}`);
    }
    segments.set(quality.name, files);
  }
  return segments;
}
