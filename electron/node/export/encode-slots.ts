/**
 * Full re-encodes allowed at once in this process: two cores are shared with everything
 * else, so export jobs and streamed /cut full cuts each wait for a slot, first come
 * first served. A waiter whose caller gave up (a /cut client that left) leaves the
 * line at once, so no ffmpeg is started for nobody.
 */
import { CancelledError } from './runner';

export class EncodeSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit = 1) {}

  /** How many callers wait for a slot. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Resolves once a slot is free, with the function that gives it back (call it once).
   * Rejects with CancelledError, and gives up its place, if `signal` aborts first.
   */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new CancelledError();
    if (this.active >= this.limit) await this.waitForTurn(signal);
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays counted for it.
      if (next) next();
      else this.active--;
    };
  }

  private waitForTurn(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(takeTurn), 1);
        reject(new CancelledError());
      };
      const takeTurn = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.waiting.push(takeTurn);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

let shared: EncodeSlots | undefined;

/** The process's slots, shared by the export queue and the /cut route. */
export function sharedEncodeSlots(): EncodeSlots {
  shared ??= new EncodeSlots();
  return shared;
}
