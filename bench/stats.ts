/** Small measurement tools shared by the benchmark modules. */
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `task` `runs` times and returns each run's wall time in ms. */
export async function timeRuns(runs: number, task: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  return times;
}

/** Samples resident memory while `task` runs and returns its peak in MiB. */
export async function peakRssMiB<T>(task: () => Promise<T>): Promise<{ result: T; peakMiB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const result = await task();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMiB: peak / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

export function report(name: string, value: number, unit: string, note = ''): void {
  console.log(`${name.padEnd(58)} ${value.toFixed(unit === 'ms' && value < 10 ? 2 : 1).padStart(9)} ${unit}${note ? `  (${note})` : ''}`);
}
