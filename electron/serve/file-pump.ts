/**
 * Browser mode's way of sending a file reply: the file's bytes read into recycled buffers
 * and written straight to the socket, each read overlapping the previous chunk's write,
 * with no Fetch Response or web stream in between. A buffer goes back to the pool once
 * its write has completed (the socket no longer holds it), so a busy server reads into
 * the same few megabytes instead of making the garbage collector sweep a new 256 KiB
 * per chunk. A file that shrinks or fails mid-reply aborts that connection, logged, as
 * the Fetch path does; a client that leaves stops the reads and closes the file.
 */
import { read } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { CHUNK_BYTES, type FileReply, type Log, closeQuietly } from '../node/protocol/file-response';

/** Free buffers kept for reuse: enough for every chunk in flight of a few dozen clients. */
const MAX_POOLED_BUFFERS = 64;
const pool: Buffer[] = [];

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (pool.length < MAX_POOLED_BUFFERS) pool.push(buffer);
}

export function sendFileReply(reply: FileReply, res: ServerResponse, log: Log): void {
  res.writeHead(reply.status, reply.headers);
  const bytes = reply.bytes;
  if (bytes === undefined) {
    res.end(reply.text);
    return;
  }
  let positionByte = bytes.startByte;
  let remainingBytes = bytes.lengthBytes;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    closeQuietly(bytes.fd);
  };
  const stop = (why: string) => {
    log(`Stopped sending ${reply.label} at byte ${positionByte}: ${why}`);
    finish();
    res.destroy();
  };
  res.on('close', finish);
  const pump = () => {
    if (closed || res.destroyed) return finish();
    const buffer = takeBuffer();
    const wantBytes = Math.min(CHUNK_BYTES, remainingBytes);
    read(bytes.fd, buffer, 0, wantBytes, positionByte, (error, bytesRead) => {
      if (closed || res.destroyed) {
        giveBack(buffer);
        return finish();
      }
      if (error) return stop(error.message);
      if (bytesRead === 0) return stop('the file shrank while it was being sent');
      positionByte += bytesRead;
      remainingBytes -= bytesRead;
      const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
      const more = res.write(chunk, () => giveBack(buffer));
      if (remainingBytes === 0) {
        finish();
        res.end();
      } else if (more) pump();
      else res.once('drain', pump);
    });
  };
  pump();
}
