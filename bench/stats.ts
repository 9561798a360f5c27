/** Small measurement tools shared by the benchmark modules. */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
  console.log(`${name.padEnd(58)} ${value.toFixed((unit === 'ms' && value < 10) || unit === 'x' ? 2 : 1).padStart(9)} ${unit}${note ? `  (${note})` : ''}`);
}

/**
 * Runs a command to completion and returns its peak resident memory in MiB, read from
 * the kernel's high-water mark (VmHWM in /proc/PID/status, Linux) while it runs.
 */
export async function childPeakRssMiB(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  let peakKiB = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
  };
  const timer = setInterval(() => void sample(), 10);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  clearInterval(timer);
  if (status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${status}`);
  return peakKiB / 1024;
}

/**
 * CPU time (user + system, ms) a process has used, read from /proc/PID/stat (Linux, 10 ms
 * ticks): its own, and that of the children it has waited for (ffmpeg runs, `cat`). On a
 * loaded machine wall times mostly measure the wait for a core; CPU time does not.
 */
export async function cpuMsOf(pid: number | 'self'): Promise<{ ownMs: number; childrenMs: number }> {
  // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the 14th-17th of the line.
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  const ticks = (index: number) => Number(fields[index]) * 10;
  return { ownMs: ticks(11) + ticks(12), childrenMs: ticks(13) + ticks(14) };
}

/** Runs `task` once: its wall time and the CPU time this process and its children used meanwhile, in ms. */
export async function timeWithCpu(task: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const before = await cpuMsOf('self');
  const started = performance.now();
  await task();
  const wallMs = performance.now() - started;
  const after = await cpuMsOf('self');
  return { wallMs, cpuMs: after.ownMs + after.childrenMs - before.ownMs - before.childrenMs };
}
