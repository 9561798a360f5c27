/**
 * Full re-encodes allowed at once in this process: two cores are shared with everything
 * else, so export jobs and streamed /cut full cuts each wait for a slot, first come
 * first served.
 */
export class EncodeSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit = 1) {}

  /** Resolves once a slot is free, with the function that gives it back (call it once). */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
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
}

let shared: EncodeSlots | undefined;

/** The process's slots, shared by the export queue and the /cut route. */
export function sharedEncodeSlots(): EncodeSlots {
  shared ??= new EncodeSlots();
  return shared;
}
