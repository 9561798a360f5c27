/**
 * Running one ffmpeg process: progress from its `-progress pipe:3` key=value stream
 * (never from scraping stderr), stderr kept only to explain a failure, and a kill that
 * ends this process alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { TrimdeskError } from '../../../shared/errors';

/** How much of stderr is kept for the error message. */
const STDERR_LIMIT_CHARS = 16_000;

/** ffmpeg exited with an error or was killed; `stderr` holds what it said. */
export class FfmpegRunError extends TrimdeskError {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
  ) {
    super('ffmpeg-failed', describeFailure(exitCode, signal, stderr), { exitCode, signal });
    this.name = 'FfmpegRunError';
  }

  /** True when ffmpeg reported that the disk or a file-size limit stopped its writes. */
  get outOfSpace(): boolean {
    return OUT_OF_SPACE.test(this.stderr) || this.signal === 'SIGXFSZ';
  }
}

const OUT_OF_SPACE = /No space left on device|File too large/i;

/**
 * ffmpeg 5.1 exits with status 0 even when writing the trailer or closing the output
 * failed (a full disk at the end of an MP4): the file is broken, so that is a failure.
 */
const FAILED_OUTPUT_WRITE = /^(Error writing trailer of|Error closing file) /m;

/** ffmpeg's closing lines that only repeat that something failed earlier. */
const EPILOGUE_LINE = /^(Conversion failed!|Error initializing output stream|Could not write header for output file|Exiting normally)/;

/** The last line of stderr that says what went wrong, without the epilogue and object addresses. */
function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/ @ 0x[0-9a-f]+\]/, ']').trim())
    .filter(Boolean);
  return lines.filter((line) => !EPILOGUE_LINE.test(line)).pop() ?? lines.pop();
}

function describeFailure(exitCode: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const lastLine = lastErrorLine(stderr);
  const how = signal ? `was stopped by ${signal}` : exitCode === 0 ? 'could not finish writing its output' : `exited with status ${exitCode}`;
  return `ffmpeg ${how}${lastLine ? `: ${lastLine}` : ''}`;
}

export interface FfmpegProcess {
  readonly child: ChildProcess;
  /** ffmpeg's stdout (an MPEG-TS stream for edge encodes). */
  readonly stdout: Readable;
  /** ffmpeg's stdin, when asked for (remux reads the cut from it). */
  readonly stdin: Writable | null;
  /** Resolves when ffmpeg exits with status 0; rejects with FfmpegRunError otherwise. */
  readonly done: Promise<void>;
  /** Ends this process (and only it). */
  kill(): void;
}

export interface RunOptions {
  /** Called with the output time ffmpeg has reached, in microseconds. */
  onProgress?: (outTimeUs: number) => void;
  /** Give ffmpeg a writable stdin (for `-i pipe:0`). */
  stdin?: boolean;
}

/** Parses `key=value` lines of `-progress` output, calling back on every out_time_us. */
function watchProgress(stream: Readable, onProgress: (outTimeUs: number) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [key, value] = line.split('=', 2);
      if (key === 'out_time_us' && value !== undefined && /^\d+$/.test(value.trim())) onProgress(Number(value.trim()));
    }
  });
}

export function runFfmpeg(argv: readonly string[], options: RunOptions = {}): FfmpegProcess {
  const [program, ...args] = argv;
  const child = spawn(program!, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (text: string) => {
    if (stderr.length < STDERR_LIMIT_CHARS) stderr += text;
  });
  const progress = child.stdio[3] as Readable;
  if (options.onProgress) watchProgress(progress, options.onProgress);
  else progress.resume();
  // A killed ffmpeg closes its stdin: the writer (ffmpeg/pipe-write.ts) sees that on its
  // own write and reports it; the exit status explains it. Errors between writes go here.
  child.stdin?.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(new FfmpegRunError(argv, null, null, error.message)));
    child.on('close', (code, signal) => {
      if (code === 0 && !FAILED_OUTPUT_WRITE.test(stderr)) resolve();
      else reject(new FfmpegRunError(argv, code, signal, stderr));
    });
  });
  return {
    child,
    stdout: child.stdout!,
    stdin: child.stdin,
    done,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
