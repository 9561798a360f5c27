/**
 * Node stream shells around the pure Retimer: a Transform whose part boundaries travel in
 * order with the data, and a function that joins a sequence of part streams into one.
 * Both stream with back-pressure: memory stays constant whatever the input size.
 */
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { Retimer, type RetimedPart, type RetimerOptions } from '../../../../shared/retime';

/** A boundary written into a RetimeStream's queue, so it applies after the bytes written before it. */
class PartBoundary {
  constructor(
    readonly name: string | undefined,
    /** 'file': another file of the open part, a new part only at a stream restart (Retimer.startFile). */
    readonly kind: 'part' | 'file' = 'part',
  ) {}
}

/** A Transform: MPEG-TS bytes in, re-timed MPEG-TS bytes out. */
export class RetimeStream extends Transform {
  private readonly retimer: Retimer;
  private partOpen = false;

  constructor(options: RetimerOptions = {}) {
    // Object mode on the writable side only, so part boundaries can queue between chunks.
    super({ writableObjectMode: true });
    this.retimer = new Retimer(options);
  }

  /** Starts the next part after everything written so far. Without a call, the input is one part. */
  startPart(name?: string): void {
    this.write(new PartBoundary(name));
  }

  /** Another file of the open part begins after everything written so far (see Retimer.startFile). */
  startFile(name: string): void {
    this.write(new PartBoundary(name, 'file'));
  }

  /** Every ended part's place on the timeline; complete once 'end' is emitted. */
  get parts(): readonly RetimedPart[] {
    return this.retimer.parts;
  }

  override _transform(chunk: unknown, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.settle(callback, () => {
      if (chunk instanceof PartBoundary && chunk.kind === 'file' && this.partOpen) {
        this.retimer.startFile(chunk.name!);
      } else if (chunk instanceof PartBoundary) {
        this.endOpenPart();
        this.openPart(chunk.name);
      } else if (chunk instanceof Uint8Array) {
        if (!this.partOpen) this.openPart();
        this.pushBytes(this.retimer.push(chunk));
      } else {
        throw new TypeError('A RetimeStream takes Uint8Array/Buffer chunks only');
      }
    });
  }

  override _flush(callback: TransformCallback): void {
    this.settle(callback, () => this.endOpenPart());
  }

  private openPart(name?: string): void {
    this.retimer.startPart(name);
    this.partOpen = true;
  }

  private endOpenPart(): void {
    if (this.partOpen) this.pushBytes(this.retimer.endPart());
    this.partOpen = false;
  }

  private settle(callback: TransformCallback, work: () => void): void {
    try {
      work();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private pushBytes(bytes: Uint8Array): void {
    if (bytes.length > 0) this.push(asBuffer(bytes));
  }
}

/** Creates a RetimeStream (see index.ts for the contract). */
export function createRetimeStream(options: RetimerOptions = {}): RetimeStream {
  return new RetimeStream(options);
}

/** One input of retimeParts: a name for error messages and its bytes (a file stream, an ffmpeg stdout...). */
export interface RetimePart {
  name: string;
  data: AsyncIterable<Uint8Array>;
}

/**
 * Joins parts into one re-timed MPEG-TS stream. Parts are taken from `parts` one at a
 * time, only once the previous one is used up, so an iterable that spawns an encoder per
 * part runs one encoder at a time. `onParts` receives every part's place on the timeline
 * once the last byte is out.
 */
export function retimeParts(
  parts: Iterable<RetimePart> | AsyncIterable<RetimePart>,
  onParts?: (parts: RetimedPart[]) => void,
  options: RetimerOptions = {},
): Readable {
  return Readable.from(retimeChunks(parts, onParts, options), { objectMode: false });
}

async function* retimeChunks(
  parts: Iterable<RetimePart> | AsyncIterable<RetimePart>,
  onParts: ((parts: RetimedPart[]) => void) | undefined,
  options: RetimerOptions,
): AsyncGenerator<Buffer> {
  const retimer = new Retimer(options);
  for await (const part of parts) {
    retimer.startPart(part.name);
    for await (const chunk of part.data) {
      const bytes = retimer.push(chunk);
      if (bytes.length > 0) yield asBuffer(bytes);
    }
    const rest = retimer.endPart();
    if (rest.length > 0) yield asBuffer(rest);
  }
  onParts?.([...retimer.parts]);
}

/** Wraps without copying: Node streams want Buffers in byte mode. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
