/**
 * Long synchronous work spread over turns of the event loop: a loop calls `pause()`
 * between its steps, which gives the loop a turn (setImmediate) only once the current
 * slice has run SLICE_MS. Planning a 12,000-range export in one go held the loop for
 * about 400 ms, stalling every timer, IPC call and HTTP request meanwhile; in slices
 * they get through every few tens of milliseconds, without a turn per range.
 */

/** Longest stretch between turns of the event loop; well under the 50 ms a long task starts at. */
export const SLICE_MS = 20;

export class TimeSlices {
  private sliceStartMs = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** Resolves at once inside the slice; past it, after the event loop has had a turn. */
  async pause(): Promise<void> {
    if (performance.now() - this.sliceStartMs < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStartMs = performance.now();
  }

  /** Runs pure steps (shared/cutplan's planCutSteps) to their result, pausing between them. */
  async run<T>(steps: Generator<void, T, void>): Promise<T> {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await this.pause();
    }
  }

  /** Collects what a generator yields (shared/cutplan's planLines), pausing between items. */
  async collect<T>(items: Generator<T, void, void>): Promise<T[]> {
    const collected: T[] = [];
    for (const item of items) {
      collected.push(item);
      await this.pause();
    }
    return collected;
  }
}
