/**
 * Segment selection and coverage on names-and-sizes archives (issue: foundation).
 * Targets: 12-hour selection < 15 ms cold and < 3 ms warm on the 24-hour archive; a
 * one-week archive's coverage < 2 s.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { US_PER_HOUR, formatInstant } from '../shared/time';
import { Archive } from '../electron/node/archive/archive';
import { BENCH_CHANNEL, BENCH_QUALITY, BENCH_START_US, benchArchive } from './archive';
import { referenceEnv, referencePython, referenceScript } from './cli';
import { median, peakRssMiB, report, timeRuns } from './stats';

const quiet = { warn: () => {} };
const execFileAsync = promisify(execFile);

export async function run(): Promise<void> {
  const day = await benchArchive(24);
  const startUs = BENCH_START_US + 6 * US_PER_HOUR;
  const endUs = startUs + 12 * US_PER_HOUR;
  const select = (archive: Archive) => archive.select(BENCH_CHANNEL, BENCH_QUALITY, startUs, endUs);

  // Warm the JIT on a throwaway instance so "cold" measures cache state, not compilation.
  for (let i = 0; i < 3; i++) await select(new Archive(day, quiet));

  const cold = await timeRuns(9, () => select(new Archive(day, quiet)));
  report('24h archive: 12-hour selection, cold (new Archive)', median(cold), 'ms', `median of ${cold.length}`);
  await againstReference(day, startUs, endUs, select);
  await sameAsReference(day, startUs, endUs);

  await firstRequest(day, startUs, endUs);

  const warmArchive = new Archive(day, quiet);
  await select(warmArchive);
  const warm = await timeRuns(21, () => select(warmArchive));
  report('24h archive: 12-hour selection, warm (listing unchanged)', median(warm), 'ms', `median of ${warm.length}`);

  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await select(new Archive(day, quiet));
  delay.disable();
  report('24h archive: longest event-loop block during a cold selection', delay.max / 1e6, 'ms');

  const coverage = await timeRuns(3, () => new Archive(day, quiet).coverage(BENCH_CHANNEL, BENCH_QUALITY));
  report('24h archive: whole-archive coverage, cold', median(coverage), 'ms', `median of ${coverage.length}`);

  const { peakMiB } = await peakRssMiB(async () => {
    const archive = new Archive(day, quiet);
    await archive.coverage(BENCH_CHANNEL, BENCH_QUALITY);
    await select(archive);
  });
  report('24h archive: peak RSS (coverage + selection, all hours cached)', peakMiB, 'MiB');

  const week = await benchArchive(168);
  const weekCoverage = await timeRuns(3, () => new Archive(week, quiet).coverage(BENCH_CHANNEL, BENCH_QUALITY));
  report('1-week archive (~300k files): whole-archive coverage, cold', median(weekCoverage), 'ms', `median of ${weekCoverage.length}`);
  const weekPeak = await peakRssMiB(() => new Archive(week, quiet).coverage(BENCH_CHANNEL, BENCH_QUALITY));
  report('1-week archive: peak RSS during coverage', weekPeak.peakMiB, 'MiB');
}

/**
 * The differential check: the 12-hour selection is the reference's, segment for segment
 * (path, start, type) and hole for hole (bench/reference.py segments). Prints the first
 * difference, if any; what is timed above is only worth timing if this says "identical".
 */
async function sameAsReference(day: string, startUs: number, endUs: number): Promise<void> {
  if (!referenceEnv()) return;
  const args = [referenceScript(), 'segments', day, BENCH_CHANNEL, BENCH_QUALITY, formatInstant(startUs), formatInstant(endUs)];
  const reference = JSON.parse((await execFileAsync(referencePython(), args, { maxBuffer: 1 << 28 })).stdout) as ({
    path: string;
    start: string;
    type: string;
  } | null)[];
  const ours = await new Archive(day, quiet).select(BENCH_CHANNEL, BENCH_QUALITY, startUs, endUs);
  const describe = (segment: { path: string; start: string; type: string } | null) =>
    segment === null ? 'hole' : `${segment.path} ${segment.start} ${segment.type}`;
  const theirs = reference.map(describe);
  const mine = ours.map((segment) =>
    describe(
      segment && {
        path: path.join(day, BENCH_CHANNEL, BENCH_QUALITY, segment.hour, segment.name),
        start: referenceInstant(segment.startUs),
        type: segment.type,
      },
    ),
  );
  const first = mine.findIndex((entry, index) => entry !== theirs[index]);
  const at = first < 0 && mine.length !== theirs.length ? Math.min(mine.length, theirs.length) : first;
  console.log(
    at < 0
      ? `12-hour selection: identical to the reference's (${mine.length} entries)`
      : `12-hour selection: DIFFERS from the reference's at entry ${at}: ours ${mine[at] ?? '(none)'}, reference ${theirs[at] ?? '(none)'}`,
  );
}

