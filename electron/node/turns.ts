/**
 * A fixed number of turns at something scarce (encodes on two cores, image renders,
 * requests to one recorder node), given out first come first served. A caller whose
 * signal aborts while it waits leaves the line at once, so no work starts for nobody.
 * The one queue the export slots, the image routes and the node client all use.
 */
export class Turns {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** How many callers wait for a turn. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /**
   * Resolves once a turn is free, with the function that gives it back (calling it again
   * does nothing). Rejects with `abortError()`, giving up its place, if `signal` aborts first.
   */
  async take(signal?: AbortSignal, abortError: () => Error = () => new Error('The wait for a turn was aborted')): Promise<() => void> {
    if (signal?.aborted) throw abortError();
    if (this.active >= this.limit) await this.waitForTurn(signal, abortError);
    else this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next waiter, so `active` stays counted for it.
      if (next) next();
      else this.active--;
    };
  }

  /** Runs `task` in a turn, giving the turn back however it ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.take();
    try {
      return await task();
    } finally {
      release();
    }
  }

  private waitForTurn(signal: AbortSignal | undefined, abortError: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiting.splice(this.waiting.indexOf(takeTurn), 1);
        reject(abortError());
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
