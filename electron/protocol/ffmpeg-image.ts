/**
 * One PNG from ffmpeg: segment files are fed to its stdin back to back (MPEG-TS
 * concatenates), it writes the image to stdout. Only numbers we validated ourselves
 * reach its arguments; file paths go through stdin, never into a filter graph.
 * A timeline can ask for many images at once: at most IMAGE_RENDERS_AT_ONCE ffmpeg
 * processes run, the rest wait, and a request whose client has gone is dropped or killed.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Log } from './file-response';
import { HttpError } from './http-error';

/** Two cores are the target machine: more image renders at once only slow playback down. */
const IMAGE_RENDERS_AT_ONCE = 2;

export interface PngJob {
  ffmpegPath: string;
  /** Arguments placed before `-i pipe:0` (input options such as -ss). */
  inputArgs: string[];
  /** Arguments after the input, up to (not including) the output `pipe:1`. */
  outputArgs: string[];
  files: string[];
  log: Log;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
}

/** A fixed number of slots; callers queue for one in arrival order. */
class RenderSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

const renderSlots = new RenderSlots(IMAGE_RENDERS_AT_ONCE);

/** The image's bytes, or an Error carrying ffmpeg's last stderr line. */
export function renderPng(job: PngJob): Promise<Uint8Array<ArrayBuffer>> {
  return renderSlots.run(() => {
    if (job.signal?.aborted) throw clientGone();
    return runFfmpeg(job);
  });
}

function clientGone(): HttpError {
  return new HttpError(499, 'Cancelled: the client went away');
}

function runFfmpeg(job: PngJob): Promise<Uint8Array<ArrayBuffer>> {
  const args = ['-hide_banner', '-loglevel', 'error', ...job.inputArgs, '-i', 'pipe:0', ...job.outputArgs, 'pipe:1'];
  job.log(`ffmpeg ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(job.ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'], signal: job.signal });
    const output: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      if (job.signal?.aborted) reject(clientGone());
      else reject(new Error(`Cannot run ffmpeg (${job.ffmpegPath}): ${error.message}`));
    });
    child.on('close', (code) => {
      if (job.signal?.aborted) return reject(clientGone());
      const image = Buffer.concat(output);
      if (code === 0 && image.length > 0) resolve(new Uint8Array(image));
      else reject(new Error(`ffmpeg failed (exit ${code}): ${lastLine(stderr) || 'no image produced'}`));
    });
    void feed(child.stdin, job.files, job.log);
  });
}

/** Writes the files to ffmpeg one after another; ffmpeg may stop reading early (one frame is enough). */
async function feed(stdin: Writable, files: string[], log: Log): Promise<void> {
  stdin.on('error', () => undefined);
  try {
    for (const file of files) {
      if (stdin.destroyed || stdin.writableEnded) return;
      await pipeline(createReadStream(file), stdin, { end: false });
    }
  } catch (error) {
    // ffmpeg closing its input early is normal; a segment that cannot be read is worth a line.
    if (!stdin.destroyed) log(`Stopped feeding ffmpeg: ${(error as Error).message}`);
  } finally {
    stdin.end();
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
