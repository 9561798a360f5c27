/**
 * Browser mode's way of sending a file reply: the file's bytes read (reply-bytes.ts, as
 * the Fetch path reads them) into recycled buffers and written straight to the socket,
 * each read overlapping the previous chunk's write, with no Fetch Response or web stream
 * in between. A buffer goes back to the pool once its write has completed (the socket no
 * longer holds it), so a busy server reads into the same few megabytes instead of making
 * the garbage collector sweep a new 1 MiB per chunk. A file that shrinks or fails
 * mid-reply aborts that connection, logged, as the Fetch path does; a client that leaves
 * stops the reads and closes the file.
 */
import type { ServerResponse } from 'node:http';
import { CHUNK_BYTES, type FileReply, type Log } from '../node/protocol/file-response';
import { ReplyBytes } from '../node/protocol/reply-bytes';

/** Free buffers kept for reuse (CHUNK_BYTES each, 32 MiB at most): every chunk in flight of a dozen clients or more. */
const MAX_POOLED_BUFFERS = 32;
const pool: Buffer[] = [];

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (pool.length < MAX_POOLED_BUFFERS) pool.push(buffer);
}

export function sendFileReply(reply: FileReply, res: ServerResponse, log: Log): void {
  res.writeHead(reply.status, reply.headers);
  if (reply.bytes === undefined) {
    res.end(reply.text);
    return;
  }
  const reader = new ReplyBytes(reply.bytes, reply.label, log);
  const buffer = takeBuffer();
  const first = reader.nextWarm(buffer);
  if (first instanceof Buffer && reader.remaining === 0) {
    // All of it read at once (a warm range or small file), the file closed: headers and
    // bytes go out in one write, and there is nothing to stop if the client leaves.
    res.end(first, () => giveBack(buffer));
    return;
  }
  sendInChunks(reader, res, buffer, first);
}

/** The rest of sendFileReply: `first` is what reading into `firstBuffer` gave (undefined: nothing read yet). */
function sendInChunks(reader: ReplyBytes, res: ServerResponse, firstBuffer: Buffer, first: Buffer | Error | undefined): void {
  res.on('close', () => reader.close());
  /** Sends one chunk read; true when the next may be read at once. */
  const send = (buffer: Buffer, error: Error | null, chunk: Buffer | undefined): boolean => {
    if (error || chunk === undefined || res.destroyed) {
      giveBack(buffer);
      reader.close();
      if (error) res.destroy();
      return false;
    }
    if (reader.remaining === 0) {
      // One write for the last chunk and the end: a reply of one chunk goes out in one call.
      res.end(chunk, () => giveBack(buffer));
      return false;
    }
    if (res.write(chunk, () => giveBack(buffer))) return true;
    res.once('drain', pump);
    return false;
  };
  // Warm reads call back at once: loop over them instead of recursing once per chunk.
  function pump(): void {
    for (;;) {
      if (res.destroyed) {
        reader.close();
        return;
      }
      const buffer = takeBuffer();
      let inCall = true;
      let again = false;
      reader.next(buffer, (error, chunk) => {
        const more = send(buffer, error, chunk);
        if (more && inCall) again = true;
        else if (more) pump();
      });
      inCall = false;
      if (!again) return;
    }
  }
  if (first === undefined) {
    giveBack(firstBuffer);
    pump();
  } else if (send(firstBuffer, first instanceof Error ? first : null, first instanceof Error ? undefined : first)) pump();
}
