/** At most `limit` requests to one node at once; the rest wait their turn in order. */
export class RequestGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Resolves when a turn is free, with the function that gives it back (call it exactly once). */
  async enter(): Promise<() => void> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The turn passes straight to the next waiter: `running` stays as it is.
      if (next) next();
      else this.running--;
    };
  }
}
