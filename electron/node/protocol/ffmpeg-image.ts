/**
 * ffmpeg and ffprobe for the image routes: segment files are fed to the program's stdin
 * back to back (MPEG-TS concatenates) and its stdout is the answer. Only numbers we
 * computed ourselves reach their arguments; file paths go through stdin, never into a
 * filter graph. A timeline can ask for many images at once: at most
 * IMAGE_RENDERS_AT_ONCE processes run, the rest wait, and a request whose client has
 * gone is dropped or killed.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { openSegment, type SegmentFile } from '../archive/segment-reader';
import { endPipe, PipeClosedError, writeToPipe } from '../ffmpeg/pipe-write';
import { displayOrder, type FramePts } from '../../../shared/frame-times';
import type { Log } from './file-response';
import { Turns } from '../turns';
import { HttpError } from './http-error';

/** Two cores are the target machine: more image renders at once only slow playback down. */
const IMAGE_RENDERS_AT_ONCE = 2;

export interface FedRun {
  /** Path of ffmpeg or ffprobe. */
  program: string;
  /** Arguments; the input is `pipe:0`. */
  args: string[];
  /** Segments to feed, checked by the caller; opened through the segment reader (never a FIFO). Or an image already in memory. */
  files: SegmentFile[] | Uint8Array;
  log: Log;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

const renderSlots = new Turns(IMAGE_RENDERS_AT_ONCE);

export type ImageCodec = 'png' | 'jpeg';

const IMAGE_CODEC_ARGS: Record<ImageCodec, string[]> = {
  png: ['-c:v', 'png'],
  // Full-range JPEG at high quality: a snapshot should look like the frame.
  jpeg: ['-pix_fmt', 'yuvj444p', '-c:v', 'mjpeg', '-q:v', '2'],
};

/** What picks the picture: output options such as a filter graph and its map, or a `-vf`. */
export interface StillRun extends Omit<FedRun, 'args'> {
  inputArgs?: string[];
  pictureArgs: string[];
  codec?: ImageCodec;
}

/** One still image (PNG unless asked): the picture `pictureArgs` pick, as a single frame on `pipe:1`. */
export async function renderStill(run: StillRun): Promise<Uint8Array<ArrayBuffer>> {
  const output = ['-frames:v', '1', '-f', 'image2', ...IMAGE_CODEC_ARGS[run.codec ?? 'png']];
  const args = ['-hide_banner', '-loglevel', 'error', ...(run.inputArgs ?? []), '-i', 'pipe:0', ...run.pictureArgs, ...output, 'pipe:1'];
  const image = await runFed({ ...run, args });
  if (image.length === 0) throw new Error('ffmpeg produced no image');
  return new Uint8Array(image);
}

/**
 * PTS (90 kHz ticks) of every video frame, in display order, and of the first in decode
 * order (the keyframe a segment starts with; above frames[0] the GOP is open: the
 * pictures shown before it refer to the segment before), null without video.
 */
export async function videoFramePts(run: Omit<FedRun, 'args'>): Promise<{ frames: FramePts; keyframePts: number | null }> {
  const args = ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts', '-of', 'csv=p=0', '-i', 'pipe:0'];
  const text = (await runFed({ ...run, args })).toString();
  // One packet per line, e.g. "684000," (side data can add empty lines).
  const inDecodeOrder = text
    .split('\n')
    .map((line) => Number.parseInt(line, 10))
    .filter(Number.isSafeInteger);
  return { frames: displayOrder(inDecodeOrder), keyframePts: inDecodeOrder[0] ?? null };
}

function runFed(run: FedRun): Promise<Buffer> {
  return renderSlots.run(() => {
    if (run.signal?.aborted) throw clientGone();
    return spawnFed(run);
  });
}

function clientGone(): HttpError {
  return new HttpError(499, 'Cancelled: the client went away');
}

function spawnFed(run: FedRun): Promise<Buffer> {
  run.log(`${run.program} ${run.args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(run.program, run.args, { stdio: ['pipe', 'pipe', 'pipe'], signal: run.signal });
    const output: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      if (run.signal?.aborted) reject(clientGone());
      else reject(new Error(`Cannot run ${run.program}: ${error.message}`));
    });
    child.on('close', (code) => {
      if (run.signal?.aborted) reject(clientGone());
      else if (code === 0) resolve(Buffer.concat(output));
      else reject(new Error(`${run.program} failed (exit ${code}): ${lastLine(stderr) || 'no reason given'}`));
    });
    void feed(child, run.files, run.log);
  });
}

/**
 * Writes the files one after another (ffmpeg/pipe-write.ts, so a program that exits
 * ends the feeding at once); the program may stop reading early (one frame is enough).
 */
async function feed(child: ChildProcessWithoutNullStreams, files: SegmentFile[] | Uint8Array, log: Log): Promise<void> {
  // Errors between writes (the program closing its input) are told by the next write.
  child.stdin.on('error', () => undefined);
  const pipe = { stream: child.stdin, readerName: 'ffmpeg', reader: child };
  try {
    if (files instanceof Uint8Array) await writeToPipe(pipe, Buffer.from(files.buffer, files.byteOffset, files.byteLength));
    else
      for (const file of files) {
        // Through the segment reader: never an open that blocks on a FIFO.
        const { handle } = await openSegment(file);
        for await (const chunk of handle.createReadStream()) await writeToPipe(pipe, chunk as Buffer);
      }
    await endPipe(pipe);
  } catch (error) {
    // The program closing its input early is normal; a segment that cannot be read is worth a line.
    if (!(error instanceof PipeClosedError))
      log(`Stopped feeding ${files instanceof Uint8Array ? 'an image' : `${files.length} segment(s)`}: ${(error as Error).message}`);
    child.stdin.end();
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
