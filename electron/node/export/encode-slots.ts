/**
 * Full re-encodes allowed at once in this process: two cores are shared with everything
 * else, so export jobs and streamed /cut full cuts each wait for a slot, first come
 * first served. A waiter whose caller gave up (a /cut client that left) leaves the
 * line at once, so no ffmpeg is started for nobody.
 */
import { Turns } from '../turns';
import { CancelledError } from './runner';

export class EncodeSlots extends Turns {
  constructor(limit = 1) {
    super(limit);
  }

  /**
   * Resolves once a slot is free, with the function that gives it back (call it once).
   * Rejects with CancelledError, and gives up its place, if `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return this.take(signal, () => new CancelledError());
  }
}

let shared: EncodeSlots | undefined;

/** The process's slots, shared by the export queue and the /cut route. */
export function sharedEncodeSlots(): EncodeSlots {
  shared ??= new EncodeSlots();
  return shared;
}
