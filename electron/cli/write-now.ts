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
 * process.stdout. Warnings go to fd 2 the same way (a run over a drive with stray files
 * warns about each, and making process.stderr on a pipe cost as much as loading crypto).
 */
import { writeSync } from 'node:fs';

export type WriteNow = (bytes: Uint8Array) => void;

/** What a write to fd 1 or 2 does when the reader has gone away: stdout ends the command quietly, stderr drops the text. */
const ON_EPIPE = { 1: () => process.exit(0), 2: () => undefined } as const;

/**
 * Writes to `fd` (1 or 2) before returning. `made` is its process.stdout or process.stderr
 * once something made it: from then on the bytes are copied and queued there, so they keep
 * their order. `make` makes it, when the fd answers EAGAIN.
 */
export function fdWriteNow(fd: 1 | 2, made: () => NodeJS.WriteStream | undefined, make: () => NodeJS.WriteStream): WriteNow {
  const queue = (bytes: Uint8Array) => {
    make().write(Buffer.from(bytes));
  };
  return (bytes) => {
    if (made() !== undefined) return queue(bytes);
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') return ON_EPIPE[fd]();
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
