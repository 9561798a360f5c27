/**
 * A file of the archive (or of the built renderer) as a streamed Response: HEAD, single
 * byte ranges, Content-Length, read in bounded chunks as the client pulls, never whole.
 * A file that shrinks or fails mid-response ends that response (the stream errors, which
 * both front doors turn into an aborted reply) and is logged; nothing else is affected.
 */
import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { HttpError } from './http-error';
import { decideRange } from './range';

/** Bytes read per pull: large enough for disk throughput, small enough to stay bounded. */
const CHUNK_BYTES = 256 * 1024;

export type Log = (message: string) => void;

export interface FileResponseOptions {
  contentType: string;
  /** Extra headers, e.g. caching. */
  headers?: Record<string, string>;
  log: Log;
  /** How the file is named in reasons and logs (never an absolute path in a reply). */
  label: string;
}

export async function fileResponse(request: Request, filePath: string, options: FileResponseOptions): Promise<Response> {
  const handle = await openForReading(filePath, options.label);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new HttpError(404, `Not found: ${options.label} is not a file`);
    const sizeBytes = info.size;
    const headers: Record<string, string> = {
      'Content-Type': options.contentType,
      'Accept-Ranges': 'bytes',
      'Last-Modified': info.mtime.toUTCString(),
      ...options.headers,
    };
    const decision = decideRange(request.headers.get('range'), sizeBytes);
    if (decision.kind === 'unsatisfiable') {
      await handle.close();
      return new Response(`Range not satisfiable: ${options.label} has ${sizeBytes} bytes\n`, {
        status: 416,
        headers: { 'Content-Range': `bytes */${sizeBytes}`, 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    const startByte = decision.kind === 'partial' ? decision.range.startByte : 0;
    const lengthBytes = decision.kind === 'partial' ? decision.range.endByte - startByte + 1 : sizeBytes;
    headers['Content-Length'] = String(lengthBytes);
    if (decision.kind === 'partial') headers['Content-Range'] = `bytes ${startByte}-${startByte + lengthBytes - 1}/${sizeBytes}`;
    const status = decision.kind === 'partial' ? 206 : 200;
    if (request.method === 'HEAD' || lengthBytes === 0) {
      await handle.close();
      return new Response(null, { status, headers });
    }
    return new Response(fileBody(handle, startByte, lengthBytes, options), { status, headers });
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Opens only a regular file, and never blocks: a FIFO named like a file would hold a
 * libuv thread until a writer came (and with four of them, every other route too). stat
 * first; O_NONBLOCK for one swapped in before the open; the caller fstats the handle.
 */
async function openForReading(filePath: string, label: string): Promise<FileHandle> {
  try {
    if (!(await stat(filePath)).isFile()) throw new HttpError(404, `Not found: ${label} is not a file`);
    return await open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') throw new HttpError(404, `Not found: ${label}`);
    throw new HttpError(403, `Cannot read ${label} (${code ?? 'error'})`);
  }
}

/** Reads [startByte, startByte + lengthBytes) chunk by chunk as the consumer pulls. */
function fileBody(handle: FileHandle, startByte: number, lengthBytes: number, options: FileResponseOptions): ReadableStream<Uint8Array> {
  let positionByte = startByte;
  let remainingBytes = lengthBytes;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const wantBytes = Math.min(CHUNK_BYTES, remainingBytes);
      // Not zero-filled: every byte handed on is overwritten by the read.
      const buffer = Buffer.allocUnsafe(wantBytes);
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, wantBytes, positionByte));
      } catch (error) {
        options.log(`Stopped sending ${options.label} at byte ${positionByte}: ${(error as Error).message}`);
        await close();
        controller.error(error);
        return;
      }
      if (bytesRead === 0) {
        options.log(`Stopped sending ${options.label} at byte ${positionByte}: the file shrank while it was being sent`);
        await close();
        controller.error(new Error(`${options.label} shrank while it was being sent`));
        return;
      }
      positionByte += bytesRead;
      remainingBytes -= bytesRead;
      controller.enqueue(bytesRead === wantBytes ? buffer : buffer.subarray(0, bytesRead));
      if (remainingBytes === 0) {
        await close();
        controller.close();
      }
    },
    async cancel() {
      await close();
    },
  });
}
