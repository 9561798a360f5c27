/**
 * One-off CLI runs, whole process each, against their anchors in the same run,
 * alternating, best of several (issue 15): `trimdesk --help` against `node -e 0`;
 * `trimdesk segments --json` over 1 minute and 12 hours, and a week's `coverage --json`,
 * against the reference implementation's own selection (bench/reference.py, which needs
 * a wubloader checkout: TRIMDESK_REFERENCE=/path/to/wubloader/common; skipped without),
 * each with the persisted hour index made (bench/.data/hour-index) and with it off.
 * Every run gives its wall time, CPU time (user + system, from wait4: on a machine shared
 * with other work the CPU time is the steadier figure) and peak RSS. `node -e 0` with and
 * without NODE_EXTRA_CA_CERTS is given where it is set: that is the machine's own cost in
 * every Trimdesk figure run with it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { BENCH_CHANNEL, BENCH_QUALITY, benchArchive } from './archive';
import { report } from './stats';

const exec = promisify(execFile);
const BIN = path.join(import.meta.dirname, '..', 'bin', 'trimdesk.js');
const REFERENCE_SCRIPT = path.join(import.meta.dirname, 'reference.py');
/** Debian's python3 has gevent and prometheus-client as packages; TRIMDESK_REFERENCE_PYTHON overrides. */
const PYTHON = process.env.TRIMDESK_REFERENCE_PYTHON ?? '/usr/bin/python3';
const RUNS = 7;

export interface ProcessRun {
  wallMs: number;
  cpuMs: number;
  peakMiB: number;
}

const RUSAGE_SCRIPT = path.join(import.meta.dirname, 'rusage.py');

/**
 * One run of a command, its figures from wait4's rusage (bench/rusage.py: CPU in µs;
 * /usr/bin/time rounds it to 10 ms, a tenth of a one-off run) where python3 is there,
 * else through /usr/bin/time. Output discarded (stdout must be read: a pipe left full would stall it).
 */