/** An instant as the reference's isoformat() + "Z" writes it (microseconds only when not zero). */
function referenceInstant(instantUs: number): string {
  const text = formatInstant(instantUs);
  return text.endsWith('.000000Z') ? `${text.slice(0, -'.000000Z'.length)}Z` : text;
}

/**
 * The first 12-hour selection of a brand-new process (JIT cold: what a user's first request
 * costs), median of 5 with wall and CPU time; with TRIMDESK_REFERENCE, alternating with the
 * reference's first selection in a new Python process (bench/reference.py cold, one run).
 */
async function firstRequest(day: string, startUs: number, endUs: number): Promise<void> {
  const runs = 5;
  const fresh = { wall: [] as number[], cpu: [] as number[] };
  const reference = { wall: [] as number[], cpu: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'selection-once.ts'), day]);
    const once = JSON.parse(stdout) as { ms: number; cpuMs: number };
    fresh.wall.push(once.ms);
    fresh.cpu.push(once.cpuMs);
    if (!referenceEnv()) continue;
    const args = [referenceScript(), 'cold', day, BENCH_CHANNEL, BENCH_QUALITY, formatInstant(startUs), formatInstant(endUs), '1'];
    const [first] = JSON.parse((await execFileAsync(referencePython(), args, { maxBuffer: 1 << 20 })).stdout) as { wallMs: number; cpuMs: number }[];
    reference.wall.push(first!.wallMs);
    reference.cpu.push(first!.cpuMs);
  }
  report(
    '24h archive: 12-hour selection, first request of a new process',
    median(fresh.wall),
    'ms',
    `median of ${runs}, CPU ${median(fresh.cpu).toFixed(0)} ms`,
  );
  if (reference.wall.length === 0) return;
  report(
    '  the same, reference (first selection of a new process)',
    median(reference.wall),
    'ms',
    `median of ${runs}, CPU ${median(reference.cpu).toFixed(0)} ms`,
  );
  report(
    '  first request: reference / trimdesk',
    median(reference.wall) / median(fresh.wall),
    'x',
    `wall; CPU ${(median(reference.cpu) / median(fresh.cpu)).toFixed(2)}x`,
  );
}

/**
 * Cold 12-hour selection against the reference's own (bench/reference.py: its listing
 * cache emptied before each run), in turn, best of several each: wall time and CPU time
 * of the selection alone, both in a process that has already run it (JIT warm here).
 */
async function againstReference(day: string, startUs: number, endUs: number, select: (archive: Archive) => Promise<unknown>): Promise<void> {
  if (!referenceEnv()) {
    console.log('selection: reference figures skipped: set TRIMDESK_REFERENCE (see bench/cli.ts)');
    return;
  }
  const best = { referenceWall: Infinity, referenceCpu: Infinity, wall: Infinity, cpu: Infinity };
  const rounds = 5;
  for (let round = 0; round < rounds; round++) {
    const { stdout } = await execFileAsync(
      referencePython(),
      [referenceScript(), 'cold', day, BENCH_CHANNEL, BENCH_QUALITY, formatInstant(startUs), formatInstant(endUs), '3'],
      {
        maxBuffer: 1 << 20,
      },
    );
    for (const run of JSON.parse(stdout) as { wallMs: number; cpuMs: number }[]) {
      best.referenceWall = Math.min(best.referenceWall, run.wallMs);
      best.referenceCpu = Math.min(best.referenceCpu, run.cpuMs);
    }
    for (let run = 0; run < 3; run++) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await select(new Archive(day, quiet));
      best.wall = Math.min(best.wall, performance.now() - started);
      const cpu = process.cpuUsage(cpuBefore);
      best.cpu = Math.min(best.cpu, (cpu.user + cpu.system) / 1000);
    }
  }
  report('12-hour selection, cold: reference (in process)', best.referenceWall, 'ms', `best of ${rounds * 3}, CPU ${best.referenceCpu.toFixed(0)} ms`);
  report('12-hour selection, cold: trimdesk (in process)', best.wall, 'ms', `best of ${rounds * 3}, CPU ${best.cpu.toFixed(0)} ms`);
  report('12-hour selection, cold: reference / trimdesk', best.referenceWall / best.wall, 'x', `wall; CPU ${(best.referenceCpu / best.cpu).toFixed(2)}x`);
}
