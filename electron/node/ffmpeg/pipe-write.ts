/**
 * Writing into a pipe whose reader can go away at any moment: a child's stdin (the
 * remuxing ffmpeg), or a stream someone else destroys (an HTTP body, the re-timer).
 * Every write and end settles on the first of: its own callback, the stream's 'error'
 * or 'close', the reading child's 'exit' or 'close'. Waiting for 'drain' instead hangs
 * for good when the reader died between two writes: Node destroys a dead child's stdin
 * without an error, and a write to a destroyed stream emits no event at all.
 * Listeners are added per write and removed when it settles, so none pile up.
 */
import type { ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { TrimdeskError } from '../../../shared/errors';

export interface PipeEnd {
  stream: Writable;
  /** Who reads the other end, for messages: "the remuxing ffmpeg". */
  readerName: string;
  /** The process reading the other end, when there is one. */
  reader?: ChildProcess;
}

/**
 * The reader went away (exited, was killed, closed the pipe) before taking every byte:
 * a process that failed, or a client that left.
 */
export class PipeClosedError extends TrimdeskError {
  constructor(
    readonly readerName: string,
    readonly code: string,
    readerIsProcess: boolean,
  ) {
    super(readerIsProcess ? 'ffmpeg-failed' : 'cancelled', `${readerName} stopped reading its input (${code})`, { code });
    this.name = 'PipeClosedError';
  }
}

/** Error codes that only say the other end is gone. */
const CLOSED_CODES = new Set(['EPIPE', 'ECONNRESET', 'EOF', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_STREAM_WRITE_AFTER_END']);

/** Resolves once the stream took `chunk` (back-pressure); rejects if its reader went away first. */
export function writeToPipe(pipe: PipeEnd, chunk: Uint8Array): Promise<void> {
  return settleOnPipe(pipe, (done) => pipe.stream.write(chunk, done));
}

/** Ends the stream; resolves once every byte was handed over, rejects if the reader went away first. */
export function endPipe(pipe: PipeEnd): Promise<void> {
  return settleOnPipe(pipe, (done) => pipe.stream.end(done));
}

function readerGone(pipe: PipeEnd): boolean {
  const child = pipe.reader;
  return pipe.stream.destroyed || (child !== undefined && (child.exitCode !== null || child.signalCode !== null));
}

function asPipeError(pipe: PipeEnd, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && CLOSED_CODES.has(code) ? new PipeClosedError(pipe.readerName, code, pipe.reader !== undefined) : error;
}

function settleOnPipe(pipe: PipeEnd, start: (done: (error?: Error | null) => void) => void): Promise<void> {
  if (readerGone(pipe)) return Promise.reject(new PipeClosedError(pipe.readerName, 'closed', pipe.reader !== undefined));
  const { stream, reader } = pipe;
  return new Promise((resolve, reject) => {
    let settled = false;
    const onError = (error: Error) => settle(asPipeError(pipe, error));
    const onClosed = () => settle(new PipeClosedError(pipe.readerName, 'closed', pipe.reader !== undefined));
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      stream.off('error', onError);
      stream.off('close', onClosed);
      reader?.off('exit', onClosed);
      reader?.off('close', onClosed);
      if (error) reject(error);
      else resolve();
    };
    stream.on('error', onError);
    stream.on('close', onClosed);
    reader?.on('exit', onClosed);
    reader?.on('close', onClosed);
    start((error) => settle(error ? asPipeError(pipe, error) : undefined));
  });
}