export async function timedRun(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessRun> {
  if (existsSync(PYTHON)) {
    const { stderr } = await exec(PYTHON, [RUSAGE_SCRIPT, command, ...args], { env, maxBuffer: 256 * 1024 * 1024 });
    const match = /RUSAGE (\d+) (\d+) (\d+)\s*$/.exec(stderr);
    if (!match) throw new Error(`${command} ${args.join(' ')}: no timing in\n${stderr.slice(-2000)}`);
    return { wallMs: Number(match[1]) / 1000, cpuMs: Number(match[2]) / 1000, peakMiB: Number(match[3]) / 1024 };
  }
  const { stderr } = await exec('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], { env, maxBuffer: 256 * 1024 * 1024 });
  const match = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr);
  if (!match) throw new Error(`${command} ${args.join(' ')}: no timing in\n${stderr.slice(-2000)}`);
  return { wallMs: Number(match[1]) * 1000, cpuMs: (Number(match[2]) + Number(match[3])) * 1000, peakMiB: Number(match[4]) / 1024 };
}

export interface Pair {
  anchor: ProcessRun;
  trimdesk: ProcessRun;
  runs: number;
}

/** Runs both commands in turn RUNS times; the best of each figure. */
export async function alternate(anchor: () => Promise<ProcessRun>, trimdesk: () => Promise<ProcessRun>, runs = RUNS): Promise<Pair> {
  const best = (runsSoFar: ProcessRun[]): ProcessRun => ({
    wallMs: Math.min(...runsSoFar.map((run) => run.wallMs)),
    cpuMs: Math.min(...runsSoFar.map((run) => run.cpuMs)),
    peakMiB: Math.max(...runsSoFar.map((run) => run.peakMiB)),
  });
  const anchorRuns: ProcessRun[] = [];
  const trimdeskRuns: ProcessRun[] = [];
  for (let run = 0; run < runs; run++) {
    anchorRuns.push(await anchor());
    trimdeskRuns.push(await trimdesk());
  }
  return { anchor: best(anchorRuns), trimdesk: best(trimdeskRuns), runs };
}

function reportPair(name: string, anchorName: string, pair: Pair, { speedup, subject = 'trimdesk' }: { speedup: boolean; subject?: string }): void {
  report(
    `${name}: ${anchorName}`,
    pair.anchor.wallMs,
    'ms',
    `best of ${pair.runs}, CPU ${pair.anchor.cpuMs.toFixed(0)} ms, peak ${pair.anchor.peakMiB.toFixed(0)} MiB`,
  );
  report(
    `${name}: ${subject}`,
    pair.trimdesk.wallMs,
    'ms',
    `best of ${pair.runs}, CPU ${pair.trimdesk.cpuMs.toFixed(0)} ms, peak ${pair.trimdesk.peakMiB.toFixed(0)} MiB`,
  );
  const wall = speedup ? pair.anchor.wallMs / pair.trimdesk.wallMs : pair.trimdesk.wallMs / pair.anchor.wallMs;
  const cpu = speedup ? pair.anchor.cpuMs / Math.max(1, pair.trimdesk.cpuMs) : pair.trimdesk.cpuMs / Math.max(1, pair.anchor.cpuMs);
  report(`${name}: ${speedup ? `${anchorName} / ${subject}` : `${subject} / ${anchorName}`}`, wall, 'x', `wall; CPU ${cpu.toFixed(2)}x`);
}

export function referenceEnv(): NodeJS.ProcessEnv | undefined {
  const dir = process.env.TRIMDESK_REFERENCE;
  return dir && existsSync(path.join(dir, 'common', 'segments.py')) && existsSync(PYTHON) ? process.env : undefined;
}

export const referencePython = () => PYTHON;
export const referenceScript = () => REFERENCE_SCRIPT;

export function referenceRun(args: string[]): Promise<ProcessRun> {
  return timedRun(PYTHON, [REFERENCE_SCRIPT, ...args]);
}

/** The persisted hour index of the bench's runs: its own folder, so a user's cache is never read or filled. */
const INDEX_DIR = path.join(import.meta.dirname, '.data', 'hour-index');
const withIndex = { ...process.env, TRIMDESK_INDEX_CACHE: INDEX_DIR };
const withoutIndex = { ...process.env, TRIMDESK_INDEX_CACHE: 'off' };
/**
 * The environment less NODE_EXTRA_CA_CERTS: Node 20 parses the certificates it names at
 * every start, before any script runs (36 ms of CPU for the whole system bundle, which some
 * machines name there), so where it is set the figures are given both ways.
 */
const { NODE_EXTRA_CA_CERTS: extraCaCerts, ...withoutExtraCerts } = process.env;

/**
 * A trimdesk command against the reference twice: with the hour index made by one untimed
 * run first (every run after a user's first), and with the index off (the first run, or
 * TRIMDESK_INDEX_CACHE=off).
 */
async function againstReference(name: string, reference: string[], trimdesk: string[], runs?: number): Promise<void> {
  await timedRun(process.execPath, [BIN, ...trimdesk], withIndex);
  const indexed = await alternate(
    () => referenceRun(reference),
    () => timedRun(process.execPath, [BIN, ...trimdesk], withIndex),
    runs,
  );
  reportPair(`${name}, hour index made`, 'reference', indexed, { speedup: true });
  const listed = await alternate(
    () => referenceRun(reference),
    () => timedRun(process.execPath, [BIN, ...trimdesk], withoutIndex),
    runs,
  );
  reportPair(`${name}, index off`, 'reference', listed, { speedup: true });
}

function helpAgainstNode(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  return alternate(
    () => timedRun(process.execPath, ['-e', '0'], env),
    () => timedRun(process.execPath, [BIN, '--help'], env),
    11,
  ).then((pair) => reportPair(name, 'node -e 0', pair, { speedup: false }));
}

/**
 * What NODE_EXTRA_CA_CERTS costs every Node process on this machine, before any script:
 * `node -e 0` with it against `node -e 0` without it. Part of every Trimdesk figure run
 * with it, and none of the reference's (Python never reads it).
 */
async function extraCertsCost(): Promise<void> {
  const pair = await alternate(
    () => timedRun(process.execPath, ['-e', '0'], withoutExtraCerts),
    () => timedRun(process.execPath, ['-e', '0'], process.env),
    11,
  );
  reportPair('node -e 0, NODE_EXTRA_CA_CERTS (every process start on this machine)', 'without it', pair, { speedup: false, subject: 'with it' });
}

export async function run(): Promise<void> {
  await helpAgainstNode('--help', process.env);
  if (extraCaCerts) {
    await helpAgainstNode('--help, without NODE_EXTRA_CA_CERTS', withoutExtraCerts);
    await extraCertsCost();
  }
  if (!referenceEnv()) {
    console.log(
      "cli: reference figures skipped: set TRIMDESK_REFERENCE to a wubloader checkout's common folder (and have python3 with gevent and prometheus-client)",
    );
    return;
  }
  const day = await benchArchive(24);
  const week = await benchArchive(168);
  const spans: [string, string, string][] = [
    ['segments --json, 1 minute', '2026-11-14T06:00:00Z', '2026-11-14T06:01:00Z'],
    ['segments --json, 12 hours', '2026-11-14T06:00:00Z', '2026-11-14T18:00:00Z'],
  ];
  await rm(INDEX_DIR, { recursive: true, force: true });
  for (const [name, start, end] of spans) {
    await againstReference(
      name,
      ['segments', day, BENCH_CHANNEL, BENCH_QUALITY, start, end],
      ['segments', '--archive', day, '--channel', BENCH_CHANNEL, '--quality', BENCH_QUALITY, '--start', start, '--end', end, '--json'],
    );
  }
  await againstReference(
    'coverage --json, one week (308k files)',
    ['coverage', week, BENCH_CHANNEL, BENCH_QUALITY],
    ['coverage', '--archive', week, '--channel', BENCH_CHANNEL, '--quality', BENCH_QUALITY, '--json'],
    3,
  );
  if (extraCaCerts) {
    const [name, start, end] = spans[1]!;
    const args = ['segments', '--archive', day, '--channel', BENCH_CHANNEL, '--quality', BENCH_QUALITY, '--start', start, '--end', end, '--json'];
    const pair = await alternate(
      () => referenceRun(['segments', day, BENCH_CHANNEL, BENCH_QUALITY, start, end]),
      () => timedRun(process.execPath, [BIN, ...args], { ...withoutExtraCerts, TRIMDESK_INDEX_CACHE: INDEX_DIR }),
    );
    reportPair(`${name}, hour index made, without NODE_EXTRA_CA_CERTS`, 'reference', pair, { speedup: true });
  }
}
