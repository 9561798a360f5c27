/**
 * Bytes written to stdout before the call returns, so that the caller may fill the same
 * buffer again: `segments --json` passes each settled hour's saved JSON from one reused
 * read buffer straight to stdout (selection-json.ts). Gathering the 8 MB of a 12-hour
 * run in one fresh buffer first, and reading every hour into a fresh buffer of its own,
 * cost a tenth of the run in copies and in page faults on memory touched once.
 *
 * process.stdout cannot promise that (on a pipe it queues what the reader has not taken
 * yet), and merely making it costs: on a pipe it loads node:net and turns fd 1
 * non-blocking. So the bytes go to fd 1 with writeSync, as Node itself writes to a file,
 * and a pipe left blocking (as a shell or a parent process gives it) waits for its
 * reader. A non-blocking pipe that is full answers EAGAIN: the rest of those bytes, and
 * everything after them, is then copied and queued on process.stdout, which waits for it.
 * A reader that went away (`| head`) ends the command quietly, as bin/trimdesk.js does for
 * process.stdout.
 */
import { writeSync } from 'node:fs';

const STDOUT_FD = 1;

export type WriteNow = (bytes: Uint8Array) => void;

/** `queuedBytes`: what process.stdout holds not yet written (0 when it was never made); direct writes wait until it is empty. */
export function stdoutWriteNow(queuedBytes: () => number): WriteNow {
  let queueing = false;
  const queue = (bytes: Uint8Array) => {
    queueing = true;
    process.stdout.write(Buffer.from(bytes));
  };
  return (bytes) => {
    // Bytes already queued on process.stdout go first: a direct write would pass them.
    if (queueing || queuedBytes() > 0) return queue(bytes);
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(STDOUT_FD, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(0);
        if (code !== 'EAGAIN') throw error;
        return queue(bytes.subarray(offset));
      }
    }
  };
}

/** A WriteNow that keeps a copy of everything written, for an output that is not stdout. */
export function collectingWriteNow(): { write: WriteNow; bytes(): Buffer } {
  const pieces: Buffer[] = [];
  return { write: (bytes) => pieces.push(Buffer.from(bytes)), bytes: () => Buffer.concat(pieces) };
}
