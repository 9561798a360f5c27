/**
 * A file of the archive (or of the built renderer) as a reply: HEAD, single byte ranges,
 * Content-Length, read in bounded chunks as the client pulls, never whole. The decision
 * (status, headers, which bytes of which open file) is a FileReply, so Electron's Fetch
 * handler (fileReplyResponse: a web stream) and browser mode (electron/serve/file-pump.ts:
 * straight to the socket) send the very same bytes with the same I/O underneath.
 * A file that shrinks or fails mid-response ends that response (the stream errors, which
 * both front doors turn into an aborted reply) and is logged; nothing else is affected.
 */
import { close, constants, fstat, open, stat, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import { HttpError } from './http-error';
import { decideRange } from './range';
import { ReplyBytes } from './reply-bytes';
import { fileKeyOf } from '../archive/sound-files';

/**
 * Bytes read per pull: a 2 s segment of most recordings in one or two reads and writes.
 * Each chunk costs a read, a socket write and an event-loop turn or two: at 256 KiB a
 * 1.5 MB segment took six of each; at 1 MiB `trimdesk serve` sends whole files to 8
 * clients 13-33% faster, on the two machines measured (BENCHMARKS.md, bench/serving.ts).
 */
export const CHUNK_BYTES = 1024 * 1024;

const statAsync = promisify(stat);
const openAsync = promisify(open);
const fstatAsync = promisify(fstat);

export type Log = (message: string) => void;

export interface FileResponseOptions {
  contentType: string;
  /** Extra headers, e.g. caching. */
  headers?: Record<string, string>;
  log: Log;
  /** How the file is named in reasons and logs (never an absolute path in a reply). */
  label: string;
  /** The file's identity key and Last-Modified text from its last fstat, kept to be reused while they hold (a file sent again and again). */
  stamp?: FileStamp;
}

/**
 * fileKeyOf and the Last-Modified text of one file's fstat, remembered for the last fstat
 * seen: formatting five numbers and a date costs more than comparing them.
 */
export class FileStamp {
  private dev = -1;
  private ino = -1;
  private size = -1;
  private mtimeMs = -1;
  private ctimeMs = -1;
  fileKey = '';
  lastModified = '';

  /** Brings fileKey and lastModified up to `info`. */
  update(info: Stats): void {
    if (info.dev === this.dev && info.ino === this.ino && info.size === this.size && info.mtimeMs === this.mtimeMs && info.ctimeMs === this.ctimeMs) return;
    this.fileKey = fileKeyOf(info);
    this.lastModified = info.mtime.toUTCString();
    this.dev = info.dev;
    this.ino = info.ino;
    this.size = info.size;
    this.mtimeMs = info.mtimeMs;
    this.ctimeMs = info.ctimeMs;
  }
}

/** Bytes [startByte, startByte + lengthBytes) of the open file `fd`, which the sender closes. */
export interface FileBytes {
  fd: number;
  startByte: number;
  lengthBytes: number;
  /** Which file's contents these are (warm-bytes.ts: fileKeyOf its fstat). */
  fileKey: string;
}

export interface FileReply {
  status: number;
  headers: Record<string, string>;
  /** The file's bytes to send; undefined when there are none (HEAD, an empty range, 416). */
  bytes?: FileBytes;
  /** A text body instead (the 416 reason). */
  text?: string;
  label: string;
}

/** The reply for `filePath`; only a regular file is opened (see openForReading). */
export async function openFileReply(filePath: string, rangeHeader: string | null, method: string, options: FileResponseOptions): Promise<FileReply> {
  const fd = await openForReading(filePath, options.label);
  let info: Stats;
  try {
    info = await fstatAsync(fd);
  } catch (error) {
    closeQuietly(fd);
    throw error;
  }
  return replyForOpenFile(fd, info, rangeHeader, method, options);
}

/**
 * The reply for an open file and its fstat. Takes `fd` over: it is closed here unless
 * the reply carries it in `bytes` (then whoever sends the reply closes it).
 */
export function replyForOpenFile(fd: number, info: Stats, rangeHeader: string | null, method: string, options: FileResponseOptions): FileReply {
  const { label } = options;
  if (!info.isFile()) {
    closeQuietly(fd);
    throw new HttpError(404, `Not found: ${label} is not a file`);
  }
  const sizeBytes = info.size;
  const decision = decideRange(rangeHeader, sizeBytes);
  if (decision.kind === 'unsatisfiable') {
    closeQuietly(fd);
    return {
      status: 416,
      headers: { 'Content-Range': `bytes */${sizeBytes}`, 'Content-Type': 'text/plain; charset=utf-8' },
      text: `Range not satisfiable: ${label} has ${sizeBytes} bytes\n`,
      label,
    };
  }
  const stamp = options.stamp ?? new FileStamp();
  stamp.update(info);
  const headers: Record<string, string> = {
    'Content-Type': options.contentType,
    'Accept-Ranges': 'bytes',
    'Last-Modified': stamp.lastModified,
    ...options.headers,
  };
  const startByte = decision.kind === 'partial' ? decision.range.startByte : 0;
  const lengthBytes = decision.kind === 'partial' ? decision.range.endByte - startByte + 1 : sizeBytes;
  headers['Content-Length'] = String(lengthBytes);
  if (decision.kind === 'partial') headers['Content-Range'] = `bytes ${startByte}-${startByte + lengthBytes - 1}/${sizeBytes}`;
  const status = decision.kind === 'partial' ? 206 : 200;
  if (method === 'HEAD' || lengthBytes === 0) {
    closeQuietly(fd);
    return { status, headers, label };
  }
  return { status, headers, bytes: { fd, startByte, lengthBytes, fileKey: stamp.fileKey }, label };
}

export async function fileResponse(request: Request, filePath: string, options: FileResponseOptions): Promise<Response> {
  return fileReplyResponse(await openFileReply(filePath, request.headers.get('range'), request.method, options), options.log);
}

/** A FileReply as a Fetch Response (Electron's protocol, the renderer's files). */
export function fileReplyResponse(reply: FileReply, log: Log): Response {
  const body = reply.bytes ? fileBody(reply.bytes, reply.label, log) : (reply.text ?? null);
  return new Response(body, { status: reply.status, headers: reply.headers });
}

/**
 * Opens only a regular file, and never blocks: a FIFO named like a file would hold a
 * libuv thread until a writer came (and with four of them, every other route too). stat
 * first; O_NONBLOCK for one swapped in before the open; the caller fstats the handle.
 */
async function openForReading(filePath: string, label: string): Promise<number> {
  try {
    if (!(await statAsync(filePath)).isFile()) throw new HttpError(404, `Not found: ${label} is not a file`);
    return await openAsync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw openRefusal(error, label);
  }
}

/** What an open (or the stat before it) failing means for the client: 404 or 403. */
export function openRefusal(error: unknown, label: string): unknown {
  if (error instanceof HttpError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return new HttpError(404, `Not found: ${label}`);
  return new HttpError(403, `Cannot read ${label} (${code ?? 'error'})`);
}

export function closeQuietly(fd: number): void {
  close(fd, () => undefined);
}

/** Reads the reply's bytes chunk by chunk as the consumer pulls (each chunk a new buffer: the consumer keeps it). */
function fileBody(bytes: FileBytes, label: string, log: Log): ReadableStream<Uint8Array> {
  const reader = new ReplyBytes(bytes, label, log);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      // Not zero-filled: every byte handed on is overwritten by the read.
      const buffer = Buffer.allocUnsafe(reader.nextBytes(CHUNK_BYTES));
      return new Promise<void>((resolve) =>
        reader.next(buffer, (error, chunk) => {
          if (error) controller.error(error);
          else if (chunk !== undefined) {
            controller.enqueue(chunk);
            if (reader.remaining === 0) controller.close();
          }
          resolve();
        }),
      );
    },
    cancel() {
      reader.close();
    },
  });
}
